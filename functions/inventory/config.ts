import { partitionOf } from '../core/aws/partition';
import { INVENTORY_ENV } from '../../contract/env/inventory';
import { ConfigError } from '../core/config/errors';
import { enforcedScope, type EnforcedScope } from '../core/config/scope';
import { accountId, accountIds, list, required, type Env } from '../core/config/values';

export interface InventoryConfig {
  /** Account holding the list-accounts role: the management account or a delegated administrator. */
  readonly orgListAccount: string;
  readonly orgListRoleArn: string;
  readonly rotationQueueUrl: string;
  /** Roots (`r-`) and OUs (`ou-`) whose subtrees are inventoried; empty means the whole Organization. */
  readonly organizationalUnits: readonly string[];
  /** When not empty, only these accounts are enqueued (phased rollout). */
  readonly includeAccounts: ReadonlySet<string>;
  /** Never enqueued, whatever else says so. */
  readonly excludeAccounts: ReadonlySet<string>;
  /** Staged rollout: accounts of the selection outside it are enqueued in audit mode; undefined: all enforced. */
  readonly enforcedScope?: EnforcedScope;
}

const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
// IAM role names (path excluded): letters, digits and +=,.@_- up to 64 characters.
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const QUEUE_URL = /^https?:\/\/\S+\/\d{12}\/[\w-]{1,80}$/;

export function isRootId(id: string): boolean {
  return ROOT_ID.test(id);
}

/**
 * Reads the inventory's environment once, at cold start. Every problem is a
 * ConfigError that names the variable, so a bad template parameter is found
 * at the first invocation and not as an empty inventory.
 */
export function parseInventoryConfig(env: Env, region: string | undefined): InventoryConfig {
  const orgListAccount = accountId(env, INVENTORY_ENV.orgListAccount);
  const role = required(env, INVENTORY_ENV.orgListRole);
  if (!ROLE_NAME.test(role)) {
    throw new ConfigError(INVENTORY_ENV.orgListRole, `must be an IAM role name (not an ARN), got "${role}"`);
  }
  const rotationQueueUrl = required(env, INVENTORY_ENV.rotationQueueUrl);
  if (!QUEUE_URL.test(rotationQueueUrl)) {
    throw new ConfigError(INVENTORY_ENV.rotationQueueUrl, `must be an SQS queue URL, got "${rotationQueueUrl}"`);
  }
  const organizationalUnits = [...new Set(list(env, INVENTORY_ENV.organizationalUnits))];
  const badUnits = organizationalUnits.filter((id) => !ROOT_ID.test(id) && !OU_ID.test(id));
  if (badUnits.length > 0) {
    throw new ConfigError(
      INVENTORY_ENV.organizationalUnits,
      `must be OU ids (ou-xxxx-xxxxxxxx) or root ids (r-xxxx), got "${badUnits.join(', ')}"`,
    );
  }
  const includeAccounts = new Set(accountIds(env, INVENTORY_ENV.includeAccounts));
  const excludeAccounts = new Set(accountIds(env, INVENTORY_ENV.excludeAccounts));
  const both = [...includeAccounts].filter((id) => excludeAccounts.has(id));
  if (both.length > 0) {
    // Exclusion would win anyway; saying so catches a rollout list edited in the wrong place.
    throw new ConfigError(
      INVENTORY_ENV.excludeAccounts,
      `lists accounts that ${INVENTORY_ENV.includeAccounts} also lists: ${both.join(', ')}`,
    );
  }
  const scope = enforcedScope(env, INVENTORY_ENV.enforcedScope);
  return {
    ...(scope ? { enforcedScope: scope } : {}),
    orgListAccount,
    orgListRoleArn: `arn:${partitionOf(region)}:iam::${orgListAccount}:role/${role}`,
    rotationQueueUrl,
    organizationalUnits,
    includeAccounts,
    excludeAccounts,
  };
}

