import fc from 'fast-check';
import { brokenConstraint, InvalidSettingError, parseLifecycleSettings } from '../../../functions/core/lifecycle';
import type { LifecycleSettings, RawLifecycleSettings } from '../../../functions/core/lifecycle';
import { warningDaysArb } from './arbitraries';
import { APP_BEHAVIOURS, runDaily, type AppBehaviour } from './daily';
import { documentedTimeline } from './documented';

/**
 * Settings validated as a whole (issue 10), found and proven with the engine's
 * own simulation: for random settings, the engine is run day by day over two
 * rotations for every kind of application (daily.ts), and its log compared with
 * the timeline the README documents (documented.ts). Accepted settings must
 * yield exactly that timeline for every application; rejected ones must be
 * refused naming the parameters, and must really break the timeline for some
 * application, so that no rule refuses more than it has to.
 */
const RUNS = 400;

const raw = (s: LifecycleSettings): RawLifecycleSettings => ({
  RotationPeriod: s.rotationPeriodDays,
  InactiveBuffer: s.inactiveBufferDays,
  RecoveryGracePeriod: s.recoveryGracePeriodDays,
  WarningDays: s.warningDays,
  InUseWindow: s.inUseWindowDays,
  InUseKeyAction: s.inUseKeyAction,
  MaxPostponeDays: s.maxPostponeDays,
});

/** Small values, so that every rule is broken and kept often and a run of two rotations stays short. */
const smallSettingsArb: fc.Arbitrary<LifecycleSettings> = fc.record({
  rotationPeriodDays: fc.integer({ min: 1, max: 45 }),
  inactiveBufferDays: fc.integer({ min: 1, max: 15 }),
  recoveryGracePeriodDays: fc.integer({ min: 1, max: 15 }),
  warningDays: warningDaysArb(8),
  inUseWindowDays: fc.integer({ min: 1, max: 8 }),
  inUseKeyAction: fc.constantFrom('Deactivate' as const, 'Postpone' as const),
  maxPostponeDays: fc.integer({ min: 1, max: 15 }),
});

/** Two full rotations and the retirement of the second replaced key. */
const horizon = (s: LifecycleSettings): number => 2 * s.rotationPeriodDays + s.inactiveBufferDays + s.maxPostponeDays + s.recoveryGracePeriodDays + 1;

function mismatches(settings: LifecycleSettings): AppBehaviour[] {
  const lastDay = horizon(settings);
  return APP_BEHAVIOURS.filter((app) => {
    const simulated = runDaily(settings, app, lastDay).log;
    const documented = documentedTimeline(settings, app, lastDay);
    return JSON.stringify([...simulated]) !== JSON.stringify([...documented]);
  });
}

describe(`settings validated as a whole: accepted exactly when the engine keeps the documented timeline (${RUNS} random settings)`, () => {
  test('the defaults, and the defaults with Postpone, keep it for every application', () => {
    const defaults = parseLifecycleSettings({});
    expect(mismatches(defaults)).toEqual([]);
    expect(mismatches(parseLifecycleSettings({ InUseKeyAction: 'Postpone' }))).toEqual([]);
  });

  test(`every accepted combination yields the documented day-0..N timeline; every rejected one is refused naming its parameters and really breaks it (${RUNS} cases)`, () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(smallSettingsArb, (settings) => {
        const broken = brokenConstraint(settings);
        if (broken === undefined) {
          accepted++;
          expect(parseLifecycleSettings(raw(settings))).toEqual(settings);
          expect({ settings, mismatches: mismatches(settings) }).toEqual({ settings, mismatches: [] });
          return;
        }
        rejected++;
        let error: unknown;
        try {
          parseLifecycleSettings(raw(settings));
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(InvalidSettingError);
        expect((error as InvalidSettingError).settings).toEqual(broken.parameters);
        expect((error as InvalidSettingError).message.startsWith(`${broken.parameters.join(', ')}: `)).toBe(true);
        expect({ settings, rule: broken.rule, breaks: mismatches(settings).length > 0 }).toEqual({ settings, rule: broken.rule, breaks: true });
      }),
      { numRuns: RUNS },
    );
    // Both sides were really exercised.
    expect(accepted).toBeGreaterThan(RUNS / 20);
    expect(rejected).toBeGreaterThan(RUNS / 20);
  });
});
