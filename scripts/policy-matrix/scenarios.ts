/**
 * The runs whose requests `npm run policy-matrix` and test/policy prove
 * allowed: the real handlers in-process on moto, as a deployment would run
 * them, each with the environment the resolved template gives it (so the
 * configuration under test is the template's, not a hand-written one). The
 * inventory lists an Organization and fills the rotation queue; the rotation
 * function takes that queue's batch in member mode, then rotates in central
 * mode with a replica region; the notifier sends what the rotation queued.
 */
import { CreatePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { QUEUE_NAMES, READER_POLICY_NAME, type FunctionKey } from '../../contract/names';
import { createQueue, prepareNotifier, TEMPLATE_BUCKET, TEMPLATE_PREFIX, ADMIN_EMAIL } from '../../emulator/deployment';
import { seedUser } from '../../emulator/iam-users';
import { MANAGEMENT_ACCOUNT_ID, REGION, type Moto } from '../../emulator/moto';
import { createAccount, createOrganization, credentialsIn } from '../../emulator/organization';
import { createInventoryHandler } from '../../functions/inventory';
import { createLogger } from '../../functions/core/log/logger';
import { createNotifierHandler } from '../../functions/notifier';
import { createRotationHandler } from '../../functions/rotation';
import { ORGANIZATION_ID, PARTITION, type Deployment } from './deployment/deployments';
import { deployStacks, functionEnvironment, type DeployedStacks } from './deployment/stacks';
import type { Physical } from './resolve/physical';
import type { RequestRecorder } from './record/recorder';

export const SCENARIO_NAMES = ['inventory', 'rotation, member mode', 'notifier', 'rotation, central mode with a replica region'] as const;

/** A deployment on moto: the main stack in moto's default account, which is also the management account. */
function scenarioDeployment(name: string, accounts: readonly string[], main: Record<string, string>, physical: Record<string, Partial<Physical>>): Deployment {
  return {
    name,
    summary: name,
    partition: PARTITION,
    region: REGION,
    organizationId: ORGANIZATION_ID,
    primaryAccountId: MANAGEMENT_ACCOUNT_ID,
    managementAccountId: MANAGEMENT_ACCOUNT_ID,
    organizationAccounts: [MANAGEMENT_ACCOUNT_ID, ...accounts],
    main: {
      S3BucketName: TEMPLATE_BUCKET,
      S3BucketPrefix: TEMPLATE_PREFIX,
      AdminEmailAddress: ADMIN_EMAIL,
      ResourceOwnerTag: 'owner',
      AWSOrgID: ORGANIZATION_ID,
      OrgListAccount: MANAGEMENT_ACCOUNT_ID,
      DryRunFlag: 'False',
      ...main,
    },
    mainPhysical: physical,
  };
}

function environmentOf(stacks: DeployedStacks, fn: FunctionKey): Record<string, string> {
  return { ...functionEnvironment(stacks.main, fn), AWS_REGION: stacks.deployment.region };
}

const queuePhysical = (url: string, arn: string): Partial<Physical> => ({ Ref: url, QueueUrl: url, Arn: arn, QueueName: arn.split(':')[5] ?? '' });

async function drain(sqs: SQSClient, url: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
    const batch = received.Messages ?? [];
    if (batch.length === 0) return messages;
    messages.push(...batch);
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
  }
}

function sqsEvent(messages: readonly Message[], queueArn: string): SQSEvent {
  return {
    Records: messages.map((m, i) => ({
      messageId: m.MessageId ?? `m-${i}`,
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'emulated', ApproximateFirstReceiveTimestamp: '0' },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: REGION,
    })),
  };
}

const quiet = (name: string) => createLogger(name, { level: 'ERROR', sink: () => undefined });
const DUE = [{ ageDays: 120, lastUsedDaysAgo: 1 }] as const;

export interface ScenarioOutcome {
  /** Invocations per scenario. */
  readonly counts: Record<(typeof SCENARIO_NAMES)[number], number>;
  /** What each account moto created is, so tables read the same on every run. */
  readonly accountNames: Readonly<Record<string, string>>;
}

/** Runs every scenario on a reset moto, recording with `recorder`. */
export async function runScenarios(moto: Moto, recorder: RequestRecorder): Promise<ScenarioOutcome> {
  await moto.reset();
  const sqs = new SQSClient(moto.config());
  await createOrganization(moto);
  const member = await createAccount(moto, { name: 'workload', email: 'workload-owner@example.com' });
  const other = await createAccount(moto, { name: 'sandbox', email: 'sandbox-owner@example.com' });
  const memberCredentials = await credentialsIn(moto, member);
  await seedUser(moto, memberCredentials, { name: 'alice', keys: DUE, tags: { owner: 'alice@example.com' } });
  await seedUser(moto, memberCredentials, { name: 'bob', keys: [{ ageDays: 150, status: 'Inactive' }, { ageDays: 100, lastUsedDaysAgo: 2 }] });
  const rotationQueue = await createQueue(sqs, QUEUE_NAMES.rotation);
  const notificationQueue = await createQueue(sqs, QUEUE_NAMES.notification);
  await prepareNotifier(moto);
  const physical = { RotationQueue: queuePhysical(rotationQueue.url, rotationQueue.arn), NotificationQueue: queuePhysical(notificationQueue.url, notificationQueue.arn) };
  const memberMode = deployStacks(scenarioDeployment('scenario member', [member, other], {}, physical));
  const counts = { inventory: 0, 'rotation, member mode': 0, notifier: 0, 'rotation, central mode with a replica region': 0 };
  const run = async <T>(scenario: keyof typeof counts, fn: FunctionKey, env: Record<string, string>, event: unknown, action: () => Promise<T>): Promise<T> => {
    counts[scenario] += 1;
    return recorder.invoke(fn, env, `scenario: ${scenario}`, event, action);
  };

  // The daily schedule: the inventory lists the Organization and queues one message per account.
  const inventoryEnv = environmentOf(memberMode, 'inventory');
  const inventory = createInventoryHandler({ env: inventoryEnv, region: REGION, logger: quiet('inventory') });
  const schedule = { version: '0', id: 'scenario', 'detail-type': 'Scheduled Event', source: 'aws.events', account: MANAGEMENT_ACCOUNT_ID, time: new Date().toISOString(), region: REGION, resources: [`arn:aws:events:${REGION}:${MANAGEMENT_ACCOUNT_ID}:rule/asa-iam-key-rotation-schedule`], detail: {} };
  await run('inventory', 'inventory', inventoryEnv, schedule, () => inventory(schedule, { awsRequestId: 'scenario-inventory' }));

  // The rotation queue's batch, as the event source mapping delivers it: member mode.
  const rotationEnv = environmentOf(memberMode, 'rotation');
  const rotation = createRotationHandler({ env: rotationEnv, logger: quiet('rotation'), polling: { delaysMs: [0, 0, 0], sleep: async () => undefined } });
  for (const message of await drain(sqs, rotationQueue.url)) {
    const event = sqsEvent([message], rotationQueue.arn);
    await run('rotation, member mode', 'rotation', rotationEnv, event, () => rotation(event));
  }

  // The notifier sends what the rotation queued.
  const notifierEnv = environmentOf(memberMode, 'notifier');
  const notifier = createNotifierHandler({ env: notifierEnv, region: REGION, logger: quiet('notifier') });
  const notifications = await drain(sqs, notificationQueue.url);
  for (let i = 0; i < notifications.length; i += 10) {
    const event = sqsEvent(notifications.slice(i, i + 10), notificationQueue.arn);
    await run('notifier', 'notifier', notifierEnv, event, () => notifier(event));
  }

  // Central mode: secrets in the management account, replicated to a second region, so encrypted with a multi-Region key
  // (the template refuses the stack's own single-Region key with replicas) that holds the stack key's statements.
  const multiRegionKey = `arn:aws:kms:${REGION}:${MANAGEMENT_ACCOUNT_ID}:key/mrk-0123456789abcdef0123456789abcdef`;
  const centralDeployment = scenarioDeployment(
    'scenario central',
    [member, other],
    { StoreSecretsInCentralAccount: 'True', CredentialReplicationRegions: 'eu-west-1', SecretsKmsKeyArn: multiRegionKey },
    physical,
  );
  const centralMode = deployStacks(centralDeployment);
  const reader = centralMode.memberRole.get(member)?.resources.get('ReaderPolicy')?.properties.PolicyDocument;
  await new IAMClient(moto.config(memberCredentials)).send(new CreatePolicyCommand({ PolicyName: READER_POLICY_NAME, PolicyDocument: JSON.stringify(reader) }));
  await seedUser(moto, memberCredentials, { name: 'carol', keys: DUE });
  await seedUser(moto, memberCredentials, { name: 'dave', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] });
  const centralEnv = environmentOf(centralMode, 'rotation');
  const central = createRotationHandler({ env: centralEnv, logger: quiet('rotation'), polling: { delaysMs: [0, 0, 0], sleep: async () => undefined } });
  const force = { account: member, ForceRotate: 'dave' };
  await run('rotation, central mode with a replica region', 'rotation', centralEnv, force, () => central(force));
  const scheduled = { account: member };
  await run('rotation, central mode with a replica region', 'rotation', centralEnv, scheduled, () => central(scheduled));
  await drain(sqs, notificationQueue.url);
  return { counts, accountNames: { [MANAGEMENT_ACCOUNT_ID]: 'management', [member]: 'member', [other]: 'other member' } };
}
