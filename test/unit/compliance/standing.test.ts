import fc from 'fast-check';
import { STANDINGS, standingOf, type StandingInput } from '../../../functions/core/compliance';
import { RUNS, settingsArb } from '../lifecycle/arbitraries';

const R90_B10 = { rotationPeriodDays: 90, inactiveBufferDays: 10 };
const key = (status: 'Active' | 'Inactive', ageDays: number, extra: Partial<StandingInput> = {}): StandingInput => ({
  status,
  ageDays,
  postponed: false,
  ...extra,
});

describe('standing of a key', () => {
  test.each([
    [key('Active', 0), 'compliant'],
    [key('Active', 89), 'compliant'],
    [key('Active', 90), 'rotationDue'],
    [key('Active', 100), 'rotationDue'],
    [key('Active', 101), 'overdue'],
    [key('Active', 400), 'overdue'],
    [key('Inactive', 400), 'inGrace'],
    [key('Inactive', 5), 'inGrace'],
    [key('Active', 400, { leftAlone: 'exempt' }), 'exempt'],
    [key('Active', 400, { leftAlone: 'held' }), 'held'],
    [key('Active', 105, { postponed: true }), 'postponed'],
    [key('Active', 95, { replaced: true }), 'replaced'],
    [key('Active', 101, { replaced: true }), 'overdue'],
    [key('Inactive', 95, { replaced: true }), 'inGrace'],
  ])('%j with R 90 and B 10 is %s', (input, expected) => {
    expect(standingOf(input, R90_B10)).toBe(expected);
  });

  test(`overdue exactly when active, older than R + B, and neither left alone nor postponed (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(
        settingsArb,
        fc.constantFrom('Active' as const, 'Inactive' as const),
        fc.integer({ min: 0, max: 1000 }),
        fc.option(fc.constantFrom('exempt' as const, 'held' as const), { nil: undefined }),
        fc.boolean(),
        (settings, status, ageDays, leftAlone, postponed) => {
          const standing = standingOf({ status, ageDays, postponed, ...(leftAlone ? { leftAlone } : {}) }, settings);
          expect(STANDINGS).toContain(standing);
          const overdue = status === 'Active' && ageDays > settings.rotationPeriodDays + settings.inactiveBufferDays && !leftAlone && !postponed;
          expect(standing === 'overdue').toBe(overdue);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
