import {
  SQSClient,
  type BatchResultErrorEntry,
  type SendMessageBatchCommandInput,
  type SendMessageBatchCommandOutput,
} from '@aws-sdk/client-sqs';
import { withPlugins } from '../../../functions/core/aws/plugins';
import { createLogger } from '../../../functions/core/log/logger';
import type { RotationRequest } from '../../../functions/core/messages/rotation-request';
import { EnqueueError } from '../../../functions/inventory/errors';
import { backoffMs, DEFAULT_RETRY, enqueueRotationRequests, toBatches, type RetryPolicy } from '../../../functions/inventory/queue';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/rotation';
const quiet = createLogger('inventory', { sink: () => undefined });

type Failure = Omit<BatchResultErrorEntry, 'Id'>;
/** Per call: entries to fail by id, or an error for the whole call. */
type Reply = (call: number) => { failed?: Partial<Record<string, Failure>>; throws?: Error };

/**
 * An SQS client whose SendMessageBatch never leaves the process: the reply
 * function decides, per call, which entries fail. Records every call's entries.
 */
function fakeSqs(reply: Reply): { sqs: SQSClient; calls: { ids: string[]; bodies: string[] }[] } {
  const calls: { ids: string[]; bodies: string[] }[] = [];
  const sqs = withPlugins(new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }), {
    plugins: [
      {
        applyToStack: (stack) =>
          stack.add(
            () => async (args) => {
              const entries = (args.input as SendMessageBatchCommandInput).Entries ?? [];
              const ids = entries.map((entry) => entry.Id ?? '?');
              calls.push({ ids, bodies: entries.map((entry) => entry.MessageBody ?? '') });
              const outcome = reply(calls.length);
              if (outcome.throws) throw outcome.throws;
              const byId = outcome.failed ?? {};
              const failed = ids.flatMap((id) => {
                const failure = byId[id];
                return failure ? [{ Id: id, ...failure }] : [];
              });
              const output: SendMessageBatchCommandOutput = {
                Successful: ids.filter((id) => !byId[id]).map((Id) => ({ Id, MessageId: `m-${Id}`, MD5OfMessageBody: '' })),
                Failed: failed,
                $metadata: {},
              };
              return { output, response: {} };
            },
            { step: 'initialize', name: 'fakeSqs' },
          ),
      },
    ],
  });
  return { sqs, calls };
}

function requests(count: number): RotationRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    account: String(100000000000 + i),
    name: `a${i}`,
    email: `a${i}@example.com`,
    runId: 'run',
    expectedAccounts: count,
  }));
}

const INTERNAL: Failure = { Code: 'InternalError', SenderFault: false, Message: 'try again' };
const SENDER: Failure = { Code: 'InvalidMessageContents', SenderFault: true, Message: 'bad' };

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { ...DEFAULT_RETRY, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms), sleeps, ...overrides };
}

describe('enqueueRotationRequests', () => {
  test('sends 10 entries a batch, one message body per request, nothing retried when all succeed', async () => {
    const { sqs, calls } = fakeSqs(() => ({}));
    const retry = policy();
    expect(await enqueueRotationRequests(sqs, QUEUE, requests(23), retry, quiet)).toBe(23);
    expect(calls.map((call) => call.ids.length)).toEqual([10, 10, 3]);
    expect(JSON.parse(calls[2]?.bodies[0] ?? '')).toEqual(requests(23)[20]);
    expect(retry.sleeps).toEqual([]);
  });

  test('retries only the entries that failed on the service side, with growing backoff', async () => {
    const first = '100000000003';
    const second = '100000000007';
    const { sqs, calls } = fakeSqs((call) =>
      call === 1 ? { failed: { [first]: INTERNAL, [second]: INTERNAL } } : call === 2 ? { failed: { [second]: INTERNAL } } : {},
    );
    const retry = policy({ concurrency: 1 });
    expect(await enqueueRotationRequests(sqs, QUEUE, requests(10), retry, quiet)).toBe(10);
    expect(calls.map((call) => call.ids)).toEqual([requests(10).map((r) => r.account), [first, second], [second]]);
    expect(retry.sleeps).toEqual([backoffMs(retry, 1), backoffMs(retry, 2)]);
    expect(retry.sleeps[1]).toBeGreaterThan(retry.sleeps[0] ?? Infinity);
  });

  test('sender faults are not retried; service failures stop after maxAttempts; EnqueueError names both', async () => {
    const bad = '100000000001';
    const flaky = '100000000002';
    const { sqs, calls } = fakeSqs(() => ({ failed: { [bad]: SENDER, [flaky]: INTERNAL } }));
    const retry = policy({ maxAttempts: 3 });
    const run = enqueueRotationRequests(sqs, QUEUE, requests(12), retry, quiet);
    const error = (await run.catch((e: unknown) => e)) as EnqueueError;
    expect(error).toBeInstanceOf(EnqueueError);
    expect(error.failed).toEqual([
      { account: bad, code: 'InvalidMessageContents', message: 'bad' },
      { account: flaky, code: 'InternalError', message: 'try again' },
    ]);
    expect(error.enqueued).toBe(10);
    expect(error.total).toBe(12);
    expect(error.message).toMatch(/^2 of 12 rotation request\(s\) not enqueued/);
    expect(calls.filter((call) => call.ids.includes(flaky))).toHaveLength(3);
    expect(calls.filter((call) => call.ids.includes(bad))).toHaveLength(1);
    expect(retry.sleeps).toHaveLength(2);
  });

  test('a call that throws stops the remaining batches and fails with the cause', async () => {
    const denied = Object.assign(new Error('not allowed'), { name: 'AccessDenied' });
    const { sqs, calls } = fakeSqs((call) => (call === 2 ? { throws: denied } : {}));
    const run = enqueueRotationRequests(sqs, QUEUE, requests(50), policy({ concurrency: 1 }), quiet);
    const error = (await run.catch((e: unknown) => e)) as EnqueueError;
    expect(error).toBeInstanceOf(EnqueueError);
    expect(error.cause).toBe(denied);
    expect(error.enqueued).toBe(10);
    expect(error.failed).toHaveLength(10);
    expect(error.failed[0]?.code).toBe('AccessDenied');
    expect(error.message).toMatch(/^40 of 50 .* stopped by AccessDenied: not allowed$/);
    expect(calls).toHaveLength(2);
  });

  test('no requests, no calls', async () => {
    const { sqs, calls } = fakeSqs(() => ({}));
    expect(await enqueueRotationRequests(sqs, QUEUE, [], policy(), quiet)).toBe(0);
    expect(calls).toEqual([]);
  });
});

describe('batching and backoff', () => {
  test('toBatches splits at 10', () => {
    expect(toBatches([...Array(21).keys()]).map((batch) => batch.length)).toEqual([10, 10, 1]);
    expect(toBatches([])).toEqual([]);
  });

  test('backoff doubles up to the ceiling, scaled by the jitter', () => {
    const retry = policy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 });
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(retry, n))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffMs(policy({ random: () => 0 }), 3)).toBe(0);
  });
});
