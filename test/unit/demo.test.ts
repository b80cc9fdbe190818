import { installSimulatedClock } from '../../scripts/demo/clock';
import { formatTimeline, recordChanges, type KeyHistory, type KeySnapshot } from '../../scripts/demo/timeline';

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
