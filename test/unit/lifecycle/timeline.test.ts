import { applyPlan } from '../../../functions/core/lifecycle';
import type { AccessKeyState } from '../../../functions/core/lifecycle';
import { DAY0, day, key, plan, summary } from './fixtures';

const HOUR_MS = 3_600_000;

/**
 * Runs the engine once a day at midnight UTC from `firstDay` to `lastDay`,
 * applying each plan (applyPlan) before the next day, as the scheduled
 * function would in enforce mode. Applications use every active key up to an
 * hour before each run, so the keys look like the keys of a live user.
 */
function runDaily(start: readonly AccessKeyState[], firstDay: number, lastDay: number): { log: Map<number, string[]>; keys: AccessKeyState[] } {
  const log = new Map<number, string[]>();
  let keys = [...start];
  for (let d = firstDay; d <= lastDay; d++) {
    const now = day(d);
    const usedAt = new Date(now.getTime() - HOUR_MS);
    keys = keys.map((k) => (k.status === 'Active' && k.createdAt < usedAt ? { ...k, lastUsedAt: usedAt } : k));
    const result = plan(keys, now);
    log.set(d, summary(result.actions));
    // A new key is named after the day it was created on.
    keys = applyPlan(keys, result, now, `NEW-day${d}`);
  }
  return { log, keys };
}

function expected(firstDay: number, lastDay: number, byDay: (d: number) => string[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (let d = firstDay; d <= lastDay; d++) map.set(d, byDay(d));
  return map;
}

describe('timelines', () => {
  test('a key created on day 0, every day 0..120: warn from day 83, rotate on 90, deactivate on 100, delete on 110, only warnings in between', () => {
    const { log, keys } = runDaily([key('K0', 'Active', 0)], 0, 120);
    const want = expected(0, 120, (d) => {
      if (d >= 83 && d <= 89) return ['WARN(ROTATE) K0 ROTATION_UPCOMING INFO due 90'];
      if (d === 90) return ['ROTATE K0 ROTATION_DUE INFO due 90'];
      if (d >= 93 && d <= 99) return ['WARN(DEACTIVATE) K0 DEACTIVATION_UPCOMING INFO due 100'];
      if (d === 100) return ['DEACTIVATE K0 DEACTIVATION_DUE INFO due 100'];
      if (d >= 103 && d <= 109) return ['WARN(DELETE) K0 DELETION_UPCOMING INFO due 110'];
      if (d === 110) return ['DELETE K0 DELETION_DUE INFO due 110'];
      return [];
    });
    expect(log).toEqual(want);
    expect(keys.map((k) => `${k.id} ${k.status} created ${(k.createdAt.getTime() - DAY0) / 86_400_000}`)).toEqual(['NEW-day90 Active created 90']);
  });

  test('a 400-day-old key on first deployment: rotate now, deactivate 10 days later, delete 20 days later', () => {
    const { log, keys } = runDaily([key('OLD', 'Active', -400, -1)], 0, 30);
    const changes = [...log].filter(([, actions]) => actions.some((a) => !a.startsWith('WARN')));
    expect(changes).toEqual([
      [0, ['ROTATE OLD ROTATION_DUE INFO due -310']],
      [10, ['DEACTIVATE OLD DEACTIVATION_DUE INFO due 10']],
      [20, ['DELETE OLD DELETION_DUE INFO due 20']],
    ]);
    // The full B and G periods after the rotation, with their warnings, and nothing else.
    expect(log).toEqual(
      expected(0, 30, (d) => {
        if (d === 0) return ['ROTATE OLD ROTATION_DUE INFO due -310'];
        if (d >= 3 && d <= 9) return ['WARN(DEACTIVATE) OLD DEACTIVATION_UPCOMING INFO due 10'];
        if (d === 10) return ['DEACTIVATE OLD DEACTIVATION_DUE INFO due 10'];
        if (d >= 13 && d <= 19) return ['WARN(DELETE) OLD DELETION_UPCOMING INFO due 20'];
        if (d === 20) return ['DELETE OLD DELETION_DUE INFO due 20'];
        return [];
      }),
    );
    expect(keys.map((k) => `${k.id} ${k.status}`)).toEqual(['NEW-day0 Active']);
  });

  test('first deployment with a replaced key 50 days past its deactivation date: deactivated now, deleted G days later, not the next day', () => {
    // Counting the grace period from the rotation alone would delete the key on day 1, one day after
    // switching it off: no time for its owner to notice a broken application and switch it back on.
    const { log } = runDaily([key('OLD', 'Active', -400, -1), key('NEW', 'Active', -60, -1)], 0, 12);
    const changes = [...log].filter(([, actions]) => actions.some((a) => !a.startsWith('WARN')));
    expect(changes).toEqual([
      [0, ['DEACTIVATE OLD DEACTIVATION_DUE INFO due -50']],
      [10, ['DELETE OLD DELETION_DUE INFO due 10']],
    ]);
    expect(log.get(3)).toEqual(['WARN(DELETE) OLD DELETION_UPCOMING INFO due 10']);
  });
});

describe('due dates are whole UTC days, whatever the hour of the run', () => {
  const at = (d: number, hh: number, mm: number, ss = 0): Date => day(d, ((hh * 60 + mm) * 60 + ss) * 1000);

  test('a run at 06:00:00 rotates a key created at 06:00:04 ninety days before (no slip to day 91)', () => {
    const result = plan([{ id: 'K0', status: 'Active', createdAt: at(0, 6, 0, 4), lastUsedAt: at(89, 5, 0) }], at(90, 6, 0));
    expect(summary(result.actions)).toEqual(['ROTATE K0 ROTATION_DUE INFO due 90']);
  });

  test('rotated at 06:00:04 on day 90, the old key is deactivated by the 06:00:00 run of day 100 and deleted on day 110', () => {
    const old: AccessKeyState = { id: 'OLD', status: 'Active', createdAt: at(0, 6, 0), lastUsedAt: at(99, 5, 0) };
    const fresh: AccessKeyState = { id: 'NEW', status: 'Active', createdAt: at(90, 6, 0, 4), lastUsedAt: at(99, 5, 0) };
    expect(summary(plan([old, fresh], at(99, 23, 59)).actions)).toEqual(['WARN(DEACTIVATE) OLD DEACTIVATION_UPCOMING INFO due 100']);
    expect(summary(plan([old, fresh], at(100, 6, 0)).actions)).toEqual(['DEACTIVATE OLD DEACTIVATION_DUE INFO due 100']);
    const inactive = { ...old, status: 'Inactive' as const };
    expect(summary(plan([inactive, fresh], at(109, 23, 59)).actions)).toEqual(['WARN(DELETE) OLD DELETION_UPCOMING INFO due 110']);
    expect(summary(plan([inactive, fresh], at(110, 0, 1)).actions)).toEqual(['DELETE OLD DELETION_DUE INFO due 110']);
  });

  test('warnings start at 00:00 UTC of the day W days before the due date', () => {
    const k: AccessKeyState = { id: 'K0', status: 'Active', createdAt: at(0, 18, 30), lastUsedAt: at(82, 1, 0) };
    expect(plan([k], at(82, 23, 59)).actions).toEqual([]);
    expect(summary(plan([k], at(83, 0, 0)).actions)).toEqual(['WARN(ROTATE) K0 ROTATION_UPCOMING INFO due 90']);
  });
});
