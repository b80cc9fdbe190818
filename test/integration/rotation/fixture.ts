import { IAMClient, ListAccessKeysCommand, ListUserTagsCommand, type AccessKeyMetadata } from '@aws-sdk/client-iam';
import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { ClientPlugin } from '../../../functions/core/aws/plugins';
import { createLogger } from '../../../functions/core/log/logger';
import type { PacerClock } from '../../../functions/core/where-used/pacer';
import { createMetrics } from '../../../functions/core/metrics/metrics';
import type { NotificationMessage } from '../../../functions/core/messages/notification';
import type { DigestMessage, RunDigest } from '../../../functions/core/messages/run';
import { createRotationHandler, type RunSummary } from '../../../functions/rotation';
import type { StoredAccessKey } from '../../../functions/rotation/apply/secret-store';
import { USER_TAGS } from '../../../contract/names';
import { createQueue } from '../../../emulator/deployment';
import type { Moto } from '../../../emulator/moto';
import { templateEnvironments } from '../../../scripts/lib/function-environment';
import { createAccount, createOrganization, credentialsIn } from '../../../emulator/organization';

export const ADMIN = 'security-admin@example.com';
export const ACCOUNT_EMAIL = 'workload-owner@example.com';
export const OWNER_TAG = 'owner';
/** The artifacts bucket, where a scheduled run keeps its state (Runs/, Digests/, reports/). */
export const RUN_BUCKET = 'rotation-test-artifacts';
export const RUN_PREFIX = 'asa/asa-iam-rotation';

export interface World {
  readonly memberId: string;
  readonly member: AwsCredentialIdentity;
  readonly queueUrl: string;
  readonly env: Record<string, string>;
}

/** An Organization with one member account, the notification queue, and the rotation function's environment (enforce mode). */
export async function createWorld(moto: Moto, env: Record<string, string> = {}): Promise<World> {
  await createOrganization(moto);
  const memberId = await createAccount(moto, { name: 'workload', email: ACCOUNT_EMAIL });
  const member = await credentialsIn(moto, memberId);
  const queue = await createQueue(new SQSClient(moto.config()), 'notifications');
  await new S3Client({ ...moto.config(), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: RUN_BUCKET }));
  // The rotation function's environment as the main template gives it, enforce mode, for this test's queue, bucket and admin.
  const parameters = { DryRunFlag: 'False', ResourceOwnerTag: OWNER_TAG, AdminEmailAddress: ADMIN, S3BucketName: RUN_BUCKET, S3BucketPrefix: RUN_PREFIX };
  const template = templateEnvironments({ queues: { rotation: queue, notification: queue }, parameters }).rotation;
  return {
    memberId,
    member,
    queueUrl: queue.url,
    env: { ...template, ...env },
  };
}

export interface Invocation {
  readonly result: RunSummary | SQSBatchResponse;
  readonly logLines: string[];
  /** The EMF lines the run wrote (test/integration/metrics reads them from stdout instead). */
  readonly metricLines: string[];
}

/** Runs the handler in-process as Lambda would, with the run's `now` and the given SDK plugins. */
export async function invoke(
  world: World,
  event: unknown,
  options: { now: Date; plugins?: readonly ClientPlugin[]; env?: Record<string, string>; trailClock?: PacerClock },
): Promise<Invocation> {
  const logLines: string[] = [];
  const metricLines: string[] = [];
  const handler = createRotationHandler({
    env: { ...world.env, ...options.env },
    now: () => options.now,
    plugins: options.plugins ?? [],
    logger: createLogger('rotation', { sink: (line) => logLines.push(line), level: 'DEBUG' }),
    metrics: createMetrics('rotation', { sink: (line) => metricLines.push(line) }),
    polling: { delaysMs: [0, 0, 0], sleep: async () => undefined },
    ...(options.trailClock ? { trailClock: options.trailClock } : {}),
  });
  return { result: await handler(event), logLines, metricLines };
}

export async function run(
  world: World,
  now: Date,
  extra: Record<string, unknown> = {},
  options: { plugins?: readonly ClientPlugin[]; env?: Record<string, string> } = {},
): Promise<RunSummary> {
  const { result } = await invoke(world, { account: world.memberId, email: ACCOUNT_EMAIL, ...extra }, { now, ...options });
  return result as RunSummary;
}

export async function keysOf(moto: Moto, credentials: AwsCredentialIdentity, userName: string): Promise<AccessKeyMetadata[]> {
  const listed = await new IAMClient(moto.config(credentials)).send(new ListAccessKeysCommand({ UserName: userName }));
  return [...(listed.AccessKeyMetadata ?? [])].sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0));
}

/** An application signs one request with the key at `at` (S3 ListBuckets in eu-west-1), so IAM records its last use. */
export async function useKey(moto: Moto, key: { accessKeyId: string; secretAccessKey: string }, at: Date): Promise<void> {
  const s3 = new S3Client({ ...moto.config(key), region: 'eu-west-1', forcePathStyle: true });
  await moto.clock.at(at, () => s3.send(new ListBucketsCommand({})));
}

/** A user's tag value, read from outside the product; undefined when the user has no such tag. */
export async function tagOf(moto: Moto, credentials: AwsCredentialIdentity, userName: string, key: string): Promise<string | undefined> {
  const tags = await new IAMClient(moto.config(credentials)).send(new ListUserTagsCommand({ UserName: userName }));
  return tags.Tags?.find((tag) => tag.Key === key)?.Value;
}

/** The tool's record of the keys it deactivated for a user (tag IAMKeyRotationDeactivated). */
export function recordOf(moto: Moto, credentials: AwsCredentialIdentity, userName: string): Promise<string | undefined> {
  return tagOf(moto, credentials, userName, USER_TAGS.deactivated);
}

export interface StoredSecret {
  readonly value: StoredAccessKey;
  readonly policy: { Statement: { Sid?: string; Effect: string; Principal: '*' | { AWS: string | string[] }; Condition?: Record<string, Record<string, string[]>> }[] };
  readonly tags: Record<string, string>;
}

export async function secretOf(moto: Moto, credentials: AwsCredentialIdentity, name: string): Promise<StoredSecret | undefined> {
  const sm = new SecretsManagerClient(moto.config(credentials));
  try {
    const value = await sm.send(new GetSecretValueCommand({ SecretId: name }));
    const policy = await sm.send(new GetResourcePolicyCommand({ SecretId: name }));
    const described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    return {
      value: JSON.parse(value.SecretString ?? '{}') as StoredAccessKey,
      policy: JSON.parse(policy.ResourcePolicy ?? '{"Statement":[]}') as StoredSecret['policy'],
      tags: Object.fromEntries((described.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
    };
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** Every principal the secret's resource policy allows (the Deny names everyone, Principal "*"). */
export function principals(secret: StoredSecret): string[] {
  return secret.policy.Statement.flatMap((statement) =>
    statement.Effect === 'Allow' && statement.Principal !== '*' ? [statement.Principal.AWS].flat() : [],
  );
}

/** Drains a queue: the raw message bodies, in the order received. */
export async function drainBodies(moto: Moto, queueUrl: string): Promise<string[]> {
  const sqs = new SQSClient(moto.config());
  const bodies: string[] = [];
  for (;;) {
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    const batch = received.Messages ?? [];
    if (batch.length === 0) return bodies;
    bodies.push(...batch.map((m) => m.Body ?? '{}'));
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
}

/** Drains the notification queue. */
/** The messages to recipients on the queue; a closed run's digest message, if any, is left out (drainQueued has it). */
export async function drainNotifications(moto: Moto, queueUrl: string): Promise<NotificationMessage[]> {
  return (await drainQueued(moto, queueUrl)).filter((body): body is NotificationMessage => !('kind' in body));
}

/** Everything on the notification queue: messages to recipients and closed runs' digest messages. */
export async function drainQueued(moto: Moto, queueUrl: string): Promise<Array<NotificationMessage | DigestMessage>> {
  return (await drainBodies(moto, queueUrl)).map((body) => JSON.parse(body) as NotificationMessage | DigestMessage);
}

/** A closed run's digest, as the close-run step stored it in Digests/<runId>.json. */
export async function storedDigest(moto: Moto, runId: string): Promise<RunDigest> {
  const object = await new S3Client({ ...moto.config(), forcePathStyle: true }).send(new GetObjectCommand({ Bucket: RUN_BUCKET, Key: `${RUN_PREFIX}/Digests/${runId}.json` }));
  return JSON.parse((await object.Body?.transformToString('utf-8')) ?? '{}') as RunDigest;
}

/** "ROTATE:DONE", "WARN:PLANNED", … for one user in a summary's messages. */
export function actionsFor(messages: readonly NotificationMessage[], userName: string, role = 'ADMIN'): string[] {
  const message = messages.find((m) => m.recipient.role === role);
  const user = message?.users.find((u) => u.userName === userName);
  return (user?.actions ?? []).map((a) => `${a.type === 'WARN' ? `WARN(${a.announces ?? '?'})` : a.type}:${a.outcome}`);
}
