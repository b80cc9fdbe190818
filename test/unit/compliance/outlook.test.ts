import fc from 'fast-check';
import { keyOutlooks } from '../../../functions/core/compliance';
import { applyPlan, DAY_MS, DEFAULT_LIFECYCLE_SETTINGS, planUser, type AccessKeyState, type LifecycleSettings } from '../../../functions/core/lifecycle';
import { keysArb, settingsArb } from '../lifecycle/arbitraries';
import { day, key } from '../lifecycle/fixtures';

const SCAN_DAYS = 1500;

/**
 * The slow, obviously right answer: run the engine every day from `from` on,
 * applying what it plans, until it acts on the key (a postponement is not an act).
 */
function firstActionByDailyRuns(keys: readonly AccessKeyState[], settings: LifecycleSettings, from: Date, keyId: string): { type: string; day: number } | undefined {
  const quiet = { ...settings, warningDays: [] };
  let state = [...keys];
  for (let d = 0; d <= SCAN_DAYS; d++) {
    const now = new Date(from.getTime() + d * DAY_MS);
    const plan = planUser({ userName: 'alice', keys: state, settings: quiet, exempt: false, forceRotate: false, now });
    // A postponement changes nothing: the look ahead reports the deactivation that ends it.
    const action = plan.actions.find((candidate) => candidate.keyId === keyId && candidate.type !== 'POSTPONE');
    if (action) return { type: action.type, day: d };
    state = applyPlan(state, plan, now, `new-${d}`);
  }
  return undefined;
}

describe('what happens next to a key', () => {
  test('due now, announced, or found ahead: a 95-day-old key, a replaced one in its reminder window, a young one', () => {
    const keys = [key('OLD', 'Active', -95, -1)];
    expect(keyOutlooks({ userName: 'alice', keys, settings: DEFAULT_LIFECYCLE_SETTINGS, from: day(0), plan: planUser }).get('OLD')).toMatchObject({
      dueNow: true,
      actions: [{ type: 'ROTATE', reason: 'ROTATION_DUE', dueAt: day(-5) }],
    });
    const replaced = [key('SOON', 'Active', -95, -1), key('NEXT', 'Active', -5, -1)];
    const warned = keyOutlooks({ userName: 'alice', keys: replaced, settings: DEFAULT_LIFECYCLE_SETTINGS, from: day(0), plan: planUser });
    expect(warned.get('SOON')).toMatchObject({ dueNow: false, actions: [{ type: 'WARN', announces: 'DEACTIVATE', milestone: 7, dueAt: day(5) }] });
    // No reminder before a rotation: found ahead by the look ahead instead.
    const rotating = keyOutlooks({ userName: 'alice', keys: [key('ROT', 'Active', -85, -1)], settings: DEFAULT_LIFECYCLE_SETTINGS, from: day(0), plan: planUser });
    expect(rotating.get('ROT')).toMatchObject({ dueNow: false, at: day(5), actions: [{ type: 'ROTATE', dueAt: day(5) }] });
    const young = keyOutlooks({ userName: 'alice', keys: [key('NEW', 'Active', -10, -1)], settings: DEFAULT_LIFECYCLE_SETTINGS, from: day(0), plan: planUser });
    expect(young.get('NEW')).toMatchObject({ dueNow: false, actions: [{ type: 'ROTATE', dueAt: day(80) }] });
  });

  test('a plan handed in is used as it is (the run\'s own plan), not planned again', () => {
    const keys = [key('K', 'Active', -10, -1)];
    const planned = { userName: 'alice', actions: [{ type: 'ROTATE' as const, keyId: 'K', reason: 'FORCED_ROTATION' as const, dueAt: day(0), severity: 'INFO' as const }] };
    expect(keyOutlooks({ userName: 'alice', keys, settings: DEFAULT_LIFECYCLE_SETTINGS, planned, from: day(0), plan: planUser }).get('K')).toMatchObject({
      dueNow: true,
      actions: [{ reason: 'FORCED_ROTATION' }],
    });
  });

  test('a later key waits for the older one: rotated on its own date once the old key is gone (deactivated day 5, deleted day 15), not made room for', () => {
    const keys = [key('OLD', 'Active', -95, -1), key('NEW', 'Active', -5)];
    const outlooks = keyOutlooks({ userName: 'alice', keys, settings: DEFAULT_LIFECYCLE_SETTINGS, from: day(0), plan: planUser });
    expect(outlooks.get('OLD')).toMatchObject({ actions: [{ type: 'WARN', announces: 'DEACTIVATE', dueAt: day(5) }] });
    expect(outlooks.get('NEW')).toMatchObject({ actions: [{ type: 'ROTATE', dueAt: day(85) }, { type: 'DEACTIVATE', reason: 'NEVER_USED' }], at: day(85) });
  });

  test('the look ahead finds the same first action on the same day as running the engine every day does (300 cases)', () => {
    fc.assert(
      fc.property(keysArb, settingsArb, fc.integer({ min: 0, max: 900 }), (keys, settings, fromDay) => {
        // What the tool observes at `from` has happened by then: a key created or used later is not a state any run can see.
        const latestEvent = Math.max(...keys.flatMap((k) => [k.createdAt, k.lastUsedAt, k.deactivatedAt]).map((date) => date?.getTime() ?? -Infinity));
        const from = new Date(Math.max(day(fromDay, 6 * 3_600_000).getTime(), (Math.floor(latestEvent / DAY_MS) + 1) * DAY_MS + 6 * 3_600_000));
        const outlooks = keyOutlooks({ userName: 'alice', keys, settings, from, plan: planUser });
        for (const k of keys) {
          const outlook = outlooks.get(k.id);
          if (outlook === undefined) {
            expect(firstActionByDailyRuns(keys, settings, from, k.id)).toBeUndefined();
            continue;
          }
          if (outlook.dueNow || outlook.actions[0]?.type === 'WARN') continue;
          const first = outlook.actions[0];
          const scanned = firstActionByDailyRuns(keys, settings, from, k.id);
          expect(scanned).toBeDefined();
          expect(first?.type).toBe(scanned?.type);
          // The run found is the run that takes it: on the day it is due, or later when it waits (a rotation waits a day
          // for the deletion of the key its first run deactivated to make room).
          expect(Math.floor(outlook.at.getTime() / DAY_MS)).toBe(Math.floor((from.getTime() + (scanned?.day ?? 0) * DAY_MS) / DAY_MS));
          expect(first?.dueAt.getTime()).toBeLessThanOrEqual(outlook.at.getTime());
        }
      }),
      { numRuns: 300 },
    );
  });
});
