import { backoffMs, MAX_BATCH_BYTES, sendMessageBatches, toBatches, type BatchEntry } from '../../../functions/core/aws/sqs-batch-send';
import { fakeSqsBatch, INTERNAL, recordingRetry as policy, SENDER } from '../../harness/fake-sqs-batch';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/q';

function entries(count: number, body = (i: number): string => `{"n":${i}}`): BatchEntry[] {
  return Array.from({ length: count }, (_, i) => ({ id: `e${i}`, body: body(i) }));
}

describe('sendMessageBatches: the one SQS batch sender', () => {
  test('all sent: 10 entries a call, bodies as given, no retry', async () => {
    const { sqs, calls } = fakeSqsBatch(() => ({}));
    const retry = policy();
    const result = await sendMessageBatches(sqs, QUEUE, entries(21), retry);
    expect(result).toEqual({ sent: 21, failed: [] });
    expect(calls.map((call) => call.ids.length)).toEqual([10, 10, 1]);
    expect(calls[2]?.bodies).toEqual(['{"n":20}']);
    expect(retry.sleeps).toEqual([]);
  });

  test('a partial failure: only the failed entries are sent again, with backoff, and each retry is announced', async () => {
    const { sqs, calls } = fakeSqsBatch((call) => (call === 1 ? { failed: { e2: INTERNAL, e5: INTERNAL } } : call === 2 ? { failed: { e5: INTERNAL } } : {}));
    const retry = policy({ concurrency: 1 });
    const announced: [number, string[]][] = [];
    const result = await sendMessageBatches(sqs, QUEUE, entries(8), retry, (attempt, failures) => announced.push([attempt, failures.map((f) => f.id)]));
    expect(result).toEqual({ sent: 8, failed: [] });
    expect(calls.map((call) => call.ids)).toEqual([entries(8).map((e) => e.id), ['e2', 'e5'], ['e5']]);
    expect(retry.sleeps).toEqual([backoffMs(retry, 1), backoffMs(retry, 2)]);
    expect(announced).toEqual([
      [1, ['e2', 'e5']],
      [2, ['e5']],
    ]);
  });

  test('sender faults are failed at once; service failures after maxAttempts; the rest is sent', async () => {
    const { sqs, calls } = fakeSqsBatch(() => ({ failed: { e1: SENDER, e3: INTERNAL } }));
    const result = await sendMessageBatches(sqs, QUEUE, entries(12), policy({ maxAttempts: 3 }));
    expect(result.sent).toBe(10);
    expect(result.failed).toEqual([
      { id: 'e1', code: 'InvalidMessageContents', message: 'bad' },
      { id: 'e3', code: 'InternalError', message: 'try again' },
    ]);
    expect(result.error).toBeUndefined();
    expect(calls.filter((call) => call.ids.includes('e3'))).toHaveLength(3);
    expect(calls.filter((call) => call.ids.includes('e1'))).toHaveLength(1);
  });

  test('a call that throws stops further batches and returns the error', async () => {
    const denied = Object.assign(new Error('not allowed'), { name: 'AccessDenied' });
    const { sqs, calls } = fakeSqsBatch((call) => (call === 2 ? { throws: denied } : {}));
    const result = await sendMessageBatches(sqs, QUEUE, entries(40), policy({ concurrency: 1 }));
    expect(result.sent).toBe(10);
    expect(result.error).toBe(denied);
    expect(result.failed).toHaveLength(10);
    expect(result.failed[0]).toEqual({ id: 'e10', code: 'AccessDenied', message: 'AccessDenied: not allowed' });
    expect(calls).toHaveLength(2);
  });

  test('an entry larger than a batch may be is failed without a call; the others are sent', async () => {
    const { sqs, calls } = fakeSqsBatch(() => ({}));
    const big = 'x'.repeat(MAX_BATCH_BYTES + 1);
    const result = await sendMessageBatches(sqs, QUEUE, entries(3, (i) => (i === 1 ? big : 'small')), policy());
    expect(result.sent).toBe(2);
    expect(result.failed).toEqual([{ id: 'e1', code: 'TooLarge', message: `over ${MAX_BATCH_BYTES} bytes` }]);
    expect(calls.map((call) => call.ids)).toEqual([['e0', 'e2']]);
  });

  test('nothing to send, no call', async () => {
    const { sqs, calls } = fakeSqsBatch(() => ({}));
    expect(await sendMessageBatches(sqs, QUEUE, [], policy())).toEqual({ sent: 0, failed: [] });
    expect(calls).toEqual([]);
  });
});

describe('batching and backoff', () => {
  test('toBatches splits at 10 entries and before the byte limit', () => {
    expect(toBatches(entries(21)).map((batch) => batch.length)).toEqual([10, 10, 1]);
    expect(toBatches([])).toEqual([]);
    const third = 'x'.repeat(Math.floor(MAX_BATCH_BYTES / 3));
    expect(toBatches(entries(7, () => third)).map((batch) => batch.length)).toEqual([3, 3, 1]);
  });

  test('backoff doubles up to the ceiling, scaled by the jitter', () => {
    const retry = policy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 });
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(retry, n))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffMs(policy({ random: () => 0 }), 3)).toBe(0);
  });
});
