import { SendMessageBatchCommand, type SendMessageBatchCommandOutput, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { mapWithConcurrency } from '../async/map-with-concurrency';
import { describeError } from '../errors/describe';

/** SQS takes at most 10 entries per SendMessageBatch. */
export const MAX_BATCH_ENTRIES = 10;
/** SQS takes at most 256 KiB per SendMessageBatch; stay under it with room for attributes. */
export const MAX_BATCH_BYTES = 240 * 1024;

/** One message: `id` is unique within the call (SQS's entry id: letters, digits, `-` and `_`, at most 80). */
export interface BatchEntry {
  readonly id: string;
  readonly body: string;
}

export interface FailedBatchEntry {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

export interface BatchRetry {
  /** Attempts per entry, the first one included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Batches in flight at once. */
  readonly concurrency: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1); jitter spreads retries of concurrent batches apart. */
  readonly random: () => number;
}

export const DEFAULT_BATCH_RETRY: BatchRetry = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  concurrency: 4,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export interface BatchSendResult {
  readonly sent: number;
  /** Entries not sent: rejected as the sender's fault, too large, still failing after maxAttempts, or in the call that threw. */
  readonly failed: readonly FailedBatchEntry[];
  /** A call threw (the SDK had already retried what it deems transient): the batches not yet sent were not, and are not in `failed`. */
  readonly error?: unknown;
}

/** Called before entries the service failed on its side are sent again. */
export type OnRetry = (attempt: number, failures: readonly FailedBatchEntry[]) => void;

/** Full-jitter exponential backoff before retry number `retry` (1 for the first retry). */
export function backoffMs(policy: BatchRetry, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * ceiling);
}

/** In order, as few batches as the entry and byte limits allow. */
export function toBatches(entries: readonly BatchEntry[], maxBytes: number = MAX_BATCH_BYTES): BatchEntry[][] {
  const batches: BatchEntry[][] = [];
  let current: BatchEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.body);
    if (current.length === MAX_BATCH_ENTRIES || (current.length > 0 && bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

// Hand-written: the SDK retries a failed call, not the entries SQS failed inside a successful one, and no library does.
/**
 * Sends the entries in as few SendMessageBatch calls as SQS's limits allow,
 * `policy.concurrency` at a time. Entries the service failed on its side are
 * retried alone, with backoff, up to maxAttempts; entries it rejected as the
 * sender's fault are not (they would fail the same way), nor is an entry
 * larger than a batch may be. A call that throws stops further batches.
 * Never throws: the caller names what was not sent in its own error.
 */
export async function sendMessageBatches(
  sqs: SQSClient,
  queueUrl: string,
  entries: readonly BatchEntry[],
  policy: BatchRetry,
  onRetry: OnRetry = () => undefined,
): Promise<BatchSendResult> {
  const tooLarge = entries.filter((entry) => Buffer.byteLength(entry.body) > MAX_BATCH_BYTES);
  const failed: FailedBatchEntry[] = tooLarge.map((entry) => ({ id: entry.id, code: 'TooLarge', message: `over ${MAX_BATCH_BYTES} bytes` }));
  let sent = 0;
  let error: unknown;
  let stopped = false;
  const batches = toBatches(entries.filter((entry) => !tooLarge.includes(entry)));
  await mapWithConcurrency(batches, policy.concurrency, async (batch) => {
    if (stopped) return;
    const outcome = await sendBatch(sqs, queueUrl, batch, policy, onRetry);
    sent += outcome.sent;
    failed.push(...outcome.failed);
    if (outcome.stopped && !stopped) {
      stopped = true;
      error = outcome.error;
    }
  });
  return { sent, failed, ...(stopped ? { error } : {}) };
}

interface BatchOutcome {
  readonly sent: number;
  readonly failed: readonly FailedBatchEntry[];
  /** The call threw: the batch's remaining entries are in `failed`, and no further batch should be sent. */
  readonly stopped: boolean;
  readonly error?: unknown;
}

async function sendBatch(sqs: SQSClient, queueUrl: string, batch: readonly BatchEntry[], policy: BatchRetry, onRetry: OnRetry): Promise<BatchOutcome> {
  let pending: SendMessageBatchRequestEntry[] = batch.map((entry) => ({ Id: entry.id, MessageBody: entry.body }));
  const permanent: FailedBatchEntry[] = [];
  let sent = 0;
  let lastFailures = new Map<string, FailedBatchEntry>();
  for (let attempt = 1; pending.length > 0 && attempt <= policy.maxAttempts; attempt++) {
    if (attempt > 1) await policy.sleep(backoffMs(policy, attempt - 1));
    let response: SendMessageBatchCommandOutput;
    try {
      response = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
    } catch (error) {
      const code = error instanceof Error ? error.name : 'Error';
      const message = describeError(error);
      return { sent, failed: [...permanent, ...pending.map((entry) => ({ id: entry.Id ?? '?', code, message }))], stopped: true, error };
    }
    const succeeded = new Set((response.Successful ?? []).map((entry) => entry.Id));
    sent += succeeded.size;
    lastFailures = new Map();
    const retry: SendMessageBatchRequestEntry[] = [];
    for (const entry of pending) {
      if (succeeded.has(entry.Id)) continue;
      const failure = response.Failed?.find((f) => f.Id === entry.Id);
      const detail: FailedBatchEntry = {
        id: entry.Id ?? '?',
        code: failure?.Code ?? 'NoResult',
        message: failure?.Message ?? 'neither Successful nor Failed listed this entry',
      };
      if (failure?.SenderFault) permanent.push(detail);
      else {
        lastFailures.set(detail.id, detail);
        retry.push(entry);
      }
    }
    if (retry.length > 0 && attempt < policy.maxAttempts) onRetry(attempt, [...lastFailures.values()]);
    pending = retry;
  }
  const exhausted = pending.map((entry) => lastFailures.get(entry.Id ?? '') ?? { id: entry.Id ?? '?', code: 'Unknown', message: 'not sent' });
  return { sent, failed: [...permanent, ...exhausted], stopped: false };
}
