import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { BatchRetry } from '../core/aws/sqs-batch-send';
import type { Logger } from '../core/log/logger';
import type { RotationRequest } from '../core/messages/rotation-request';
import type { InventoryConfig } from './config';
import type { InventoryRequest } from './event';
import { assumeListRole } from './list-role';
import { accountIdsUnder, listAccountsInScope, type OrgAccount } from './organization';
import { enqueueRotationRequests } from './queue';
import { countByReason, selectAccounts, type SkipReason } from './selection';

export interface InventoryClients {
  readonly sts: STSClient;
  readonly sqs: SQSClient;
  /** Builds the Organizations client from the list role's credentials. */
  readonly organizations: (credentials: AwsCredentialIdentity) => OrganizationsClient;
}

/** What a run logs and returns; the Lambda console shows it as the result of a test event. */
export interface InventoryResult {
  readonly runId: string;
  readonly source: InventoryRequest['source'];
  readonly dryrun: boolean;
  /** Accounts listed in the configured scope, after deduplication. */
  readonly found: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
  readonly enqueued: number;
  /** Console-requested ids not found in scope: reported, not enqueued. */
  readonly requestedNotFound: readonly string[];
  /** With EnforcedScope: how many of the enqueued accounts run in audit mode because they are outside it. */
  readonly outsideEnforcedScope?: number;
}

/**
 * One inventory run: list everything first, then enqueue. Listing failures
 * throw before the first message is sent, so the queue never holds a
 * partial inventory that looks complete.
 */
export async function runInventory(
  config: InventoryConfig,
  request: InventoryRequest,
  clients: InventoryClients,
  retry: BatchRetry,
  logger: Logger,
): Promise<InventoryResult> {
  const log = logger.child({ runId: request.runId });
  let accounts: OrgAccount[];
  let enforced: ((accountId: string) => boolean) | undefined;
  try {
    const credentials = await assumeListRole(clients.sts, config.orgListRoleArn);
    const org = clients.organizations(credentials);
    accounts = await listAccountsInScope(org, config.organizationalUnits);
    const scope = config.enforcedScope;
    if (scope) {
      // OU membership is resolved here, once per run; each rotation request then says where its account stands.
      const underUnits = scope.units.length > 0 ? await accountIdsUnder(org, scope.units) : new Set<string>();
      enforced = (id) => underUnits === undefined || scope.accounts.has(id) || underUnits.has(id);
    }
  } catch (error) {
    log.error('inventory run failed while listing the Organization; nothing enqueued', { error });
    throw error;
  }

  const selection = selectAccounts(accounts, {
    include: config.includeAccounts,
    exclude: config.excludeAccounts,
    requested: request.accounts,
  });
  if (selection.requestedNotFound.length > 0) {
    log.warn('requested accounts not found in the Organization scope; not enqueued', { accounts: selection.requestedNotFound });
  }
  if (selection.includedNotFound.length > 0) {
    log.warn('INCLUDE_ACCOUNTS names accounts not found in the Organization scope', { accounts: selection.includedNotFound });
  }
  // Only the reasons worth a look, by id; during a rollout notIncluded can be thousands, so it stays a count.
  const notable = selection.skipped.filter((entry) => entry.reason === 'inactive' || entry.reason === 'excluded');
  if (notable.length > 0) log.info('accounts skipped', { accounts: notable });

  const expectedAccounts = selection.selected.length;
  const messages: RotationRequest[] = selection.selected.map((account) => ({
    account: account.id,
    name: account.name,
    email: account.email,
    // Only ever turns audit mode on: a console event must not switch a dry-run deployment to enforce.
    ...(request.dryrun ? { dryrun: true } : {}),
    ...(enforced ? { enforcedScope: enforced(account.id) ? ('inside' as const) : ('outside' as const) } : {}),
    runId: request.runId,
    expectedAccounts,
  }));
  const outside = messages.filter((message) => message.enforcedScope === 'outside').length;
  const base = {
    runId: request.runId,
    ...(enforced ? { outsideEnforcedScope: outside } : {}),
    source: request.source,
    dryrun: request.dryrun,
    found: accounts.length,
    skipped: countByReason(selection.skipped),
    requestedNotFound: selection.requestedNotFound,
  };
  let enqueued: number;
  try {
    enqueued = await enqueueRotationRequests(clients.sqs, config.rotationQueueUrl, messages, retry, log);
  } catch (error) {
    log.error('inventory run failed while enqueuing', { ...base, expected: expectedAccounts, error });
    throw error;
  }
  const result: InventoryResult = { ...base, enqueued };
  log.info('inventory run complete', { ...result });
  return result;
}
