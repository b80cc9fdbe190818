import fc from 'fast-check';
import { DAY_MS, FORCED_ROTATION_MIN_AGE_DAYS } from '../../../functions/core/lifecycle';
import type { AccessKeyState, DeliveryState, LifecycleSettings, PlanInput, RoomFor, UserTags } from '../../../functions/core/lifecycle';
import { DAY0 } from './fixtures';

/** Every property test runs this many cases, and says so in its name. */
export const RUNS = 1000;

const actionArb = fc.constantFrom('Deactivate' as const, 'Postpone' as const);

/**
 * Settings parseLifecycleSettings accepts: each value valid, and the rules
 * between them kept (every WarningDays value shorter than B and G; U shorter than B, and than P
 * when postponing; B + G, or B + P + G when postponing, at most R).
 */
export const settingsArb: fc.Arbitrary<LifecycleSettings> = fc
  .record({
    inactiveBufferDays: fc.integer({ min: 2, max: 60 }),
    recoveryGracePeriodDays: fc.integer({ min: 1, max: 60 }),
    maxPostponeDays: fc.integer({ min: 2, max: 40 }),
    inUseKeyAction: actionArb,
    spare: fc.integer({ min: 0, max: 300 }),
  })
  .chain(({ spare, ...periods }) => {
    const postponing = periods.inUseKeyAction === 'Postpone';
    const rotationPeriodDays = periods.inactiveBufferDays + periods.recoveryGracePeriodDays + (postponing ? periods.maxPostponeDays : 0) + spare;
    const maxWindow = Math.min(periods.inactiveBufferDays, postponing ? periods.maxPostponeDays : Number.POSITIVE_INFINITY) - 1;
    return fc
      .record({
        warningDays: warningDaysArb(Math.min(periods.inactiveBufferDays, periods.recoveryGracePeriodDays) - 1),
        inUseWindowDays: fc.integer({ min: 1, max: Math.max(1, maxWindow) }),
      })
      .map((rest) => ({ ...periods, ...rest, rotationPeriodDays }));
  });

/** WarningDays: none, or up to three distinct milestones of at most `max` days, largest first. */
export function warningDaysArb(max: number): fc.Arbitrary<readonly number[]> {
  if (max < 1) return fc.constant([]);
  return fc.uniqueArray(fc.integer({ min: 1, max }), { minLength: 0, maxLength: 3 }).map((days) => [...days].sort((a, b) => b - a));
}

/** Settings each of whose values is valid on its own, whatever the rules between them: what the engine itself accepts. */
export const anySettingsArb: fc.Arbitrary<LifecycleSettings> = fc.record({
  rotationPeriodDays: fc.integer({ min: 1, max: 200 }),
  inactiveBufferDays: fc.integer({ min: 1, max: 60 }),
  recoveryGracePeriodDays: fc.integer({ min: 1, max: 60 }),
  warningDays: warningDaysArb(30),
  inUseWindowDays: fc.integer({ min: 1, max: 30 }),
  inUseKeyAction: actionArb,
  maxPostponeDays: fc.integer({ min: 1, max: 60 }),
});

// Whole days apart most of the time, so keys often share boundaries and creation instants; sometimes a few ms off.
const instantArb = fc
  .tuple(fc.integer({ min: 0, max: 700 }), fc.constantFrom(0, 0, 0, 1, -1, 43_200_000))
  .map(([days, ms]) => DAY0 + days * DAY_MS + ms);

const roomArb = fc.option(fc.constantFrom<RoomFor>('ROTATION', 'FORCED_ROTATION', 'FORCED_ROTATION_DEACTIVATE_OLD'), { nil: undefined, freq: 3 });

const keyShapeArb = fc.record({
  status: fc.constantFrom('Active' as const, 'Inactive' as const),
  createdAt: instantArb,
  // Never used, or used some time after creation (possibly "after now": clocks are not trusted to agree).
  lastUsedAfterMs: fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 500 * DAY_MS })), { nil: undefined }),
  service: fc.option(fc.constantFrom('s3', 'sts', 'ses'), { nil: undefined }),
  // For an inactive key: when this tool deactivated it, when its record says so (in whole days, to hit boundaries).
  deactivatedAfterDays: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
  madeRoomFor: roomArb,
});

/** 0, 1 or 2 keys with distinct ids, in any order, any statuses, used or not, with or without the tool's record. */
export const keysArb: fc.Arbitrary<AccessKeyState[]> = fc
  .array(keyShapeArb, { minLength: 0, maxLength: 2 })
  .chain((shapes) => fc.shuffledSubarray(['AKIAFIRST', 'AKIASECOND'], { minLength: shapes.length, maxLength: shapes.length }).map((ids) => ({ shapes, ids })))
  .map(({ shapes, ids }) =>
    shapes.map((shape, index) => {
      const recorded = shape.status === 'Inactive' && shape.deactivatedAfterDays !== undefined;
      return {
        id: ids[index] ?? `AKIA${index}`,
        status: shape.status,
        createdAt: new Date(shape.createdAt),
        lastUsedAt: shape.lastUsedAfterMs === undefined ? undefined : new Date(shape.createdAt + shape.lastUsedAfterMs),
        ...(shape.lastUsedAfterMs !== undefined && shape.service ? { lastUsedService: shape.service, lastUsedRegion: 'us-east-1' } : {}),
        ...(recorded ? { deactivatedAt: new Date(shape.createdAt + (shape.deactivatedAfterDays ?? 0) * DAY_MS) } : {}),
        ...(recorded && shape.madeRoomFor ? { madeRoomFor: shape.madeRoomFor } : {}),
      };
    }),
  );

/**
 * `now` as an exact boundary of these keys and settings (a key's creation,
 * last use or deactivation plus k days, where k is every period and period
 * minus a milestone that the table uses), or 1 ms either side of it, or anywhere.
 */
function nowArb(keys: readonly AccessKeyState[], settings: LifecycleSettings): fc.Arbitrary<Date> {
  const { rotationPeriodDays: r, inactiveBufferDays: b, recoveryGracePeriodDays: g, warningDays } = settings;
  const { inUseWindowDays: u, maxPostponeDays: p } = settings;
  const before = (at: number): number[] => warningDays.flatMap((w) => [at - w, at - w - 1]);
  const boundaries = [0, FORCED_ROTATION_MIN_AGE_DAYS, r, b, b + g, r + b, r + b + g, u, b + p, r + b + p, g, ...before(b), ...before(b + g), ...before(r + b), ...before(g)];
  // Deletion may also count from a deactivation or last-use date, and in-use from the last use: those are anchors too.
  const anchors = [DAY0, ...keys.flatMap((key) => [key.createdAt, key.lastUsedAt, key.deactivatedAt]).flatMap((date) => (date ? [date.getTime()] : []))];
  return fc
    .tuple(
      fc.constantFrom(...anchors),
      fc.oneof(fc.constantFrom(...boundaries), fc.integer({ min: 0, max: 900 })),
      fc.constantFrom(-1, 0, 0, 1),
    )
    .map(([anchor, days, ms]) => new Date(anchor + days * DAY_MS + ms));
}

/** Raw tag values: none, valid periods and hold dates around `now`, and garbage. */
function tagsArb(now: Date, settings: LifecycleSettings): fc.Arbitrary<UserTags> {
  const isoDay = (offsetDays: number): string => new Date(now.getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);
  const period = fc.option(
    fc.oneof(
      fc.integer({ min: 1, max: settings.rotationPeriodDays + 10 }).map(String),
      fc.constantFrom('', ' 30 ', 'ninety', '-5', '0', '1e2', '30.5'),
    ),
    { nil: undefined, freq: 2 },
  );
  const hold = fc.option(
    fc.oneof(
      fc.integer({ min: -3, max: 3 }).map(isoDay),
      fc.integer({ min: -2, max: 2 }).map((h) => new Date(now.getTime() + h * 3_600_000).toISOString()),
      fc.constantFrom('soon', '2026-02-30', ''),
    ),
    { nil: undefined, freq: 3 },
  );
  return fc.record({ period, hold }).map((tags) => ({
    ...(tags.period !== undefined ? { period: tags.period } : {}),
    ...(tags.hold !== undefined ? { hold: tags.hold } : {}),
  }));
}

/** Delivery (issue 21): none, every target served, or some lacking the current key. */
export const deliveryArb: fc.Arbitrary<DeliveryState | undefined> = fc.option(
  fc.integer({ min: 0, max: 3 }).chain((targets) =>
    fc.integer({ min: 0, max: targets }).map((failing) => ({
      targets,
      pending: Array.from({ length: failing }, (_, index) => ({ target: `GitHub acme/app${index}`, failure: index % 2 === 0 ? 'HTTP 503' : 'HTTP 401' })),
    })),
  ),
  { nil: undefined, freq: 2 },
);

function inputArb(settings: fc.Arbitrary<LifecycleSettings>): fc.Arbitrary<PlanInput> {
  return fc
    .tuple(keysArb, settings, fc.boolean(), fc.boolean(), fc.boolean(), deliveryArb, fc.boolean())
    .chain(([keys, base, exempt, forceRotate, deactivateOld, delivery, deactivateWhenSwitched]) => {
      const chosen = deactivateWhenSwitched ? { ...base, deactivateWhenSwitched } : base;
      return nowArb(keys, chosen).chain((now) =>
        tagsArb(now, chosen).map((tags): PlanInput => ({ userName: 'alice', keys, settings: chosen, exempt, tags, forceRotate, deactivateOld, ...(delivery ? { delivery } : {}), now })),
      );
    });
}

/** Inputs with settings the configuration accepts. */
export const planInputArb: fc.Arbitrary<PlanInput> = inputArb(settingsArb);

/** Inputs with any settings the engine accepts, including combinations the configuration refuses. */
export const anyPlanInputArb: fc.Arbitrary<PlanInput> = inputArb(anySettingsArb);

/** A deep copy with fresh Date objects: equal in value, sharing nothing. */
export function cloneInput(input: PlanInput): PlanInput {
  return {
    ...input,
    settings: { ...input.settings },
    ...(input.tags ? { tags: { ...input.tags } } : {}),
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
  if (input.tags) Object.freeze(input.tags);
  return Object.freeze(input);
}
