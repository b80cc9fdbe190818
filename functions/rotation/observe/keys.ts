import { GetAccessKeyLastUsedCommand, paginateListAccessKeys, type IAMClient } from '@aws-sdk/client-iam';
import type { AccessKeyState } from '../../core/lifecycle/types';
import { ObserveError, describeError } from '../errors';
import { collectMarkerPages } from './paging';

/** A user's keys with ids, status and creation date: one ListAccessKeys (IAM allows two keys a user). */
export async function listKeys(iam: IAMClient, userName: string): Promise<AccessKeyState[]> {
  const metadata = await collectMarkerPages(
    `ListAccessKeys(${userName})`,
    paginateListAccessKeys({ client: iam }, { UserName: userName }),
    (page) => page.AccessKeyMetadata,
  );
  const keys: AccessKeyState[] = [];
  for (const key of metadata) {
    if (!key.AccessKeyId || !key.CreateDate || (key.Status !== 'Active' && key.Status !== 'Inactive')) {
      throw new ObserveError(`ListAccessKeys(${userName})`, `returned an incomplete key ${key.AccessKeyId ?? '(no id)'}`);
    }
    keys.push({ id: key.AccessKeyId, status: key.Status, createdAt: key.CreateDate });
  }
  return keys;
}

/** A key as read from IAM, with where it was last used when that was asked (AccessKeyState carries both). */
export type ObservedKey = AccessKeyState;

/**
 * Adds each key's last use (undefined: never used), with the service and
 * region IAM names (`N/A` when it has none): one call per key, only for users
 * about to be acted on or warned. Every message about a key that will stop
 * says where it was last used.
 */
export async function withLastUsed(iam: IAMClient, keys: readonly AccessKeyState[]): Promise<ObservedKey[]> {
  return Promise.all(
    keys.map(async (key) => {
      try {
        const used = (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.id }))).AccessKeyLastUsed;
        const lastUsedAt = used?.LastUsedDate;
        if (lastUsedAt === undefined) return { ...key, lastUsedAt };
        const service = named(used?.ServiceName);
        const region = named(used?.Region);
        return { ...key, lastUsedAt, ...(service ? { lastUsedService: service } : {}), ...(region ? { lastUsedRegion: region } : {}) };
      } catch (error) {
        throw new ObserveError(`GetAccessKeyLastUsed(${key.id})`, describeError(error), { cause: error });
      }
    }),
  );
}

function named(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text && text !== 'N/A' ? text : undefined;
}
