import fc from 'fast-check';
import { DAY_MS, FORCED_ROTATION_MIN_AGE_DAYS } from '../../../functions/core/lifecycle';
import type { AccessKeyState, LifecycleSettings, PlanInput } from '../../../functions/core/lifecycle';
import { DAY0 } from './fixtures';

/** Every property test runs this many cases, and says so in its name. */
export const RUNS = 1000;

/** Settings that parseLifecycleSettings accepts: W shorter than each of R, B and G. */
export const settingsArb: fc.Arbitrary<LifecycleSettings> = fc
  .record({
    rotationPeriodDays: fc.integer({ min: 1, max: 400 }),
    inactiveBufferDays: fc.integer({ min: 1, max: 60 }),
    recoveryGracePeriodDays: fc.integer({ min: 1, max: 60 }),
  })
  .chain((periods) =>
    fc
      .integer({ min: 0, max: Math.min(periods.rotationPeriodDays, periods.inactiveBufferDays, periods.recoveryGracePeriodDays) - 1 })
      .map((warningLeadDays) => ({ ...periods, warningLeadDays })),
  );

// Whole days apart most of the time, so keys often share boundaries and creation instants; sometimes a few ms off.
const instantArb = fc
  .tuple(fc.integer({ min: 0, max: 700 }), fc.constantFrom(0, 0, 0, 1, -1, 43_200_000))
  .map(([days, ms]) => DAY0 + days * DAY_MS + ms);

const keyShapeArb = fc.record({
  status: fc.constantFrom('Active' as const, 'Inactive' as const),
  createdAt: instantArb,
  // Never used, or used some time after creation (possibly "after now": clocks are not trusted to agree).
  lastUsedAfterMs: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 500 * DAY_MS })), { nil: undefined }),
  // For an inactive key: when it was deactivated, when the caller knows (in whole days, to hit boundaries).
  deactivatedAfterDays: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
});

/** 0, 1 or 2 keys with distinct ids, in any order, any statuses, used or not. */
export const keysArb: fc.Arbitrary<AccessKeyState[]> = fc
  .array(keyShapeArb, { minLength: 0, maxLength: 2 })
  .chain((shapes) => fc.shuffledSubarray(['AKIAFIRST', 'AKIASECOND'], { minLength: shapes.length, maxLength: shapes.length }).map((ids) => ({ shapes, ids })))
  .map(({ shapes, ids }) =>
    shapes.map((shape, index) => ({
      id: ids[index] ?? `AKIA${index}`,
      status: shape.status,
      createdAt: new Date(shape.createdAt),
      lastUsedAt: shape.lastUsedAfterMs === undefined ? undefined : new Date(shape.createdAt + shape.lastUsedAfterMs),
      ...(shape.status === 'Inactive' && shape.deactivatedAfterDays !== undefined
        ? { deactivatedAt: new Date(shape.createdAt + shape.deactivatedAfterDays * DAY_MS) }
        : {}),
    })),
  );

/**
 * `now` as an exact boundary of these keys and settings (a key's creation,
 * last use or deactivation plus k days, where k is every period and period
 * minus warning that the table uses), or 1 ms either side of it, or anywhere.
 */
function nowArb(keys: readonly AccessKeyState[], settings: LifecycleSettings): fc.Arbitrary<Date> {
  const { rotationPeriodDays: r, inactiveBufferDays: b, recoveryGracePeriodDays: g, warningLeadDays: w } = settings;
  const boundaries = [0, FORCED_ROTATION_MIN_AGE_DAYS, r, r - w, b, b - w, b + g, b + g - w, r + b, r + b + g];
  // Deletion may also count from a deactivation or last-use date: those are anchors too.
  const anchors = [DAY0, ...keys.flatMap((key) => [key.createdAt, key.lastUsedAt, key.deactivatedAt]).flatMap((date) => (date ? [date.getTime()] : []))];
  return fc
    .tuple(
      fc.constantFrom(...anchors),
      fc.oneof(fc.constantFrom(...boundaries), fc.integer({ min: 0, max: 900 })),
      fc.constantFrom(-1, 0, 0, 1),
    )
    .map(([anchor, days, ms]) => new Date(anchor + days * DAY_MS + ms));
}

export const planInputArb: fc.Arbitrary<PlanInput> = fc
  .tuple(keysArb, settingsArb, fc.boolean(), fc.boolean())
  .chain(([keys, settings, exempt, forceRotate]) =>
    nowArb(keys, settings).map((now): PlanInput => ({ userName: 'alice', keys, settings, exempt, forceRotate, now })),
  );

/** A deep copy with fresh Date objects: equal in value, sharing nothing. */
export function cloneInput(input: PlanInput): PlanInput {
  return {
    ...input,
    settings: { ...input.settings },
    keys: input.keys.map((key) => ({
      ...key,
      createdAt: new Date(key.createdAt.getTime()),
      lastUsedAt: key.lastUsedAt === undefined ? undefined : new Date(key.lastUsedAt.getTime()),
      ...(key.deactivatedAt === undefined ? {} : { deactivatedAt: new Date(key.deactivatedAt.getTime()) }),
    })),
    now: new Date(input.now.getTime()),
  };
}

/** The input as plain values (Dates as ISO strings with ms), to compare before and after. */
export function snapshot(input: PlanInput): unknown {
  return JSON.parse(JSON.stringify(input)) as unknown;
}

/** Freezes the input and everything in it that can be frozen, so a write by the engine throws. */
export function deepFreeze(input: PlanInput): PlanInput {
  input.keys.forEach((key) => Object.freeze(key));
  Object.freeze(input.keys);
  Object.freeze(input.settings);
  return Object.freeze(input);
}
