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

/** Adds each key's last-used date (undefined: never used): one call per key, only for users about to be acted on or warned. */
export async function withLastUsed(iam: IAMClient, keys: readonly AccessKeyState[]): Promise<AccessKeyState[]> {
  return Promise.all(
    keys.map(async (key) => {
      try {
        const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.id }));
        const lastUsedAt = used.AccessKeyLastUsed?.LastUsedDate;
        return { ...key, lastUsedAt };
      } catch (error) {
        throw new ObserveError(`GetAccessKeyLastUsed(${key.id})`, describeError(error), { cause: error });
      }
    }),
  );
}
