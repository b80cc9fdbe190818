import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readerPolicyArn, secretName } from '../../contract/names';
import type { AwsDependencies } from '../core/aws/plugins';
import type { Logger } from '../core/log/logger';
import type { ReportedUser } from '../core/messages/notification';
import { applyUserPlan, type ApplyContext } from './apply/user';
import { assumeRole, iamClient, secretsClient, sqsClient, stsClient, type ClientOptions } from './aws/clients';
import { mapWithConcurrency } from './concurrency';
import type { RotationConfig } from './config/config';
import type { RotationJob } from './event/request';
import { observeAccount, type Planner } from './observe/account';
import type { ReportPolling } from './observe/credential-report';
import { tagValue } from './observe/users';
import { buildNotifications } from './report/notifications';
import { queueNotifications } from './report/queue';
import { countActions, type RunSummary } from './report/summary';

export interface RunContext {
  readonly config: RotationConfig;
  readonly aws: AwsDependencies;
  readonly now: Date;
  readonly logger: Logger;
  readonly plan: Planner;
  /** Users worked on at once within one account (IAM throttles per account). */
  readonly concurrency: number;
  readonly polling: ReportPolling;
}

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/**
 * One account: observe, plan, apply (unless dry run), report. Throws only
 * when the account as a whole failed (its role could not be assumed, it could
 * not be listed, the report could not be queued), so SQS retries the message;
 * a user's failure is reported and the other users go on.
 */
export async function runAccount(job: RotationJob, context: RunContext): Promise<RunSummary> {
  const { config, now } = context;
  const dryRun = config.dryRun || job.dryRun;
  const logger = context.logger.child({ accountId: job.accountId, dryRun });
  const clients: ClientOptions = { region: config.region, deps: context.aws };
  const sts = stsClient(clients);

  const memberCredentials = await assumeRole(
    sts,
    `arn:${config.partition}:iam::${job.accountId}:role/${config.assumedRoleName}`,
  );
  const iam = iamClient(clients, memberCredentials);
  const observation = await observeAccount(iam, {
    settings: config.settings,
    exemptionGroup: config.exemptionGroup,
    exemptionTagKey: config.exemptionTagKey,
    forceRotate: job.forceRotate,
    now,
    plan: context.plan,
    concurrency: context.concurrency,
    polling: context.polling,
    logger,
  });

  let secrets: Promise<SecretsManagerClient> | undefined;
  const store = config.secretStore;
  const apply: ApplyContext = {
    iam,
    // Memoised: at most one central AssumeRole per account run, and none when nothing is rotated.
    secrets: () =>
      (secrets ??=
        store.mode === 'central'
          ? assumeRole(sts, store.roleArn).then((central) => secretsClient(clients, central))
          : Promise.resolve(secretsClient(clients, memberCredentials))),
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
    logger,
  };

  const applied = await mapWithConcurrency(observation.examined, context.concurrency, (observed) =>
    applyUserPlan(
      apply,
      observed,
      context.plan({
        userName: observed.user.userName,
        keys: observed.keys,
        settings: config.settings,
        exempt: false,
        forceRotate: observed.forced,
        now,
      }),
    ),
  );
  const reported: ReportedUser[] = [
    ...applied.filter((user) => user.actions.length > 0 || user.failure !== undefined),
    ...observation.failures.map((problem) => ({ userName: problem.userName, actions: [], failure: problem.message })),
  ].sort((a, b) => a.userName.localeCompare(b.userName));

  const notes = [...observation.notes];
  const owners = new Map<string, string>();
  if (config.ownerTagKey) {
    const byName = new Map(observation.users.map((user) => [user.userName, user]));
    for (const user of reported) {
      const account = byName.get(user.userName);
      const owner = account ? tagValue(account, config.ownerTagKey)?.trim() : undefined;
      if (!owner) continue;
      if (EMAIL.test(owner)) owners.set(user.userName, owner);
      else notes.push(`${user.userName}: owner tag ${config.ownerTagKey}="${owner}" is not an email address; no owner message`);
    }
  }
  const failures = reported
    .filter((user) => user.failure !== undefined)
    .map((user) => `${user.userName}: ${user.failure ?? ''}`);

  const messages = buildNotifications({
    accountId: job.accountId,
    ...(job.accountName ? { accountName: job.accountName } : {}),
    ...(job.email ? { accountEmail: job.email } : {}),
    adminEmail: config.adminEmail,
    dryRun,
    now,
    ...(job.runId ? { runId: job.runId } : {}),
    ...(job.expectedAccounts !== undefined ? { expectedAccounts: job.expectedAccounts } : {}),
    settings: config.settings,
    users: reported,
    owners,
    // Per-user failures are in `users`; these are what belongs to no single user.
    failures: notes,
  });

  const summary: RunSummary = {
    accountId: job.accountId,
    ...(job.accountName ? { accountName: job.accountName } : {}),
    dryRun,
    generatedAt: now.toISOString(),
    observedWith: observation.source,
    ...(observation.reportGeneratedAt ? { reportGeneratedAt: observation.reportGeneratedAt.toISOString() } : {}),
    users: {
      seen: observation.users.length,
      exempt: observation.exempt.size,
      skipped: observation.skipped,
      examined: observation.examined.length + observation.failures.length,
      withActions: reported.filter((user) => user.actions.length > 0).length,
      failed: failures.length,
    },
    actions: countActions(reported),
    failures,
    notes,
    notificationsQueued: 0,
  };
  try {
    const queued = await queueNotifications(sqsClient(clients), config.notificationQueueUrl, messages);
    const done = { ...summary, notificationsQueued: queued };
    logger.info('rotation run complete', { summary: done });
    return done;
  } catch (error) {
    // The run's changes are made and a retry would not repeat them, so this line is the only record of them.
    logger.error('notifications could not be queued; this run is reported here only', { summary, report: reported });
    throw error;
  }
}
