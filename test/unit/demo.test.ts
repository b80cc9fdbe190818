import { installSimulatedClock } from '../../scripts/demo/clock';
import { laterDeliveries } from '../../scripts/demo/delivery';
import type { NotificationMessage, ResultAction } from '../../functions/core/messages/notification';
import { formatTimeline, recordChanges, recordReports, type KeyHistory, type KeySnapshot } from '../../scripts/demo/timeline';

const START = new Date('2026-01-05T06:00:00.000Z');
const DAY = 86_400_000;

function snapshot(...keys: Array<[string, string, string, number]>): Map<string, KeySnapshot> {
  return new Map(
    keys.map(([user, keyId, status, createdDay]) => [
      keyId,
      { account: 'A', user, keyId, status, createdAt: new Date(START.getTime() + createdDay * DAY) },
    ]),
  );
}

describe('demo timeline', () => {
  test('records creation, deactivation and deletion on the day they are seen, and prints them per key', () => {
    const histories = new Map<string, KeyHistory>();
    const day0 = snapshot(['alice', 'AKIAOLD00001', 'Active', -80]);
    recordChanges(histories, new Map(), day0, 0);
    const day10 = snapshot(['alice', 'AKIAOLD00001', 'Active', -80], ['alice', 'AKIANEW00002', 'Active', 10]);
    expect(recordChanges(histories, day0, day10, 10)).toEqual(['A/alice key …0002 created']);
    const day20 = snapshot(['alice', 'AKIAOLD00001', 'Inactive', -80], ['alice', 'AKIANEW00002', 'Active', 10]);
    expect(recordChanges(histories, day10, day20, 20)).toEqual(['A/alice key …0001 deactivated']);
    const day30 = snapshot(['alice', 'AKIANEW00002', 'Active', 10]);
    expect(recordChanges(histories, day20, day30, 30)).toEqual(['A/alice key …0001 deleted']);
    expect(formatTimeline(histories, START).split('\n')).toEqual([
      'A/alice                  key …0001 created day  -80: deactivated day 20, deleted day 30',
      'A/alice                  key …0002 created day   10: kept',
    ]);
  });

  test('postponements from the reports collapse into a range; a reactivation shows its hold', () => {
    const histories = new Map<string, KeyHistory>();
    recordChanges(histories, new Map(), snapshot(['bob', 'AKIABOB00001', 'Active', -100]), 0);
    const report = (day: number, action: object): NotificationMessage => ({
      version: 1,
      recipient: { email: 'a@example.com', role: 'ADMIN' },
      accountId: '111122223333',
      dryRun: false,
      generatedAt: new Date(START.getTime() + day * DAY).toISOString(),
      settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
      users: [{ userName: 'bob', actions: [{ keyId: 'AKIABOB00001', reason: 'KEY_IN_USE', dueAt: '', outcome: 'DONE', ...action } as never] }],
      failures: [],
    });
    for (const day of [17, 18, 19]) {
      const said = recordReports(histories, [report(day, { type: 'POSTPONE', severity: day === 17 ? 'CRITICAL' : 'WARNING' })], day, START);
      expect(said).toEqual(day === 17 ? ['A/bob key …0001 still in use: deactivation postponed (CRITICAL)'] : []);
    }
    recordChanges(histories, snapshot(['bob', 'AKIABOB00001', 'Active', -100]), snapshot(['bob', 'AKIABOB00001', 'Inactive', -100]), 20);
    recordChanges(histories, snapshot(['bob', 'AKIABOB00001', 'Inactive', -100]), snapshot(['bob', 'AKIABOB00001', 'Active', -100]), 25);
    recordReports(histories, [report(25, { type: 'REACTIVATE', severity: 'WARNING', holdUntil: new Date(START.getTime() + 35 * DAY).toISOString() })], 25, START);
    expect(formatTimeline(histories, START)).toBe(
      'A/bob                    key …0001 created day -100: deactivation postponed day 17–19 (in use), deactivated day 20, reactivated day 25 (on hold until day 35)',
    );
  });
});

describe('simulated clock', () => {
  test('moves new Date() and Date.now(), leaves dates with arguments alone, and restores the real Date', () => {
    const RealDate = Date;
    const clock = installSimulatedClock(START);
    try {
      expect(new Date().toISOString()).toBe(START.toISOString());
      clock.set(new Date(START.getTime() + 3 * DAY));
      expect(Date.now()).toBe(START.getTime() + 3 * DAY);
      expect(new Date('2020-01-01T00:00:00Z').toISOString()).toBe('2020-01-01T00:00:00.000Z');
    } finally {
      clock.restore();
    }
    expect(Date).toBe(RealDate);
  });
});

describe('the demo log of a delivery made at a later run', () => {
  test("names the account, the user, the key's last four characters and the target, once a day, from the admin's reports only", () => {
    const at = START.toISOString();
    const deliver: ResultAction = {
      type: 'DELIVER',
      keyId: 'AKIAQVV3YOUVPUZKFFSQ',
      reason: 'DELIVERY_RETRIED',
      severity: 'INFO',
      dueAt: at,
      outcome: 'DONE',
      deliveries: [{ target: 'GitHub acme/etl', kind: 'github', delivered: true, at }],
    };
    const postpone: ResultAction = { type: 'POSTPONE', keyId: 'AKIAOLD', reason: 'DELIVERY_PENDING', severity: 'CRITICAL', dueAt: at, outcome: 'DONE' };
    const message = (role: 'ADMIN' | 'ACCOUNT', actions: ResultAction[]): NotificationMessage => ({
      version: 1,
      recipient: { email: 'a@example.com', role },
      accountId: '111122223333',
      dryRun: false,
      generatedAt: at,
      settings: { rotationPeriodDays: 90, inactiveBufferDays: 7, recoveryGracePeriodDays: 30 },
      users: [{ userName: 'etl', actions }],
      failures: [],
    });
    const said = laterDeliveries([message('ADMIN', [deliver, postpone]), message('ADMIN', [deliver]), message('ACCOUNT', [deliver]), message('ADMIN', [postpone])], () => 'Workloads');
    expect(said).toEqual(['Workloads/etl: key …FFSQ delivered to GitHub acme/etl on a later run']);
  });
});
