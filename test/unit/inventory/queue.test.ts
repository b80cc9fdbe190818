import { createLogger } from '../../../functions/core/log/logger';
import { backoffMs } from '../../../functions/core/aws/sqs-batch-send';
import type { RotationRequest } from '../../../functions/core/messages/rotation-request';
import { EnqueueError } from '../../../functions/inventory/errors';
import { enqueueRotationRequests } from '../../../functions/inventory/queue';
import { fakeSqsBatch, INTERNAL, recordingRetry as policy, SENDER } from '../../harness/fake-sqs-batch';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/123456789012/rotation';
const quiet = createLogger('inventory', { sink: () => undefined });

function requests(count: number): RotationRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    account: String(100000000000 + i),
    name: `a${i}`,
    email: `a${i}@example.com`,
    runId: 'run',
    expectedAccounts: count,
  }));
}

describe('enqueueRotationRequests', () => {
  test('sends 10 entries a batch, one message body per request, nothing retried when all succeed', async () => {
    const { sqs, calls } = fakeSqsBatch(() => ({}));
    const retry = policy();
    expect(await enqueueRotationRequests(sqs, QUEUE, requests(23), retry, quiet)).toBe(23);
    expect(calls.map((call) => call.ids.length)).toEqual([10, 10, 3]);
    expect(JSON.parse(calls[2]?.bodies[0] ?? '')).toEqual(requests(23)[20]);
    expect(retry.sleeps).toEqual([]);
  });

  test('retries only the entries that failed on the service side, with growing backoff', async () => {
    const first = '100000000003';
    const second = '100000000007';
    const { sqs, calls } = fakeSqsBatch((call) =>
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
    const { sqs, calls } = fakeSqsBatch(() => ({ failed: { [bad]: SENDER, [flaky]: INTERNAL } }));
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
    const { sqs, calls } = fakeSqsBatch((call) => (call === 2 ? { throws: denied } : {}));
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

  test('logs each retry with the accounts and codes', async () => {
    const flaky = '100000000004';
    const lines: string[] = [];
    const logger = createLogger('inventory', { sink: (line) => void lines.push(line) });
    const { sqs } = fakeSqsBatch((call) => (call === 1 ? { failed: { [flaky]: INTERNAL } } : {}));
    expect(await enqueueRotationRequests(sqs, QUEUE, requests(5), policy(), logger)).toBe(5);
    const warning = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.message === 'rotation requests not enqueued, retrying them');
    expect(warning).toMatchObject({ attempt: 1, accounts: [flaky], codes: ['InternalError'] });
  });

  test('no requests, no calls', async () => {
    const { sqs, calls } = fakeSqsBatch(() => ({}));
    expect(await enqueueRotationRequests(sqs, QUEUE, [], policy(), quiet)).toBe(0);
    expect(calls).toEqual([]);
  });
});
