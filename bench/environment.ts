import { GetQueueAttributesCommand, PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { startEmulatedAws, type EmulatedAws, type Queue } from '../emulator/deployment';
import { createAccount, createOrganization, credentialsIn } from '../emulator/organization';
import type { AwsCredentialIdentity } from '@smithy/types';

/** One moto for the whole run; each scenario resets it. */
export type BenchEnvironment = EmulatedAws;
export const startEnvironment = startEmulatedAws;

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

export async function queueDepth(env: BenchEnvironment, queue: Queue): Promise<number> {
  const attributes = await env.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

export async function purge(env: BenchEnvironment, queue: Queue): Promise<void> {
  await env.sqs.send(new PurgeQueueCommand({ QueueUrl: queue.url }));
}
