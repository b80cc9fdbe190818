import fc from 'fast-check';
import { DIGEST_WEEKDAYS, type DigestWeekday } from '../../../contract/names';
import type { ActionOutcome, NotificationMessage, ResultAction, ResultActionType } from '../../../functions/core/messages/notification';
import { digestDecision, runWeekday } from '../../../functions/notifier/cadence/cadence';

// 2026-11-30 is a Monday; 2026-11-28 a Saturday.
const MONDAY = '2026-11-30T06:00:00.000Z';
const SATURDAY = '2026-11-28T06:00:00.000Z';

function action(type: ResultActionType, outcome: ActionOutcome): ResultAction {
  return { type, keyId: 'AKIAKEY', reason: 'ROTATION_DUE', severity: type === 'POSTPONE' ? 'CRITICAL' : 'INFO', dueAt: SATURDAY, outcome, ...(type === 'WARN' ? { announces: 'DEACTIVATE' as const, milestone: 7 } : {}) };
}

function report(generatedAt: string, actions: readonly ResultAction[] = [], overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    version: 1,
    recipient: { email: 'admin@example.com', role: 'ADMIN' },
    accountId: '111122223333',
    dryRun: false,
    generatedAt,
    runId: 'run',
    expectedAccounts: 1,
    settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
    users: actions.length > 0 ? [{ userName: 'app', actions }] : [],
    failures: [],
    ...overrides,
  };
}

const decide = (weekday: DigestWeekday, reports: readonly NotificationMessage[], expectedAccounts = reports.length) => digestDecision({ weekday, reports, expectedAccounts });

describe('digest cadence: a digest when something changed, failed or is postponed; otherwise on DigestWeekday only', () => {
  test('a quiet run (reminders only) on a Saturday sends nothing; the same run on Monday, the default DigestWeekday, sends', () => {
    const quiet = [report(SATURDAY, [action('WARN', 'PLANNED')])];
    expect(decide('Monday', quiet)).toEqual({ send: false });
    expect(decide('Monday', [report(MONDAY, [action('WARN', 'PLANNED')])])).toEqual({ send: true, reasons: ['weekday'] });
    expect(decide('Saturday', quiet)).toEqual({ send: true, reasons: ['weekday'] });
    expect(decide('Daily', quiet)).toEqual({ send: true, reasons: ['daily'] });
  });

  test.each<[string, NotificationMessage[], number, string]>([
    ['a rotation done', [report(SATURDAY, [action('ROTATE', 'DONE')])], 1, 'changed'],
    ['a deactivation done', [report(SATURDAY, [action('DEACTIVATE', 'DONE')])], 1, 'changed'],
    ['a deletion done', [report(SATURDAY, [action('DELETE', 'DONE')])], 1, 'changed'],
    ['a reactivation done', [report(SATURDAY, [action('REACTIVATE', 'DONE')])], 1, 'changed'],
    ['a failed rotation', [report(SATURDAY, [action('ROTATE', 'FAILED')])], 1, 'failed'],
    ['a rolled-back rotation', [report(SATURDAY, [action('ROTATE', 'ROLLED_BACK')])], 1, 'failed'],
    ['a user that failed as a whole', [report(SATURDAY, [], { users: [{ userName: 'x', actions: [], failure: 'AccessDenied' }] })], 1, 'failed'],
    ['an account failure', [report(SATURDAY, [], { failures: ['could not assume the member role'] })], 1, 'failed'],
    ['an account that did not report', [report(SATURDAY)], 2, 'failed'],
    ['a postponed key', [report(SATURDAY, [action('POSTPONE', 'DONE')])], 1, 'postponed'],
  ])('%s: sent on a day that is not DigestWeekday', (_what, reports, expected, reason) => {
    expect(decide('Monday', reports, expected)).toEqual({ send: true, reasons: [reason] });
  });

  test('audit mode plans and changes nothing: quiet unless something failed', () => {
    const audit = [report(SATURDAY, [action('ROTATE', 'PLANNED'), action('DELETE', 'PLANNED'), action('POSTPONE', 'PLANNED')], { dryRun: true })];
    expect(decide('Monday', audit)).toEqual({ send: false });
  });

  test('the day is the UTC day of the run (its earliest report), not of the notifier\'s clock', () => {
    // 23:30 on Sunday in UTC is Monday in Europe: the digest goes on the UTC Monday only.
    expect(runWeekday([report('2026-11-29T23:30:00.000Z'), report('2026-11-30T00:10:00.000Z')])).toBe('Sunday');
    expect(decide('Monday', [report('2026-11-29T23:30:00.000Z'), report('2026-11-30T00:10:00.000Z')])).toEqual({ send: false });
  });

  test('property: over any run days, a quiet run is sent exactly on its DigestWeekday, and a run that changed something always', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DIGEST_WEEKDAYS), fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 0, max: 86_399_999 }), fc.boolean(), (weekday, dayIndex, ms, changed) => {
        const at = new Date(Date.UTC(2025, 0, 1) + dayIndex * 86_400_000 + ms);
        const reports = [report(at.toISOString(), [action('WARN', 'PLANNED'), ...(changed ? [action('ROTATE', 'DONE')] : [])])];
        const decision = decide(weekday, reports);
        const onItsDay = weekday === 'Daily' || ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][at.getUTCDay()] === weekday;
        expect(decision.send).toBe(changed || onItsDay);
      }),
    );
  });

  test('property: a week of quiet daily runs sends exactly one digest, whatever the DigestWeekday (Daily: seven)', () => {
    for (const weekday of DIGEST_WEEKDAYS) {
      const week = Array.from({ length: 7 }, (_, i) => decide(weekday, [report(new Date(Date.parse(SATURDAY) + i * 86_400_000).toISOString())]));
      expect(week.filter((decision) => decision.send)).toHaveLength(weekday === 'Daily' ? 7 : 1);
    }
  });
});
