import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { INVENTORY_ENV } from '../contract/env/inventory';
import { NOTIFIER_ENV } from '../contract/env/notifier';
import { POWERTOOLS_ENV } from '../contract/env/powertools';
import { METRICS_DISABLED } from '../contract/metrics';
import { ROTATION_ENV } from '../contract/env/rotation';
import {
  DEFAULT_EXEMPTION_GROUP,
  DEFAULT_EXEMPTION_TAG_KEY,
  DEFAULT_DIGEST_WEEKDAY,
  EMAIL_TEMPLATES,
  QUEUE_NAMES,
  ROLE_NAMES,
} from '../contract/names';
import { startMoto, type MotoServer } from './moto-server';
import { MANAGEMENT_ACCOUNT_ID, motoAt, useAwsEnvironment, type Moto } from './moto';

/**
 * The main stack as it would be deployed, emulated on moto for the demo and
 * the benchmark: its queues, its artifacts bucket and verified sender, and
 * the environment it gives each function (the template's defaults, enforce mode).
 */
export const ADMIN_EMAIL = 'security-admin@example.com';
export const TEMPLATE_BUCKET = 'bench-rotation-artifacts';
export const TEMPLATE_PREFIX = 'asa/asa-iam-rotation';
/** The user tag holding the key owner's address (the template's ResourceOwnerTag). */
export const OWNER_TAG_KEY = 'owner';

export interface EmulatedAws {
  readonly server: MotoServer;
  readonly moto: Moto;
  readonly sqs: SQSClient;
}

/** A moto server of our own, with this process's SDK default configuration pointed at it (in-process handlers find it there). */
export async function startEmulatedAws(): Promise<EmulatedAws> {
  const server = await startMoto();
  useAwsEnvironment(server.endpoint);
  const moto = motoAt(server.endpoint);
  return { server, moto, sqs: new SQSClient(moto.config()) };
}

export interface Queue {
  readonly url: string;
  readonly arn: string;
}

export interface QueueUrls {
  readonly rotation: string;
  readonly notification: string;
}

export async function createQueue(sqs: SQSClient, name: string): Promise<Queue> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const url = created.QueueUrl;
  if (!url) throw new Error(`moto created queue ${name} without a URL`);
  const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: attributes.Attributes?.QueueArn ?? `arn:aws:sqs:us-east-1:${MANAGEMENT_ACCOUNT_ID}:${name}` };
}

export async function pipelineQueues(sqs: SQSClient): Promise<{ rotation: Queue; notification: Queue }> {
  return { rotation: await createQueue(sqs, QUEUE_NAMES.rotation), notification: await createQueue(sqs, QUEUE_NAMES.notification) };
}

/**
 * What the notifier finds in a deployed account besides its queue: the
 * artifacts bucket (email templates, run records) and the admin address
 * verified as an SES sender.
 */
/** The stack's bucket, where the rotation function keeps its key ledger; no error when it is there already. */
export async function ensureStackBucket(moto: Moto): Promise<void> {
  await new S3Client({ ...moto.config(), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: TEMPLATE_BUCKET })).catch((error: Error) => {
    if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
  });
}

export async function prepareNotifier(moto: Moto): Promise<void> {
  const config = moto.config();
  await ensureStackBucket(moto);
  await new SESv2Client(config).send(new CreateEmailIdentityCommand({ EmailIdentity: ADMIN_EMAIL }));
}

/**
 * One environment for all three functions: the names do not overlap except
 * ADMIN_EMAIL, which means the same thing to both readers.
 */
export function handlerEnvironment(queues: QueueUrls): Record<string, string> {
  return {
    // The demo and the bench print their own report; the functions log failures only, and write no metrics.
    [POWERTOOLS_ENV.logLevel]: 'ERROR',
    [METRICS_DISABLED]: 'true',
    [ROTATION_ENV.dryRun]: 'False',
    [ROTATION_ENV.rotationPeriod]: '90',
    [ROTATION_ENV.inactiveBuffer]: '10',
    [ROTATION_ENV.recoveryGracePeriod]: '10',
    [ROTATION_ENV.inactivePeriod]: '100',
    [ROTATION_ENV.warningDays]: '7,1',
    [ROTATION_ENV.exemptionGroup]: DEFAULT_EXEMPTION_GROUP,
    [ROTATION_ENV.exemptionTagKey]: DEFAULT_EXEMPTION_TAG_KEY,
    [ROTATION_ENV.assumedRoleName]: ROLE_NAMES.assumed,
    [ROTATION_ENV.ownerTagKey]: OWNER_TAG_KEY,
    [ROTATION_ENV.storeSecretsInCentralAccount]: 'False',
    [ROTATION_ENV.notificationQueueUrl]: queues.notification,
    [ROTATION_ENV.adminEmail]: ADMIN_EMAIL,
    [INVENTORY_ENV.orgListAccount]: MANAGEMENT_ACCOUNT_ID,
    [INVENTORY_ENV.orgListRole]: ROLE_NAMES.listAccounts,
    [INVENTORY_ENV.rotationQueueUrl]: queues.rotation,
    [NOTIFIER_ENV.bucketName]: TEMPLATE_BUCKET,
    [NOTIFIER_ENV.bucketPrefix]: TEMPLATE_PREFIX,
    [NOTIFIER_ENV.emailTemplateEnforce]: EMAIL_TEMPLATES.enforce,
    [NOTIFIER_ENV.emailTemplateAudit]: EMAIL_TEMPLATES.audit,
    [NOTIFIER_ENV.runInVpc]: 'False',
    [NOTIFIER_ENV.digestWeekday]: DEFAULT_DIGEST_WEEKDAY,
  };
}

/** Puts the functions' environment into this process, where in-process handlers read it at creation. */
export function applyEnvironment(env: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(env)) process.env[name] = value;
}
