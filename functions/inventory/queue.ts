import {
  SendMessageBatchCommand,
  type SendMessageBatchCommandOutput,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { RotationRequest } from '../core/messages/rotation-request';
import type { Logger } from '../core/log/logger';
import { describe, EnqueueError, type FailedEntry } from './errors';

/** SQS accepts at most 10 entries per SendMessageBatch. */
export const BATCH_SIZE = 10;

export interface RetryPolicy {
  /** Attempts per entry, the first one included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Batches in flight at once: enough to enqueue thousands of accounts quickly, few enough not to be throttled. */
  readonly concurrency: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1); jitter spreads retries of concurrent batches apart. */
  readonly random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  concurrency: 4,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Full-jitter exponential backoff before retry number `retry` (1 for the first retry). */
export function backoffMs(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * ceiling);
}

export function toBatches<T>(items: readonly T[], size: number = BATCH_SIZE): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

// Hand-written: the SDK retries a failed call, not the entries SQS failed inside a successful one, and no library does.
/**
 * Sends one message per request, 10 to a SendMessageBatch. Entries the
 * service failed on its side are retried alone, with backoff, up to
 * maxAttempts; entries it rejected as the sender's fault are not (they would
 * fail the same way). A call that throws (the SDK has already retried what
 * it considers transient) stops further batches. Whatever could not be
 * enqueued ends in one EnqueueError naming the accounts. Returns how many
 * messages were enqueued.
 */
export async function enqueueRotationRequests(
  sqs: SQSClient,
  queueUrl: string,
  requests: readonly RotationRequest[],
  policy: RetryPolicy,
  logger: Logger,
): Promise<number> {
  const batches = toBatches(requests);
  const failed: FailedEntry[] = [];
  let enqueued = 0;
  let fatal: unknown;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (fatal === undefined && next < batches.length) {
      const batch = batches[next++] ?? [];
      const outcome = await sendBatch(sqs, queueUrl, batch, policy, logger);
      enqueued += outcome.enqueued;
      failed.push(...outcome.failed);
      if (outcome.error !== undefined) fatal ??= outcome.error;
    }
  };
  await Promise.all(Array.from({ length: Math.min(policy.concurrency, batches.length) }, worker));
  if (fatal !== undefined) throw new EnqueueError(failed, enqueued, requests.length, { cause: fatal });
  if (failed.length > 0) throw new EnqueueError(failed, enqueued, requests.length);
  return enqueued;
}

interface BatchOutcome {
  readonly enqueued: number;
  readonly failed: readonly FailedEntry[];
  /** The call threw: the batch's remaining entries are in `failed`, and no further batch should be sent. */
  readonly error?: unknown;
}

async function sendBatch(
  sqs: SQSClient,
  queueUrl: string,
  batch: readonly RotationRequest[],
  policy: RetryPolicy,
  logger: Logger,
): Promise<BatchOutcome> {
  // The account id is unique within a run (the selection is deduplicated) and a valid entry id.
  let pending: SendMessageBatchRequestEntry[] = batch.map((request) => ({
    Id: request.account,
    MessageBody: JSON.stringify(request),
  }));
  const permanent: FailedEntry[] = [];
  let enqueued = 0;
  let lastFailures = new Map<string, FailedEntry>();
  for (let attempt = 1; pending.length > 0 && attempt <= policy.maxAttempts; attempt++) {
    if (attempt > 1) await policy.sleep(backoffMs(policy, attempt - 1));
    let response: SendMessageBatchCommandOutput;
    try {
      response = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
    } catch (error) {
      const code = error instanceof Error ? error.name : 'Error';
      const message = describe(error);
      return { enqueued, failed: [...permanent, ...pending.map((entry) => ({ account: entry.Id ?? '?', code, message }))], error };
    }
    const succeeded = new Set((response.Successful ?? []).map((entry) => entry.Id));
    enqueued += succeeded.size;
    lastFailures = new Map();
    const retry: SendMessageBatchRequestEntry[] = [];
    for (const entry of pending) {
      if (succeeded.has(entry.Id)) continue;
      const failure = response.Failed?.find((f) => f.Id === entry.Id);
      const detail: FailedEntry = {
        account: entry.Id ?? '?',
        code: failure?.Code ?? 'NoResult',
        message: failure?.Message ?? 'neither Successful nor Failed listed this entry',
      };
      if (failure?.SenderFault) permanent.push(detail);
      else {
        lastFailures.set(detail.account, detail);
        retry.push(entry);
      }
    }
    if (retry.length > 0 && attempt < policy.maxAttempts) {
      logger.warn('rotation requests not enqueued, retrying them', {
        attempt,
        accounts: retry.map((entry) => entry.Id),
        codes: [...new Set([...lastFailures.values()].map((f) => f.code))],
      });
    }
    pending = retry;
  }
  return { enqueued, failed: [...permanent, ...pending.map((entry) => lastFailures.get(entry.Id ?? '') ?? unknownFailure(entry))] };
}

function unknownFailure(entry: SendMessageBatchRequestEntry): FailedEntry {
  return { account: entry.Id ?? '?', code: 'Unknown', message: 'not enqueued' };
}
