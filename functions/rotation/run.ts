import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readerPolicyArn, secretName } from '../../contract/names';
import type { AwsDependencies } from '../core/aws/plugins';
import type { KeyRow } from '../core/compliance';
import type { Logger } from '../core/log/logger';
import type { StandingCounts } from '../core/compliance';
import type { AuditReason, ResultUser } from '../core/messages/notification';
import type { PacerClock } from '../core/where-used/pacer';
import { reactivateUser } from './apply/reactivate';
import { closeLedger, openLedger } from './ledger/session';
import { addWhereUsed } from './ledger/where-used';
import { applyUserPlan, type ApplyContext } from './apply/user';
import { assumeRole, iamClient, secretsClient, sqsClient, stsClient, type ClientOptions } from './aws/clients';
import { mapWithConcurrency } from '../core/async/map-with-concurrency';
import type { RotationConfig } from './config/config';
import { describeError } from './errors';
import type { RotationJob } from './event/request';
import type { Planner } from '../core/lifecycle/types';
import type { AccountObservation, HeldUser } from './observe/account';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { AccountDelivery } from './delivery/account-delivery';
import { accountDelivery, deliveryCandidates, deliveryCounts, runDeliveryConfig, type RunDeliveryConfig } from './delivery/setup';
import type { RunDeliveryConfigCache } from './delivery/run-cache';
import { withRedeliveries } from './delivery/redelivered';
import type { CredentialReportPolling } from './observe/credential-report';
import { listKeys } from './observe/keys';
import { userFacts } from './observe/user-facts';
import { listAccountUsers, tagValue, type AccountUser } from './observe/users';
import { planAccount } from './plan-account';
import { accountKeyRows } from './result/key-rows';
import { buildNotifications } from './result/notifications';
import { ownerAddresses } from './result/owner-addresses';
import { queueNotifications } from './result/queue';
import { countActions, type RunSummary } from './result/summary';
import { enforcementOf, type Enforcement } from './scope/audit-reason';
import type { RunCloser } from '../runs';
import type { AccountResult } from '../core/messages/run';
import type { NotificationMessage } from '../core/messages/notification';

export interface RunContext {
  readonly config: RotationConfig;
  readonly aws: AwsDependencies;
  readonly now: Date;
  readonly logger: Logger;
  readonly plan: Planner;
  /** Users worked on at once within one account (IAM throttles per account). */
  readonly concurrency: number;
  readonly polling: CredentialReportPolling;
  /** Paces CloudTrail LookupEvents; tests inject one that does not wait. */
  readonly trailClock?: PacerClock;
  /** The run's fan-in: where a scheduled run's account result goes instead of the queue (one per container). */
  readonly runs: RunCloser;
  /** delivery.yaml as read for the current scheduled run (one per container). */
  readonly deliveryConfigs?: RunDeliveryConfigCache;
}

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** What a run found and did, before it is reported. */
interface Outcome {
  readonly users: readonly AccountUser[];
  /** Users with something to say (an action, a warning or a failure). */
  readonly reported: readonly ResultUser[];
  readonly held: readonly HeldUser[];
  readonly notes: readonly string[];
  readonly counts: Pick<RunSummary['users'], 'exempt' | 'skipped' | 'examined'>;
  readonly observation?: Pick<AccountObservation, 'source' | 'reportGeneratedAt'>;
  readonly keys?: StandingCounts;
  /** Scheduled runs: a row for every key of the account, for the admin's report. */
  readonly keyRows?: readonly KeyRow[];
  readonly deliveries?: RunSummary['deliveries'];
}

/**
 * One account: observe, plan, apply (unless in audit mode), report; or, for
 * a Reactivate event, that one reactivation and its report. Throws only when
 * the account as a whole failed (its role could not be assumed, it could not
 * be listed, the report could not be queued), so SQS retries the message; a
 * user's failure is reported and the other users go on.
 */
export async function runAccount(job: RotationJob, context: RunContext): Promise<RunSummary> {
  const { config } = context;
  const enforcement = enforcementOf(config.dryRun, config.enforcedScope, job);
  const auditReason = enforcement.auditReason;
  const dryRun = auditReason !== undefined;
  const logger = context.logger.child({ accountId: job.accountId, dryRun, ...(auditReason ? { auditReason } : {}) });
  const roleArn = `arn:${config.partition}:iam::${job.accountId}:role/${config.assumedRoleName}`;
  const outcome = job.reactivate
    ? await reactivation(roleArn, job.reactivate, dryRun, context, logger)
    : await lifecycle(roleArn, job, { dryRun, enforcement }, context, logger);
  const notes = enforcement.onlyNamedUsers ? [scopeNote(enforcement.onlyNamedUsers, job), ...outcome.notes] : outcome.notes;
  return report(job, { ...outcome, notes }, auditReason, context, logger);
}

function scopeNote(reason: NonNullable<Enforcement['onlyNamedUsers']>, job: RotationJob): string {
  const where =
    reason === 'OUTSIDE_ENFORCED_SCOPE'
      ? 'this account is outside EnforcedScope'
      : 'EnforcedScope names OUs, which only the inventory resolves, and this event did not come through it';
  const who = job.reactivate ? 'Reactivate' : 'ForceRotate';
  return `${where}: only the users ${who} names were acted on; the rest of the account stays in audit mode`;
}

async function lifecycle(
  roleArn: string,
  job: RotationJob,
  mode: { readonly dryRun: boolean; readonly enforcement: Enforcement },
  context: RunContext,
  logger: Logger,
): Promise<Outcome> {
  const { config, now } = context;
  const { dryRun } = mode;
  const clients: ClientOptions = { region: config.region, deps: context.aws };
  const store = config.secretStore;
  let secrets: Promise<SecretsManagerClient> | undefined;
  // Memoised: at most one central AssumeRole per account run, and none when nothing is stored or delivered.
  const secretsWith = (memberCredentials: AwsCredentialIdentity) => (): Promise<SecretsManagerClient> =>
    (secrets ??=
      store.mode === 'central'
        ? assumeRole(stsClient(clients), store.roleArn).then((central) => secretsClient(clients, central))
        : Promise.resolve(secretsClient(clients, memberCredentials)));
  // Delivery (issue 21): never in audit mode; a broken delivery.yaml is told, and the rotation goes on without it.
  const readDelivery = (): Promise<RunDeliveryConfig> => runDeliveryConfig(config, dryRun, context.aws, logger);
  const deliverySetup = dryRun || !context.deliveryConfigs ? await readDelivery() : await context.deliveryConfigs.get(job.runId, readDelivery);
  let delivery: AccountDelivery | undefined;
  const deliveryConfig = deliverySetup.config;
  // The key ledger (ledger/): read first, so the observation can name every key; written once the run is reported.
  const ledger = await openLedger(config, clients, job.accountId, now, logger);
  const account = await planAccount(
    { roleArn },
    {
      settings: config.settings,
      exemptionGroup: config.exemptionGroup,
      exemptionTagKey: config.exemptionTagKey,
      forceRotate: job.forceRotate,
      forceAll: job.forceAll,
      deactivateOld: job.deactivateOld,
      onlyForced: mode.enforcement.onlyNamedUsers !== undefined,
      region: config.region,
      aws: context.aws,
      now,
      plan: context.plan,
      concurrency: context.concurrency,
      polling: context.polling,
      logger,
      ...(deliveryConfig
        ? {
            deliveryStates: (observed: AccountObservation, credentials: AwsCredentialIdentity) => {
              const writerArn = store.mode === 'central' ? store.roleArn : roleArn;
              delivery = accountDelivery(
                { accountId: job.accountId, config, delivery: deliveryConfig, aws: context.aws, now, logger, secrets: secretsWith(credentials), writerArn, ...(ledger ? { ledger: ledger.ledger } : {}) },
                credentials,
              );
              return delivery.prepare(deliveryCandidates(observed, config.settings, now));
            },
          }
        : {}),
      ...(ledger ? { ledger: ledger.ledger } : {}),
    },
  );
  const { credentials: memberCredentials, iam, observation, users: planned } = account;

  const apply: ApplyContext = {
    iam,
    secrets: secretsWith(memberCredentials),
    secretSpec: (observed) => ({
      name: secretName(job.accountId, observed.user.userName),
      readerArn: observed.user.arn,
      breakGlassPrincipals: config.breakGlassPrincipals,
      description: `Access key of IAM user ${observed.user.userName} in account ${job.accountId}, written by the IAM access key rotation`,
      ...(config.kmsKeyArn ? { kmsKeyArn: config.kmsKeyArn } : {}),
      replicaRegions: config.replicaRegions,
    }),
    ...(store.mode === 'central' ? { readerPolicyArn: readerPolicyArn(config.partition, job.accountId) } : {}),
    dryRun,
    now,
    logger,
    ...(delivery ? { afterStore: delivery.afterRotation.bind(delivery) } : {}),
  };

  const done = await mapWithConcurrency(planned, context.concurrency, ({ observed, plan }) => applyUserPlan(apply, observed, plan));
  // Where keys about to stop (or postponed) are still used, from the member account's CloudTrail (ledger/where-used.ts).
  const whereUsed = await addWhereUsed(done, {
    accountId: job.accountId,
    planned,
    ...(ledger ? { ledger: ledger.ledger } : {}),
    credentials: memberCredentials,
    clients,
    now,
    ...(context.trailClock ? { clock: context.trailClock } : {}),
    logger,
  });
  // A delivery that failed at an earlier run and reached its target at this one is its owner's news (issue 21).
  const applied = delivery ? withRedeliveries(whereUsed.users, delivery.redelivered, now) : whereUsed.users;
  const ledgerNotes = await closeLedger(
    ledger,
    // Delivery outcomes live in the ledger; if it cannot be saved they are kept beside the secrets instead, so no failing target is forgotten.
    { users: applied, summaries: whereUsed.summaries, ...(job.runId ? { runId: job.runId } : {}), now, unsaved: async () => (delivery ? delivery.ledgerNotSaved() : []) },
    logger,
  );
  // Every run counts where the account's keys stand (its summary; metrics for scheduled runs). Only a scheduled run's
  // report carries the rows: the digest's compliance view and the key report collect them.
  const scheduled = job.runId !== undefined && job.expectedAccounts !== undefined;
  const keyRows = accountKeyRows(account, {
    accountId: job.accountId,
    accountName: job.accountName ?? null,
    exemptionGroup: config.exemptionGroup,
    exemptionTagKey: config.exemptionTagKey,
    settings: config.settings,
    now,
    plan: context.plan,
  });
  const unread = scheduled ? keyRows.unread : [];
  const unreadNote =
    unread.length > 0
      ? [`${unread.length} exempt or held user(s) not in the key report: the credential report was unavailable, so their keys were not read (${unread.join(', ')})`]
      : [];
  return {
    users: observation.users,
    reported: [
      ...applied.filter((user) => user.actions.length > 0 || user.failure !== undefined),
      ...observation.failures.map((problem) => ({ userName: problem.userName, actions: [], failure: problem.message })),
    ],
    held: observation.held,
    notes: [...observation.notes, ...unreadNote, ...(deliverySetup.note ? [deliverySetup.note] : []), ...(delivery?.notes ?? []), ...whereUsed.notes, ...ledgerNotes],
    counts: {
      exempt: observation.exempt.size,
      skipped: observation.skipped,
      examined: observation.examined.length + observation.failures.length,
    },
    observation,
    keys: keyRows.standings,
    ...(scheduled ? { keyRows: keyRows.rows } : {}),
    ...deliveryCounts(delivery),
  };
}

/** A Reactivate event: that one user, nothing else in the account. */
async function reactivation(roleArn: string, userName: string, dryRun: boolean, context: RunContext, logger: Logger): Promise<Outcome> {
  const { config, now } = context;
  const clients: ClientOptions = { region: config.region, deps: context.aws };
  const iam = iamClient(clients, await assumeRole(stsClient(clients), roleArn));
  const users = await listAccountUsers(iam);
  const user = users.find((candidate) => candidate.userName === userName);
  const counts = { exempt: 0, skipped: 0, examined: user ? 1 : 0 };
  if (!user) {
    return { users, reported: [{ userName, actions: [], failure: `Reactivate: no user named ${userName} in this account; nothing changed` }], held: [], notes: [], counts };
  }
  const facts = userFacts(user, config.settings, now, config.region);
  let reported: ResultUser;
  try {
    const keys = await listKeys(iam, userName);
    reported = await reactivateUser({ iam, now, dryRun, recoveryGracePeriodDays: config.settings.recoveryGracePeriodDays, logger }, userName, keys, facts);
  } catch (error) {
    reported = { userName, actions: [], failure: `Reactivate: ${describeError(error)}` };
  }
  return { users, reported: [reported], held: [], notes: facts.notes, counts };
}

async function report(job: RotationJob, outcome: Outcome, auditReason: AuditReason | undefined, context: RunContext, logger: Logger): Promise<RunSummary> {
  const { config, now } = context;
  const dryRun = auditReason !== undefined;
  const reported = [...outcome.reported].sort((a, b) => a.userName.localeCompare(b.userName));
  const notes = [...outcome.notes];
  const owners = new Map<string, string>();
  if (config.ownerTagKey) {
    const byName = new Map(outcome.users.map((user) => [user.userName, user]));
    for (const user of reported) {
      const account = byName.get(user.userName);
      const owner = account ? tagValue(account, config.ownerTagKey)?.trim() : undefined;
      if (!owner) continue;
      if (EMAIL.test(owner)) owners.set(user.userName, owner);
      else notes.push(`${user.userName}: owner tag ${config.ownerTagKey}="${owner}" is not an email address; no owner message`);
    }
  }
  const failures = reported.filter((user) => user.failure !== undefined).map((user) => `${user.userName}: ${user.failure ?? ''}`);

  const messages = buildNotifications({
    accountId: job.accountId,
    ...(job.accountName ? { accountName: job.accountName } : {}),
    ...(job.email ? { accountEmail: job.email } : {}),
    adminEmail: config.adminEmail,
    dryRun,
    ...(auditReason ? { auditReason } : {}),
    now,
    ...(job.runId ? { runId: job.runId } : {}),
    ...(job.expectedAccounts !== undefined ? { expectedAccounts: job.expectedAccounts } : {}),
    settings: config.settings,
    users: reported,
    owners,
    held: outcome.held,
    notes,
    // Per-user failures are in `users`; nothing else failed for the account as a whole, or the run would have thrown.
    failures: [],
    ...(outcome.keyRows ? { keyRows: outcome.keyRows } : {}),
    ...(outcome.keyRows && config.ownerTagKey ? { ownerAddresses: ownerAddresses(outcome.users, outcome.keyRows, config.ownerTagKey) } : {}),
  });

  const summary: RunSummary = {
    accountId: job.accountId,
    ...(job.accountName ? { accountName: job.accountName } : {}),
    dryRun,
    ...(auditReason ? { auditReason } : {}),
    generatedAt: now.toISOString(),
    ...(outcome.observation ? { observedWith: outcome.observation.source } : {}),
    ...(outcome.observation?.reportGeneratedAt ? { reportGeneratedAt: outcome.observation.reportGeneratedAt.toISOString() } : {}),
    users: {
      seen: outcome.users.length,
      ...outcome.counts,
      held: outcome.held.length,
      withActions: reported.filter((user) => user.actions.length > 0).length,
      failed: failures.length,
    },
    ...(outcome.keys ? { keys: outcome.keys } : {}),
    actions: countActions(reported),
    failures,
    notes,
    notificationsQueued: 0,
    ...(outcome.deliveries ? { deliveries: outcome.deliveries } : {}),
  };
  // A scheduled run's account result is the run's state, not a mail: it goes to Runs/<runId>/, and the close-run step makes the digest.
  const stored = scheduledReport(messages);
  const queue = stored ? messages.filter((message) => message.recipient.role !== 'ADMIN') : messages;
  try {
    const queued = await queueNotifications(sqsClient({ region: config.region, deps: context.aws }), config.notificationQueueUrl, queue);
    if (stored) {
      await context.runs.reported(stored);
      await context.runs.closeStragglers(stored.runId);
    }
    const done = { ...summary, notificationsQueued: queued };
    logger.info('rotation run complete', { summary: done });
    return done;
  } catch (error) {
    // The run's changes are made and a retry would not repeat them, so this line is the only record of them.
    logger.error('the run could not be reported; this run is reported here only', { summary, report: reported });
    throw error;
  }
}

/** The admin's message of a scheduled run (the inventory's runId and expectedAccounts): the account result for the run's digest. */
function scheduledReport(messages: readonly NotificationMessage[]): AccountResult | undefined {
  const admin = messages.find((message) => message.recipient.role === 'ADMIN');
  if (admin?.runId === undefined || admin.expectedAccounts === undefined) return undefined;
  return { ...admin, runId: admin.runId, expectedAccounts: admin.expectedAccounts };
}
