import { CreateQueueCommand, GetQueueAttributesCommand, PurgeQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startMoto, type MotoServer } from '../test/harness/moto-server';
import { motoAt, useAwsEnvironment, type Moto } from '../test/harness/moto';
import { createAccount, createOrganization, credentialsIn } from '../test/harness/organization';
import { QUEUE_NAMES } from '../templates-src/shared/names';
import type { AwsCredentialIdentity } from '@smithy/types';

export interface Queue {
  readonly url: string;
  readonly arn: string;
}

export interface BenchEnvironment {
  readonly server: MotoServer;
  readonly moto: Moto;
  readonly sqs: SQSClient;
}

/** One moto for the whole run; each scenario resets it. The handlers find it through the SDK's environment. */
export async function startEnvironment(): Promise<BenchEnvironment> {
  const server = await startMoto();
  useAwsEnvironment(server.endpoint);
  const moto = motoAt(server.endpoint);
  return { server, moto, sqs: new SQSClient(moto.config()) };
}

export interface MemberAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly credentials: AwsCredentialIdentity;
}

/** A fresh Organization with `count` member accounts. */
export async function freshOrganization(env: BenchEnvironment, count: number): Promise<MemberAccount[]> {
  await env.moto.reset();
  await createOrganization(env.moto);
  const accounts: MemberAccount[] = [];
  for (let i = 0; i < count; i++) {
    const name = `bench-${String(i).padStart(2, '0')}`;
    const email = `${name}@example.com`;
    const id = await createAccount(env.moto, { name, email });
    accounts.push({ id, name, email, credentials: await credentialsIn(env.moto, id) });
  }
  return accounts;
}

export async function createQueue(env: BenchEnvironment, name: string): Promise<Queue> {
  const created = await env.sqs.send(new CreateQueueCommand({ QueueName: name }));
  const url = created.QueueUrl;
  if (!url) throw new Error(`moto created queue ${name} without a URL`);
  const attributes = await env.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  return { url, arn: attributes.Attributes?.QueueArn ?? `arn:aws:sqs:us-east-1:123456789012:${name}` };
}

export async function pipelineQueues(env: BenchEnvironment): Promise<{ rotation: Queue; notification: Queue }> {
  return { rotation: await createQueue(env, QUEUE_NAMES.rotation), notification: await createQueue(env, QUEUE_NAMES.notification) };
}

export async function queueDepth(env: BenchEnvironment, queue: Queue): Promise<number> {
  const attributes = await env.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

export async function purge(env: BenchEnvironment, queue: Queue): Promise<void> {
  await env.sqs.send(new PurgeQueueCommand({ QueueUrl: queue.url }));
}
