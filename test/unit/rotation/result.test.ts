import { DEFAULT_LIFECYCLE_SETTINGS } from '../../../functions/core/lifecycle';
import type { ResultUser } from '../../../functions/core/messages/notification';
import { buildNotifications, type NotificationInput } from '../../../functions/rotation/result/notifications';
import { DEFAULT_BATCH_RETRY } from '../../../functions/core/aws/sqs-batch-send';
import { NotificationQueueError } from '../../../functions/rotation/errors';
import { fitToQueue, queueNotifications } from '../../../functions/rotation/result/queue';
import { fakeSqsBatch, INTERNAL, SENDER } from '../../harness/fake-sqs-batch';

const user = (userName: string): ResultUser => ({
  userName,
  actions: [{ type: 'WARN', keyId: `AKIA${userName.toUpperCase()}`, reason: 'ROTATION_UPCOMING', severity: 'WARNING', dueAt: '2025-06-09T09:00:00.000Z', announces: 'ROTATE', outcome: 'PLANNED' }],
});
const input = (over: Partial<NotificationInput> = {}): NotificationInput => ({
  accountId: '111122223333',
  accountEmail: 'account@example.com',
  adminEmail: 'admin@example.com',
  dryRun: false,
  now: new Date('2025-06-02T09:00:00Z'),
  settings: DEFAULT_LIFECYCLE_SETTINGS,
  users: [user('a'), user('b'), user('c')],
  owners: new Map([
    ['a', 'owner@example.com'],
    ['b', 'Owner@Example.com'],
    ['c', 'account@example.com'],
  ]),
  failures: [],
  ...over,
});

describe('notifications', () => {
  test('one message per recipient; owners get only their users; an owner who already gets the whole account gets no copy', () => {
    const messages = buildNotifications(input());
    expect(messages.map((m) => [m.recipient.role, m.recipient.email, m.users.map((u) => u.userName)])).toEqual([
      ['ADMIN', 'admin@example.com', ['a', 'b', 'c']],
      ['ACCOUNT', 'account@example.com', ['a', 'b', 'c']],
      ['OWNER', 'owner@example.com', ['a', 'b']],
    ]);
  });

  test('with nothing to say only the admin is sent a message (the digest counts accounts); an account email equal to the admin is not doubled', () => {
    expect(buildNotifications(input({ users: [] })).map((m) => m.recipient.role)).toEqual(['ADMIN']);
    expect(buildNotifications(input({ accountEmail: 'ADMIN@example.com' })).map((m) => m.recipient.email)).toEqual([
      'admin@example.com',
      'owner@example.com',
      'account@example.com',
    ]);
  });

  test('in a scheduled run the admin, when also the contact or an owner, gets that mail too: the digest may wait for DigestWeekday', () => {
    const scheduled = { runId: 'run-1', expectedAccounts: 1 };
    const asContact = buildNotifications(input({ ...scheduled, accountEmail: 'ADMIN@example.com' }));
    expect(asContact.map((m) => [m.recipient.role, m.recipient.email.toLowerCase()])).toEqual([
      ['ADMIN', 'admin@example.com'],
      ['ACCOUNT', 'admin@example.com'],
      ['OWNER', 'owner@example.com'],
      ['OWNER', 'account@example.com'],
    ]);
    const asOwner = buildNotifications(input({ ...scheduled, owners: new Map([['a', 'admin@example.com']]) }));
    expect(asOwner.filter((m) => m.recipient.role === 'OWNER').map((m) => [m.recipient.email, m.users.map((u) => u.userName)])).toEqual([['admin@example.com', ['a']]]);
  });

  test('a message to one recipient too large for SQS keeps the users that fit and says how many more there are', () => {
    const many = Array.from({ length: 3000 }, (_, i) => user(`user-${i}`));
    const [, contact] = buildNotifications(input({ users: many, owners: new Map() }));
    const fitted = fitToQueue(contact!);
    expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThanOrEqual(240 * 1024);
    expect(fitted.recipient).toEqual(contact?.recipient);
    const kept = fitted.users.length;
    expect(kept).toBeGreaterThan(100);
    expect(kept).toBeLessThan(many.length);
    expect(fitted.users).toEqual(many.slice(0, kept));
    expect(fitted.notes?.at(-1)).toBe(`${many.length - kept} more user(s) of this account have news that did not fit in this message; the administrator's digest and the run's keys.csv list them all`);
    // A message that fits is left as it is.
    const small = fitToQueue({ ...contact!, users: many.slice(0, 5) });
    expect(small).toEqual({ ...contact!, users: many.slice(0, 5) });
  });

  test('queued through the one batch sender: a failure on the service side is retried; what is still not queued is named by recipient', async () => {
    const messages = buildNotifications(input());
    const retry = { ...DEFAULT_BATCH_RETRY, maxAttempts: 3, concurrency: 1, sleep: async () => undefined };
    const flaky = fakeSqsBatch((call) => (call === 1 ? { failed: { m1: INTERNAL } } : {}));
    expect(await queueNotifications(flaky.sqs, 'https://sqs.us-east-1.amazonaws.com/1/n', messages, retry)).toBe(3);
    expect(flaky.calls.map((call) => call.ids)).toEqual([['m0', 'm1', 'm2'], ['m1']]);
    const refused = fakeSqsBatch(() => ({ failed: { m2: SENDER } }));
    const error = await queueNotifications(refused.sqs, 'https://sqs.us-east-1.amazonaws.com/1/n', messages, retry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotificationQueueError);
    expect((error as Error).message).toBe('1 of 3 notifications not queued: OWNER:owner@example.com: InvalidMessageContents bad');
    expect(refused.calls).toHaveLength(1);
  });
});
