import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QUEUE_NAMES } from '../contract/names';
import { startMoto, type MotoServer } from './moto-server';
import { MANAGEMENT_ACCOUNT_ID, motoAt, useAwsEnvironment, type Moto } from './moto';

/**
 * The main stack as it would be deployed, emulated on moto for the demo and
 * the benchmark: its queues, its artifacts bucket and verified sender. The
 * environment it gives each function comes from the synthesized template
 * (scripts/lib/function-environment.ts).
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

/** Puts the functions' environment into this process, where in-process handlers read it at creation. */
export function applyEnvironment(env: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(env)) process.env[name] = value;
}
