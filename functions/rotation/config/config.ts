import { partitionOf } from '../../core/aws/partition';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { DEFAULT_DELIVERY_SSM_PATH_PREFIX, deliveryConfigKey, DEFAULT_EXEMPTION_GROUP, DEFAULT_EXEMPTION_TAG_KEY, ROLE_ARN_PATTERN } from '../../../contract/names';
import { bucketLocation, type BucketLocation } from '../../core/config/bucket';
import { complianceMaxKeyAge } from '../../core/config/compliance-limit';
import { ConfigError } from '../../core/config/errors';
import { enforcedScope, type EnforcedScope } from '../../core/config/scope';
import { accountId, email, flag, list, optional, regions, required, type Env } from '../../core/config/values';
import type { LifecycleSettings } from '../../core/lifecycle/types';
import { checkReplicaKey } from './replica-key';
import { parseSettings } from './settings';

export type SecretStore =
  | { readonly mode: 'member' }
  /** Secrets live in one central account, written through `roleArn` (central mode, docs/design.md#5-where-new-keys-are-stored). */
  | { readonly mode: 'central'; readonly accountId: string; readonly roleArn: string };

export interface RotationConfig {
  /** Audit mode for every run (classic DryRunFlag, default True): plan and report, change nothing. */
  readonly dryRun: boolean;
  /** Staged rollout: with dryRun False, only these accounts / OUs are enforced; undefined: all. */
  readonly enforcedScope?: EnforcedScope;
  readonly settings: LifecycleSettings;
  /** ComplianceMaxKeyAge: the external key-age limit the plan and the digest measure against; 0: off. Changes no key. */
  readonly complianceMaxKeyAgeDays: number;
  readonly exemptionGroup: string;
  readonly exemptionTagKey: string;
  /** Name (not ARN) of the role in every member account. */
  readonly assumedRoleName: string;
  /** User tag holding the key owner's email address; undefined sends no owner messages. */
  readonly ownerTagKey?: string;
  readonly secretStore: SecretStore;
  readonly replicaRegions: readonly string[];
  /** Customer-managed KMS key for new secrets; undefined means `aws/secretsmanager`. */
  readonly kmsKeyArn?: string;
  /** Role ARNs that each secret's resource policy does not deny (SecretBreakGlassPrincipals); empty by default. */
  readonly breakGlassPrincipals: readonly string[];
  readonly notificationQueueUrl: string;
  readonly adminEmail: string;
  /** Where a scheduled run's account results (Runs/), its close record (Digests/) and the key report (reports/) go. */
  readonly runState: BucketLocation;
  /** The inventory execution role's unique id: only its queue messages may place an account inside EnforcedScope. */
  readonly inventoryRoleId?: string;
  readonly partition: string;
  readonly region: string;
  /** Where delivery.yaml lives (issue 21): `<prefix>/Config/delivery.yaml`; no file, no delivery. */
  readonly delivery?: DeliverySource;
  /** Where the key ledger lives (`<prefix>/Ledger/<accountId>.json`); undefined: no ledger (keys of idle users have no id). */
  readonly ledger?: BucketLocation;
}

export interface DeliverySource {
  readonly bucket: string;
  /** `<prefix>/Config/delivery.yaml`. */
  readonly key: string;
  /** DeliverySsmPathPrefix: SSM targets must be under it, the only path the member role may write. */
  readonly ssmPathPrefix: string;
}

const SSM_PATH_PREFIX = /^\/([\w.-]+\/)*$/;

// IAM role names (path excluded): letters, digits and +=,.@_- up to 64 characters.
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const GROUP_NAME = /^[\w+=,.@-]{1,128}$/;
// IAM tag keys: letters, digits, spaces and _.:/=+-@ up to 128 characters.
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const QUEUE_URL = /^https?:\/\/\S+\/\d{12}\/[\w-]{1,80}$/;
const KMS_KEY_ARN = /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/-]+$/;
const ROLE_ARN = new RegExp(`^${ROLE_ARN_PATTERN}$`);

/**
 * Reads the rotation function's environment once per cold start. Every
 * problem is a ConfigError naming the variable, so a bad template parameter
 * stops the first invocation instead of rotating with a value nobody chose.
 */
export function parseRotationConfig(env: Env): RotationConfig {
  const region = required(env, 'AWS_REGION');
  const partition = partitionOf(region);
  const storeCentrally = flag(env, ROTATION_ENV.storeSecretsInCentralAccount, false);
  const ownerTagKey = optional(env, ROTATION_ENV.ownerTagKey);
  const kmsKeyArn = optional(env, ROTATION_ENV.secretsKmsKeyArn);
  if (kmsKeyArn !== undefined && !KMS_KEY_ARN.test(kmsKeyArn)) {
    throw new ConfigError(ROTATION_ENV.secretsKmsKeyArn, `must be a KMS key ARN, got "${kmsKeyArn}"`);
  }
  const secretStore: SecretStore = storeCentrally ? centralStore(env, partition) : { mode: 'member' };
  if (secretStore.mode === 'central' && kmsKeyArn === undefined) {
    // The default aws/secretsmanager key cannot be used across accounts (docs/design.md#5-where-new-keys-are-stored).
    throw new ConfigError(
      ROTATION_ENV.secretsKmsKeyArn,
      `is required when ${ROTATION_ENV.storeSecretsInCentralAccount} is True: members can only decrypt a central secret with a customer-managed key`,
    );
  }
  const replicaRegions = regions(env, ROTATION_ENV.replicaRegions);
  if (replicaRegions.includes(region)) {
    throw new ConfigError(ROTATION_ENV.replicaRegions, `must not include the function's own region ${region}`);
  }
  checkReplicaKey(secretStore.mode === 'central', replicaRegions, kmsKeyArn);
  const scope = enforcedScope(env, ROTATION_ENV.enforcedScope);
  const runState = bucketLocation(env, ROTATION_ENV);
  return {
    dryRun: flag(env, ROTATION_ENV.dryRun, true),
    ...(scope ? { enforcedScope: scope } : {}),
    settings: withSwitch(parseSettings(env), flag(env, ROTATION_ENV.deactivateWhenSwitched, false)),
    complianceMaxKeyAgeDays: complianceMaxKeyAge(env, ROTATION_ENV.complianceMaxKeyAge),
    exemptionGroup: matching(env, ROTATION_ENV.exemptionGroup, GROUP_NAME, 'an IAM group name') ?? DEFAULT_EXEMPTION_GROUP,
    exemptionTagKey: matching(env, ROTATION_ENV.exemptionTagKey, TAG_KEY, 'an IAM tag key') ?? DEFAULT_EXEMPTION_TAG_KEY,
    assumedRoleName: roleName(env, ROTATION_ENV.assumedRoleName),
    ...(ownerTagKey !== undefined ? { ownerTagKey: matching(env, ROTATION_ENV.ownerTagKey, TAG_KEY, 'an IAM tag key') } : {}),
    secretStore,
    replicaRegions: [...new Set(replicaRegions)],
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
    breakGlassPrincipals: breakGlassPrincipals(env, partition),
    notificationQueueUrl: queueUrl(env, ROTATION_ENV.notificationQueueUrl),
    adminEmail: email(env, ROTATION_ENV.adminEmail),
    runState,
    ...inventoryRoleId(env),
    partition,
    region,
    ...deliverySource(env, runState),
    // The key ledger lives beside the run state: <prefix>/Ledger/<accountId>.json.
    ledger: runState,
  };
}

function withSwitch(settings: LifecycleSettings, deactivateWhenSwitched: boolean): LifecycleSettings {
  return deactivateWhenSwitched ? Object.freeze({ ...settings, deactivateWhenSwitched }) : settings;
}

function deliverySource(env: Env, location: BucketLocation): { delivery?: DeliverySource } {
  const ssmPathPrefix = optional(env, ROTATION_ENV.deliverySsmPathPrefix) ?? DEFAULT_DELIVERY_SSM_PATH_PREFIX;
  if (!SSM_PATH_PREFIX.test(ssmPathPrefix)) {
    throw new ConfigError(ROTATION_ENV.deliverySsmPathPrefix, `must be an SSM path that starts and ends with /, such as ${DEFAULT_DELIVERY_SSM_PATH_PREFIX}; got "${ssmPathPrefix}"`);
  }
  return { delivery: { bucket: location.bucket, key: deliveryConfigKey(location.prefix), ssmPathPrefix } };
}

// IAM unique ids of roles: AROA and 17 or more upper-case letters and digits.
const ROLE_ID = /^AROA[A-Z0-9]{12,124}$/;

function inventoryRoleId(env: Env): { inventoryRoleId?: string } {
  const value = optional(env, ROTATION_ENV.inventoryRoleId);
  if (value === undefined) return {};
  if (!ROLE_ID.test(value)) throw new ConfigError(ROTATION_ENV.inventoryRoleId, `must be an IAM role's unique id (AROA…), got "${value}"`);
  return { inventoryRoleId: value };
}

function centralStore(env: Env, partition: string): SecretStore {
  const id = accountId(env, ROTATION_ENV.centralAccountId);
  const role = roleName(env, ROTATION_ENV.centralRoleName);
  return { mode: 'central', accountId: id, roleArn: `arn:${partition}:iam::${id}:role/${role}` };
}

/**
 * A wrong break-glass ARN does not fail a write (it sits in a condition, not in
 * a Principal), so it would go unnoticed until the day it is needed: refuse
 * it here, by the parameter's pattern and the function's own partition.
 */
function breakGlassPrincipals(env: Env, partition: string): string[] {
  const name = ROTATION_ENV.secretBreakGlassPrincipals;
  const values = [...new Set(list(env, name))];
  const bad = values.filter((value) => !ROLE_ARN.test(value));
  if (bad.length > 0) throw new ConfigError(name, `must be comma-separated IAM role ARNs (arn:${partition}:iam::111122223333:role/name), got "${bad.join(', ')}"`);
  const elsewhere = values.filter((value) => !value.startsWith(`arn:${partition}:`));
  if (elsewhere.length > 0) throw new ConfigError(name, `must be role ARNs of partition ${partition}, got "${elsewhere.join(', ')}"`);
  return values;
}

function roleName(env: Env, name: string): string {
  const value = required(env, name);
  if (!ROLE_NAME.test(value)) throw new ConfigError(name, `must be an IAM role name (not an ARN), got "${value}"`);
  return value;
}

function matching(env: Env, name: string, pattern: RegExp, what: string): string | undefined {
  const value = optional(env, name);
  if (value !== undefined && !pattern.test(value)) throw new ConfigError(name, `must be ${what}, got "${value}"`);
  return value;
}

function queueUrl(env: Env, name: string): string {
  const value = required(env, name);
  if (!QUEUE_URL.test(value)) throw new ConfigError(name, `must be an SQS queue URL, got "${value}"`);
  return value;
}

