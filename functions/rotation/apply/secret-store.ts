import { createHash } from 'node:crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  ReplicateSecretToRegionsCommand,
  RestoreSecretCommand,
  TagResourceCommand,
  UpdateSecretCommand,
  type DescribeSecretCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SECRET_TAG } from '../../../contract/names';
import { SecretStoreError, errorCode } from '../errors';
import { readerPolicy } from './secret-policy';

/** The JSON the classic solution stored, so existing consumers keep working (docs/design.md#5-where-new-keys-are-stored). */
export interface StoredAccessKey {
  readonly AccessKeyId: string;
  readonly SecretAccessKey: string;
  readonly UserName: string;
  readonly Status: string;
  readonly CreateDate: string;
  /** For an SES SMTP user: region -> SMTP password derived from SecretAccessKey (docs/design.md#5-where-new-keys-are-stored). */
  readonly SmtpPasswords?: Readonly<Record<string, string>>;
}

export interface SecretSpec {
  readonly name: string;
  /** The only principal the resource policy allows, and the one it does not deny. */
  readonly readerArn: string;
  /** Role ARNs the policy does not deny (the stack's SecretBreakGlassPrincipals); they are never allowed by it. */
  readonly breakGlassPrincipals: readonly string[];
  readonly description: string;
  readonly kmsKeyArn?: string;
  readonly replicaRegions: readonly string[];
}

/**
 * Stores a new key so that the value is written last: the secret is created
 * empty (or repaired: restored, tagged, re-keyed), its resource policy is put,
 * replicas are added, and only then PutSecretValue makes the key current. So
 * if any step fails, the secret still holds the previous key that consumers
 * rely on, and the caller can delete the new key without leaving a dead one
 * current. Returns the secret's ARN (from CreateSecret or DescribeSecret, no
 * call of its own): the owners' message names it, which a reader in another
 * account needs.
 *
 * Replicas come after the policy on purpose: Secrets Manager copies a
 * secret's resource policy to its replicas, so a replica created from a
 * primary that already carries the policy never exists without it, and no
 * value reaches any region before the policy that guards it.
 */
export async function storeAccessKey(sm: SecretsManagerClient, spec: SecretSpec, key: StoredAccessKey): Promise<{ readonly arn?: string }> {
  const { replicated, arn } = await ensureSecret(sm, spec);
  const stored = arn ? { arn } : {};
  await step('PutResourcePolicy', () =>
    sm.send(
      new PutResourcePolicyCommand({
        SecretId: spec.name,
        ResourcePolicy: JSON.stringify(readerPolicy(spec.readerArn, spec.breakGlassPrincipals)),
        BlockPublicPolicy: true,
      }),
    ),
  );
  const missing = spec.replicaRegions.filter((region) => !replicated.has(region));
  if (missing.length > 0) {
    await step('ReplicateSecretToRegions', () =>
      sm.send(new ReplicateSecretToRegionsCommand({ SecretId: spec.name, AddReplicaRegions: replicas(spec, missing) })),
    );
  }
  const token = versionToken(key.AccessKeyId);
  try {
    await sm.send(new PutSecretValueCommand({ SecretId: spec.name, SecretString: JSON.stringify(key), ClientRequestToken: token }));
  } catch (error) {
    // A lost response is not a failed write: if our version is current, the key is stored and must not be rolled back.
    if (await isCurrentVersion(sm, spec.name, token)) return stored;
    throw new SecretStoreError('PutSecretValue', { cause: error });
  }
  return stored;
}

/**
 * The version id of a key's secret value, derived from the key id: a retried
 * PutSecretValue for the same key is idempotent, and afterwards the version
 * can be recognised without reading the value.
 */
export function versionToken(accessKeyId: string): string {
  const hex = createHash('sha256').update(`asa-iam-key-rotation:${accessKeyId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Creates the secret (empty, no replicas yet) or repairs it; returns its ARN and the regions it is already replicated to. */
async function ensureSecret(sm: SecretsManagerClient, spec: SecretSpec): Promise<{ replicated: ReadonlySet<string>; arn?: string }> {
  let existing = await describe(sm, spec.name);
  if (existing === undefined) {
    try {
      const created = await sm.send(
        new CreateSecretCommand({
          Name: spec.name,
          Description: spec.description,
          ...(spec.kmsKeyArn ? { KmsKeyId: spec.kmsKeyArn } : {}),
          Tags: [{ Key: SECRET_TAG.key, Value: SECRET_TAG.value }],
        }),
      );
      return { replicated: new Set(), ...(created.ARN ? { arn: created.ARN } : {}) };
    } catch (error) {
      // Created meanwhile by a concurrent delivery of the same message: repair it like any existing secret.
      if (errorCode(error) !== 'ResourceExistsException') throw new SecretStoreError('CreateSecret', { cause: error });
      existing = await describe(sm, spec.name);
      if (existing === undefined) throw new SecretStoreError('CreateSecret', { cause: error });
    }
  }
  if (existing.DeletedDate) {
    // A secret scheduled for deletion refuses new values; consumers still expect it under this name.
    await step('RestoreSecret', () => sm.send(new RestoreSecretCommand({ SecretId: spec.name })));
  }
  const tagged = (existing.Tags ?? []).some((tag) => tag.Key === SECRET_TAG.key && tag.Value === SECRET_TAG.value);
  if (!tagged) {
    await step('TagResource', () =>
      sm.send(new TagResourceCommand({ SecretId: spec.name, Tags: [{ Key: SECRET_TAG.key, Value: SECRET_TAG.value }] })),
    );
  }
  if (spec.kmsKeyArn && !sameKmsKey(existing.KmsKeyId, spec.kmsKeyArn)) {
    // E.g. a secret the classic solution created with aws/secretsmanager: members could not decrypt it across accounts.
    await step('UpdateSecret', () => sm.send(new UpdateSecretCommand({ SecretId: spec.name, KmsKeyId: spec.kmsKeyArn })));
  }
  return {
    replicated: new Set((existing.ReplicationStatus ?? []).flatMap((replica) => (replica.Region ? [replica.Region] : []))),
    ...(existing.ARN ? { arn: existing.ARN } : {}),
  };
}

async function describe(sm: SecretsManagerClient, name: string): Promise<DescribeSecretCommandOutput | undefined> {
  try {
    return await sm.send(new DescribeSecretCommand({ SecretId: name }));
  } catch (error) {
    if (errorCode(error) === 'ResourceNotFoundException') return undefined;
    throw new SecretStoreError('DescribeSecret', { cause: error });
  }
}

async function isCurrentVersion(sm: SecretsManagerClient, name: string, token: string): Promise<boolean> {
  try {
    const secret = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    return secret.VersionIdsToStages?.[token]?.includes('AWSCURRENT') ?? false;
  } catch {
    return false;
  }
}

async function step<T>(name: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new SecretStoreError(name, { cause: error });
  }
}

/**
 * A multi-Region KMS key (mrk-) has a replica with the same id in every
 * region; any other key exists in one region only, so replicas use that
 * region's aws/secretsmanager key.
 */
function replicas(spec: SecretSpec, regions: readonly string[]): { Region: string; KmsKeyId?: string }[] {
  return regions.map((region) => {
    const arn = spec.kmsKeyArn;
    if (arn && arn.includes(':key/mrk-')) {
      const parts = arn.split(':');
      parts[3] = region;
      return { Region: region, KmsKeyId: parts.join(':') };
    }
    return { Region: region };
  });
}

function sameKmsKey(current: string | undefined, wanted: string): boolean {
  if (current === undefined) return false;
  if (current === wanted) return true;
  const id = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
  return id(current) === id(wanted);
}
