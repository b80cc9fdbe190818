import { DEFAULT_LIFECYCLE_SETTINGS } from '../../../functions/core/lifecycle';
import type { AccessKeyState } from '../../../functions/core/lifecycle';
import { runDaily, dayNumber, type AppBehaviour } from './daily';
import { day, key, plan, POSTPONE, summary } from './fixtures';

/** The expected log of days 0..last: `byDay` gives each day's lines (sorted), an empty list for a quiet day. */
function expected(last: number, byDay: (d: number) => string[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (let d = 0; d <= last; d++) {
    const lines = byDay(d);
    if (lines.length > 0) map.set(d, [...lines].sort());
  }
  return map;
}

const first = (app: AppBehaviour, settings = DEFAULT_LIFECYCLE_SETTINGS) => runDaily(settings, app, 135);
/** The reminders before a deactivation due on `due` with WarningDays 7,1: milestone 7 six days running, then milestone 1. */
const deactivationReminders = (d: number, due: number): string[] =>
  d >= due - 7 && d <= due - 2 ? [`WARN(DEACTIVATE)@7 K0 due ${due} INFO`] : d === due - 1 ? [`WARN(DEACTIVATE)@1 K0 due ${due} INFO`] : [];
/** Before a deletion, the largest milestone only. */
const deletionReminders = (d: number, due: number): string[] => (d >= due - 7 && d <= due - 1 ? [`WARN(DELETE)@7 K0 due ${due} INFO`] : []);

describe('timelines of one key created on day 0, run daily to day 135 (default settings: R 90, B 10, G 10, WarningDays 7,1, U 2, P 20)', () => {
  test('the application moves to the new key on the rotation day: rotate 90 (no reminder before), reminders 93-98 (7) and 99 (1), deactivate 100, reminders 103-109 (7), delete 110, the README table', () => {
    const { log, keys } = first('switches');
    expect(log).toEqual(
      expected(135, (d) => {
        if (d === 90) return ['ROTATE K0 due 90 INFO'];
        if (d === 100) return ['DEACTIVATE K0 due 100 INFO'];
        if (d === 110) return ['DELETE K0 due 110 INFO'];
        return [...deactivationReminders(d, 100), ...deletionReminders(d, 110)];
      }),
    );
    expect(keys.map((k) => `${k.id} ${k.status} created ${dayNumber(k.createdAt)}`)).toEqual(['NEW-day90 Active created 90']);
  });

  test('the application stays on the old key, InUseKeyAction Deactivate: the date holds, CRITICAL on day 100', () => {
    const { log } = first('stays');
    expect(log.get(100)).toEqual(['DEACTIVATE K0 due 100 CRITICAL']);
    expect(log.get(110)).toEqual(['DELETE K0 due 110 INFO']);
  });

  test('the application stays on the old key, Postpone: postponed from day 100 (CRITICAL) to day 120, then deactivated (CRITICAL), deleted on 130', () => {
    const { log } = first('stays', POSTPONE);
    expect(log).toEqual(
      expected(135, (d) => {
        if (d === 90) return ['ROTATE K0 due 90 INFO'];
        if (d === 100) return ['POSTPONE K0 due 100 until 120 CRITICAL'];
        if (d > 100 && d < 120) return ['POSTPONE K0 due 100 until 120 WARNING'];
        if (d === 120) return ['DEACTIVATE K0 due 120 CRITICAL'];
        if (d === 130) return ['DELETE K0 due 130 INFO'];
        return [...deactivationReminders(d, 100), ...deletionReminders(d, 130)];
      }),
    );
  });

  test('Postpone, and the application moves on once told: deactivated at the first run U days after its last use (day 103), not in use, INFO', () => {
    const { log } = first('switches-when-postponed', POSTPONE);
    expect([100, 101, 102, 103, 113].map((d) => [d, log.get(d)])).toEqual([
      [100, ['POSTPONE K0 due 100 until 120 CRITICAL']],
      [101, ['POSTPONE K0 due 100 until 120 WARNING']],
      [102, ['POSTPONE K0 due 100 until 120 WARNING']],
      [103, ['DEACTIVATE K0 due 100 INFO']],
      [113, ['DELETE K0 due 113 INFO']],
    ]);
  });

  test('a key never used: rotated and deactivated on day 90, deleted on day 100 (never deleted while active)', () => {
    const { log } = first('never-uses');
    expect(log.get(90)).toEqual(['DEACTIVATE K0 due 90 INFO', 'ROTATE K0 due 90 INFO']);
    expect(log.get(100)).toEqual(['DELETE K0 due 100 INFO']);
    expect(log.get(180)).toBeUndefined();
  });
});

describe('first deployment: grace periods count from the rotation, never from the key\'s creation', () => {
  const changes = (log: Map<number, string[]>) => [...log].filter(([, lines]) => lines.some((line) => !line.startsWith('WARN')));

  test('a 400-day-old key: rotate now, deactivate 10 days later, delete 20 days later', () => {
    const { log, keys } = runDaily(DEFAULT_LIFECYCLE_SETTINGS, 'switches', 30, { keys: [key('OLD', 'Active', -400, -1)] });
    expect(changes(log)).toEqual([
      [0, ['ROTATE OLD due -310 INFO']],
      [10, ['DEACTIVATE OLD due 10 INFO']],
      [20, ['DELETE OLD due 20 INFO']],
    ]);
    expect(keys.map((k) => `${k.id} ${k.status}`)).toEqual(['NEW-day0 Active']);
  });

  test('a replaced key 50 days past its deactivation date: deactivated now, deleted G days later, not the next day', () => {
    // Counting the grace period from the rotation alone would delete the key on day 1, one day after
    // switching it off: no time for its owner to notice a broken application and switch it back on.
    const { log } = runDaily(DEFAULT_LIFECYCLE_SETTINGS, 'switches', 12, { keys: [key('OLD', 'Active', -400, -5), key('NEW', 'Active', -60, -1)] });
    expect(changes(log)).toEqual([
      [0, ['DEACTIVATE OLD due -50 INFO']],
      [10, ['DELETE OLD due 10 INFO']],
    ]);
    expect(log.get(3)).toEqual(['WARN(DELETE)@7 OLD due 10 INFO']);
  });
});

describe('due dates are whole UTC days, whatever the hour of the run', () => {
  const at = (d: number, hh: number, mm: number, ss = 0): Date => day(d, ((hh * 60 + mm) * 60 + ss) * 1000);

  test('a run at 06:00:00 rotates a key created at 06:00:04 ninety days before (no slip to day 91)', () => {
    const result = plan([{ id: 'K0', status: 'Active', createdAt: at(0, 6, 0, 4), lastUsedAt: at(89, 5, 0) }], at(90, 6, 0));
    expect(summary(result.actions)).toEqual(['ROTATE K0 ROTATION_DUE INFO due 90']);
  });

  test('rotated at 06:00:04 on day 90, the old key is deactivated by the 06:00:00 run of day 100 and deleted on day 110', () => {
    const old: AccessKeyState = { id: 'OLD', status: 'Active', createdAt: at(0, 6, 0), lastUsedAt: at(90, 7, 0) };
    const fresh: AccessKeyState = { id: 'NEW', status: 'Active', createdAt: at(90, 6, 0, 4), lastUsedAt: at(99, 5, 0) };
    expect(summary(plan([old, fresh], at(99, 23, 59)).actions)).toEqual(['WARN(DEACTIVATE)@1 OLD DEACTIVATION_UPCOMING INFO due 100']);
    expect(summary(plan([old, fresh], at(100, 6, 0)).actions)).toEqual(['DEACTIVATE OLD DEACTIVATION_DUE INFO due 100']);
    const inactive = { ...old, status: 'Inactive' as const, deactivatedAt: at(100, 6, 0, 2) };
    expect(summary(plan([inactive, fresh], at(109, 23, 59)).actions)).toEqual(['WARN(DELETE)@7 OLD DELETION_UPCOMING INFO due 110']);
    expect(summary(plan([inactive, fresh], at(110, 0, 1)).actions)).toEqual(['DELETE OLD DELETION_DUE INFO due 110']);
  });

  test('a milestone starts at 00:00 UTC of the day that many days before the due date; no reminder before a rotation', () => {
    const old: AccessKeyState = { id: 'OLD', status: 'Active', createdAt: at(0, 18, 30), lastUsedAt: at(92, 1, 0) };
    const fresh: AccessKeyState = { id: 'NEW', status: 'Active', createdAt: at(90, 18, 30) };
    expect(plan([old, fresh], at(92, 23, 59)).actions).toEqual([]);
    expect(summary(plan([old, fresh], at(93, 0, 0)).actions)).toEqual(['WARN(DEACTIVATE)@7 OLD DEACTIVATION_UPCOMING INFO due 100']);
    expect(summary(plan([old, fresh], at(98, 23, 59)).actions)).toEqual(['WARN(DEACTIVATE)@7 OLD DEACTIVATION_UPCOMING INFO due 100']);
    expect(summary(plan([old, fresh], at(99, 0, 0)).actions)).toEqual(['WARN(DEACTIVATE)@1 OLD DEACTIVATION_UPCOMING INFO due 100']);
    const current: AccessKeyState = { id: 'K0', status: 'Active', createdAt: at(0, 18, 30), lastUsedAt: at(88, 1, 0) };
    expect(plan([current], at(89, 23, 59)).actions).toEqual([]);
  });
});
