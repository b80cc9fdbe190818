import fc from 'fast-check';
import { accountRows, isoDay, type KeyRow, type NextAction } from '../../../functions/core/compliance';
import { complianceLimitSummary, failsLimitNow, failsLimitOn, limitConflict, limitSummaryText } from '../../../functions/core/compliance/max-key-age';
import { DEFAULT_LIFECYCLE_SETTINGS, planUser } from '../../../functions/core/lifecycle';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { day, settingsWith } from '../lifecycle/fixtures';

type Facts = Pick<KeyRow, 'status' | 'createdAt' | 'ageDays' | 'nextAction' | 'nextActionDate'>;
const S = DEFAULT_LIFECYCLE_SETTINGS; // R 90, B 10
const TODAY = day(0, 6 * 3_600_000);

/** A key created `age` days before TODAY (at 10:00), with its next action `inDays` from today. */
function facts(age: number, next: NextAction | null, inDays = 0, status: KeyRow['status'] = 'Active'): Facts {
  return {
    status,
    createdAt: day(-age, 10 * 3_600_000).toISOString(),
    ageDays: age,
    nextAction: next,
    nextActionDate: next === null ? null : isoDay(day(inDays)),
  };
}

describe('ComplianceMaxKeyAge: the day a key starts failing the limit', () => {
  test('off (0) or an inactive key: never', () => {
    expect(failsLimitOn(facts(200, 'ROTATE'), 0, S)).toBeNull();
    expect(failsLimitOn(facts(200, 'DELETE', 3, 'Inactive'), 90, S)).toBeNull();
  });

  test('with the defaults every key fails a 90-day limit on its creation day + 90, until deactivated on day 100', () => {
    // A new key: rotated on day 90, the replaced key deactivated on day 100.
    expect(failsLimitOn(facts(0, 'ROTATE', 90), 90, S)).toBe(isoDay(day(90)));
  });

  test('a key the tool deactivates before the limit day never fails it', () => {
    const fitting = settingsWith({ rotationPeriodDays: 79, inactiveBufferDays: 10 });
    expect(failsLimitOn(facts(0, 'ROTATE', 79), 90, fitting)).toBeNull();
    // Deactivated on the limit day itself: retired when it turns 90 days old, so it does not fail.
    expect(failsLimitOn(facts(0, 'ROTATE', 80), 90, fitting)).toBeNull();
    expect(failsLimitOn(facts(0, 'ROTATE', 81), 90, fitting)).toBe(isoDay(day(90)));
    expect(failsLimitOn(facts(85, 'DEACTIVATE', 4), 90, S)).toBeNull();
    expect(failsLimitOn(facts(85, 'DEACTIVATE', 6), 90, S)).toBe(isoDay(day(5)));
  });

  test('a postponed key can go the day after it is looked at again; a key with nothing scheduled fails for good', () => {
    expect(failsLimitOn(facts(95, 'POSTPONE', 0), 90, S)).toBe(isoDay(day(-5)));
    expect(failsLimitOn(facts(30, null), 90, S)).toBe(isoDay(day(60)));
  });

  test('failing now: active and at least the limit old', () => {
    expect(failsLimitNow(facts(90, 'ROTATE'), 90)).toBe(true);
    expect(failsLimitNow(facts(89, 'ROTATE'), 90)).toBe(false);
    expect(failsLimitNow(facts(120, 'DELETE', 0, 'Inactive'), 90)).toBe(false);
    expect(failsLimitNow(facts(500, 'ROTATE'), 0)).toBe(false);
  });
});

describe('ComplianceMaxKeyAge: the Organization', () => {
  test('nothing failing: compliant today', () => {
    expect(complianceLimitSummary([facts(10, 'ROTATE', 69)], 90, settingsWith({ rotationPeriodDays: 79 }), TODAY)).toEqual({
      limitDays: 90,
      failingNow: 0,
      failingLater: 0,
      fullyCompliantOn: isoDay(TODAY),
      failingForGood: 0,
    });
  });

  test('a key rotated today fails until its replaced key is deactivated B days later', () => {
    const summary = complianceLimitSummary([facts(95, 'ROTATE', 0)], 90, S, TODAY);
    expect(summary).toMatchObject({ failingNow: 1, failingLater: 0, fullyCompliantOn: isoDay(day(10)) });
  });

  test('a later failure that starts before the last one ends pushes the date out; one that starts after does not', () => {
    const now = facts(95, 'DEACTIVATE', 3);
    const overlapping = facts(88, 'ROTATE', 2); // fails from day 2 to day 12
    const after = facts(10, 'ROTATE', 80); // fails from day 80 to day 90
    expect(complianceLimitSummary([now, overlapping], 90, S, TODAY).fullyCompliantOn).toBe(isoDay(day(12)));
    expect(complianceLimitSummary([now, after], 90, S, TODAY)).toMatchObject({ failingNow: 1, failingLater: 1, fullyCompliantOn: isoDay(day(3)) });
  });

  test('a key that never stops failing: no date, and counted', () => {
    expect(complianceLimitSummary([facts(400, null)], 90, S, TODAY)).toMatchObject({ failingNow: 1, failingForGood: 1, fullyCompliantOn: null });
  });

  test('a key failing today and deactivated by today\'s run: compliant tomorrow', () => {
    expect(complianceLimitSummary([facts(101, 'DEACTIVATE', 0)], 90, S, TODAY).fullyCompliantOn).toBe(isoDay(day(1)));
  });

  test('off: counts nothing', () => {
    expect(complianceLimitSummary([facts(400, null)], 0, S, TODAY)).toMatchObject({ failingNow: 0, failingLater: 0, fullyCompliantOn: isoDay(TODAY) });
  });

  test('property: the date is the first day from today that no failing interval holds', () => {
    const actions: (NextAction | null)[] = ['ROTATE', 'DEACTIVATE', 'DELETE', 'POSTPONE', null];
    const arbitraryFacts = fc
      .record({ age: fc.integer({ min: 0, max: 400 }), next: fc.constantFrom(...actions), inDays: fc.integer({ min: 0, max: 120 }), active: fc.boolean() })
      .map(({ age, next, inDays, active }) => facts(age, next, inDays, active ? 'Active' : 'Inactive'));
    fc.assert(
      fc.property(fc.array(arbitraryFacts, { maxLength: 8 }), fc.integer({ min: 1, max: 200 }), (rows, limit) => {
        const summary = complianceLimitSummary(rows, limit, S, TODAY);
        const failingOn = (row: Facts, d: number): boolean => {
          const from = failsLimitOn(row, limit, S);
          if (from === null && !failsLimitNow(row, limit)) return false;
          const fromDay = failsLimitNow(row, limit) ? 0 : Math.floor(Date.parse(from ?? '') / DAY_MS) - Math.floor(TODAY.getTime() / DAY_MS);
          const retiredIn = (() => {
            if (row.nextAction === null || row.nextActionDate === null) return Number.POSITIVE_INFINITY;
            const at = Math.floor(Date.parse(row.nextActionDate) / DAY_MS) - Math.floor(TODAY.getTime() / DAY_MS);
            return row.nextAction === 'ROTATE' ? at + S.inactiveBufferDays : row.nextAction === 'POSTPONE' ? at + 1 : at;
          })();
          return d >= fromDay && d < Math.max(retiredIn, failsLimitNow(row, limit) ? 1 : 0);
        };
        if (summary.fullyCompliantOn === null) {
          expect(rows.some((row) => failsLimitNow(row, limit) || failsLimitOn(row, limit, S) !== null)).toBe(true);
          return;
        }
        const target = Math.round((Date.parse(summary.fullyCompliantOn) - Date.parse(isoDay(TODAY))) / DAY_MS);
        expect(rows.some((row) => failingOn(row, target))).toBe(false);
        for (let d = 0; d < target; d++) expect(rows.some((row) => failingOn(row, d))).toBe(true);
        expect(summary.failingNow).toBe(rows.filter((row) => failsLimitNow(row, limit)).length);
      }),
    );
  });
});

describe('ComplianceMaxKeyAge: settings that make every rotated key fail', () => {
  test('R + B at or above the limit: says so, how long, and what fits', () => {
    expect(limitConflict(S, 90)).toBe(
      'ComplianceMaxKeyAge is 90 days, but every replaced key stays active until day RotationPeriod + InactiveBuffer = 90 + 10 = 100, ' +
        'so every rotated key fails the limit (Security Hub IAM.3, Config access-keys-rotated) for 11 day(s) each cycle: ' +
        'keep RotationPeriod + InactiveBuffer below 90 (for example RotationPeriod=79 with InactiveBuffer=10)',
    );
    expect(limitConflict(settingsWith({ rotationPeriodDays: 80, inactiveBufferDays: 10 }), 90)).toMatch(/for 1 day\(s\)/);
  });

  test('R + B below the limit, or no limit: nothing to say', () => {
    expect(limitConflict(settingsWith({ rotationPeriodDays: 79, inactiveBufferDays: 10 }), 90)).toBeUndefined();
    expect(limitConflict(S, 0)).toBeUndefined();
  });

  test('a buffer as long as the limit leaves no RotationPeriod to suggest', () => {
    expect(limitConflict(settingsWith({ rotationPeriodDays: 30, inactiveBufferDays: 30 }), 30)).toMatch(/a shorter InactiveBuffer/);
  });

  test('agrees with the engine: with the defaults and a 90-day limit a new key\'s row says it fails on day 90; with R 79 it never does', () => {
    const rowOf = (settings: typeof S) =>
      accountRows(
        { accountId: '111122223333', accountName: null, users: [{ userName: 'app', keys: [{ id: 'AKIA1', status: 'Active', createdAt: day(-1) }] }] },
        { settings, now: TODAY, plan: planUser },
      )[0]?.row as KeyRow;
    expect(failsLimitOn(rowOf(S), 90, S)).toBe(isoDay(day(89)));
    const fitting = settingsWith({ rotationPeriodDays: 79 });
    expect(failsLimitOn(rowOf(fitting), 90, fitting)).toBeNull();
  });
});

describe('ComplianceMaxKeyAge: the sentence', () => {
  const text = (rows: Facts[]) => limitSummaryText(complianceLimitSummary(rows, 90, S, TODAY), TODAY);
  test('failing keys, later ones, and the earliest compliant day', () => {
    expect(text([facts(95, 'ROTATE', 0), facts(88, 'ROTATE', 2)])).toBe(
      '1 key fails ComplianceMaxKeyAge (90 days) today; 1 more will before the tool retires them. The earliest day the Organization can be fully compliant: 2025-01-13 (enforcing, as scheduled).',
    );
  });
  test('compliant today', () => {
    expect(text([])).toBe('0 keys fail ComplianceMaxKeyAge (90 days) today. The Organization is fully compliant today.');
  });
  test('a key nothing retires', () => {
    expect(text([facts(400, null)])).toBe(
      '1 key fails ComplianceMaxKeyAge (90 days) today. The Organization cannot be fully compliant while 1 key that nothing retires (exempt or held with no end) fails it.',
    );
  });
});
