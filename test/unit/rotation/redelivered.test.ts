import { DEFAULT_LIFECYCLE_SETTINGS } from '../../../functions/core/lifecycle';
import type { ResultUser } from '../../../functions/core/messages/notification';
import { withRedeliveries, type Redelivery } from '../../../functions/rotation/delivery/redelivered';
import { buildNotifications, type NotificationInput } from '../../../functions/rotation/result/notifications';

const NOW = new Date('2026-12-08T06:00:00.000Z');
const AT = '2026-12-08T06:00:03.000Z';

const retry: Redelivery = { userName: 'etl', keyId: 'AKIANEW', deliveries: [{ target: 'GitHub acme/etl', kind: 'github', delivered: true, at: AT }], pending: [] };
const warned: ResultUser = {
  userName: 'etl',
  actions: [{ type: 'WARN', keyId: 'AKIAOLD', reason: 'DEACTIVATION_UPCOMING', severity: 'WARNING', dueAt: '2026-12-14T06:00:00.000Z', announces: 'DEACTIVATE', outcome: 'PLANNED' }],
};

describe('a retry that reached a target becomes a DELIVER action of its user', () => {
  test('a user with nothing else to say is reported for it', () => {
    expect(withRedeliveries([], [retry], NOW)).toEqual([
      {
        userName: 'etl',
        actions: [
          { type: 'DELIVER', keyId: 'AKIANEW', reason: 'DELIVERY_RETRIED', severity: 'INFO', dueAt: NOW.toISOString(), outcome: 'DONE', deliveries: retry.deliveries },
        ],
      },
    ]);
  });

  test("a user the plan reported gets it first among its actions (the retry ran before the plan); the targets still lacking the key ride along; other users are untouched", () => {
    const other: ResultUser = { userName: 'alice', actions: [] , failure: 'x' };
    const users = withRedeliveries([other, warned], [{ ...retry, pending: [{ target: 'GitLab data/etl', failure: 'HTTP 502' }] }], NOW);
    expect(users[0]).toBe(other);
    expect(users[1]?.actions.map((action) => action.type)).toEqual(['DELIVER', 'WARN']);
    expect(users[1]?.actions[0]?.pendingDeliveries).toEqual([{ target: 'GitLab data/etl', failure: 'HTTP 502' }]);
  });

  test('no retry, no change', () => {
    expect(withRedeliveries([warned], [], NOW)).toEqual([warned]);
  });
});

describe('buildNotifications sends it to the key owner', () => {
  const input = (over: Partial<NotificationInput> = {}): NotificationInput => ({
    accountId: '111122223333',
    accountEmail: 'account@example.com',
    adminEmail: 'admin@example.com',
    dryRun: false,
    now: NOW,
    runId: '2026-12-08T06-00-00Z',
    expectedAccounts: 1,
    settings: DEFAULT_LIFECYCLE_SETTINGS,
    users: withRedeliveries([], [retry], NOW),
    owners: new Map([['etl', 'data-team@example.com']]),
    notes: [],
    failures: [],
    ...over,
  });
  const delivers = (users: readonly ResultUser[]): number => users.flatMap((user) => user.actions).filter((action) => action.type === 'DELIVER').length;

  test('the owner, the account contact and the admin each get it once', () => {
    const messages = buildNotifications(input());
    expect(messages.map((message) => [message.recipient.role, message.recipient.email, delivers(message.users)])).toEqual([
      ['ADMIN', 'admin@example.com', 1],
      ['ACCOUNT', 'account@example.com', 1],
      ['OWNER', 'data-team@example.com', 1],
    ]);
  });

  test('an owner who is also the account contact gets one mail with it once', () => {
    const messages = buildNotifications(input({ owners: new Map([['etl', 'Account@Example.com']]) }));
    const theirs = messages.filter((message) => message.recipient.email.toLowerCase() === 'account@example.com');
    expect(theirs.map((message) => [message.recipient.role, delivers(message.users)])).toEqual([['ACCOUNT', 1]]);
  });
});
