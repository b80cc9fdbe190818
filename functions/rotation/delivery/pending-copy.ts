import { DeleteSecretCommand, GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PENDING_DELIVERY_SUFFIX } from '../../../contract/names';
import { scrubber } from '../../core/scrub/scrub';
import type { NewKey } from '../../core/delivery/deliver';
import { storeAccessKey } from '../apply/secret-store';

/** The suffix of the pending copy's name, after the key secret's name. */
export const PENDING_SUFFIX = PENDING_DELIVERY_SUFFIX;

/**
 * A copy of a new key kept only while a delivery target lacks it, so the
 * next run can try again: the key's own secret denies its value to every
 * principal but the user (docs/design.md#5-where-new-keys-are-stored), this function's role
 * included, and that guarantee stays whole. The copy's policy denies its
 * value to everyone but the role that wrote it; it is deleted without a
 * recovery window as soon as every target has the key, or the key is replaced.
 */
export class PendingCopies {
  constructor(
    private readonly secrets: () => Promise<SecretsManagerClient>,
    /** The role this function writes secrets with (member role, or the central role): the only reader of a copy. */
    private readonly writerArn: string,
  ) {}

  async put(secretName: string, userName: string, key: NewKey): Promise<void> {
    await storeAccessKey(
      await this.secrets(),
      {
        name: `${secretName}${PENDING_SUFFIX}`,
        readerArn: this.writerArn,
        breakGlassPrincipals: [],
        description: `New key of IAM user ${userName} awaiting delivery; deleted once delivered (IAM access key rotation)`,
        // The default key: the writer reads it back in its own account, and no replica is needed for a retry.
        replicaRegions: [],
      },
      { AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey, UserName: userName, Status: 'Active', CreateDate: new Date(0).toISOString() },
    );
  }

  /** The copy for `keyId`, or undefined when there is none (or it holds another key). */
  async get(secretName: string, keyId: string): Promise<NewKey | undefined> {
    let text: string | undefined;
    try {
      text = (await (await this.secrets()).send(new GetSecretValueCommand({ SecretId: `${secretName}${PENDING_SUFFIX}` }))).SecretString;
    } catch (error) {
      if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
    if (text === undefined) return undefined;
    scrubber.remember(text);
    const value = JSON.parse(text) as { AccessKeyId?: unknown; SecretAccessKey?: unknown };
    if (value.AccessKeyId !== keyId || typeof value.SecretAccessKey !== 'string') return undefined;
    scrubber.remember(value.SecretAccessKey);
    return { accessKeyId: keyId, secretAccessKey: value.SecretAccessKey };
  }

  async drop(secretName: string): Promise<void> {
    try {
      await (await this.secrets()).send(new DeleteSecretCommand({ SecretId: `${secretName}${PENDING_SUFFIX}`, ForceDeleteWithoutRecovery: true }));
    } catch (error) {
      if (error instanceof Error && error.name === 'ResourceNotFoundException') return;
      throw error;
    }
  }
}
