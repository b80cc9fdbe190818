import fc from 'fast-check';
import { applyPlan, DAY_MS, planUser, readUserTags, simulateSteps } from '../../../functions/core/lifecycle';
import type { AccessKeyState, LifecycleSettings, PlanInput, PlannedAction } from '../../../functions/core/lifecycle';
import { anyPlanInputArb, cloneInput, deepFreeze, planInputArb, RUNS, settingsArb, snapshot } from './arbitraries';
import { DAY0 } from './fixtures';

// Property-based tests of the invariants of docs/design.md#4-key-lifecycle, at plan level,
// over random key sets (0-2 keys, any status, used or not, with or without the
// tool's deactivation record), random tags (periods, holds, garbage), random
// settings, forced or not, and clocks on, and 1 ms either side of, every
// lifecycle boundary. Invariant 3 (no key without its stored secret) belongs
// to the rotation function (test/integration/rotation/faults.test.ts).

const property = (input: fc.Arbitrary<PlanInput>, check: (input: PlanInput) => void): void => {
  fc.assert(fc.property(input, check), { numRuns: RUNS });
};

const CHANGES = new Set(['ROTATE', 'DEACTIVATE', 'DELETE']);
const changesOf = (actions: readonly PlannedAction[]): PlannedAction[] => actions.filter((action) => CHANGES.has(action.type));
const hasActive = (keys: readonly AccessKeyState[]): boolean => keys.some((key) => key.status === 'Active');
const startOfDay = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;
const inUse = (key: AccessKeyState, now: Date, settings: LifecycleSettings): boolean =>
  key.lastUsedAt !== undefined && now.getTime() - key.lastUsedAt.getTime() < settings.inUseWindowDays * DAY_MS;
/** Oldest first, ties by id: the engine's order, written again here. */
const sorted = (keys: readonly AccessKeyState[]): AccessKeyState[] =>
  [...keys].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe(`invariants of docs/design.md#4-key-lifecycle, property-based (${RUNS} cases each)`, () => {
  test(`invariant 1 "dry run changes nothing": planning does not modify its input, even frozen (${RUNS} cases)`, () => {
    property(planInputArb, (input) => {
      const before = snapshot(input);
      const result = planUser(deepFreeze(input));
      expect(snapshot(input)).toEqual(before);
      // Nor can a caller change the input through the plan: no Date is shared.
      for (const action of result.actions) {
        for (const key of input.keys) {
          expect(action.dueAt).not.toBe(key.createdAt);
          expect(action.dueAt).not.toBe(key.lastUsedAt);
          if (action.lastUse) expect(action.lastUse.at).not.toBe(key.lastUsedAt);
        }
        expect(action.dueAt).not.toBe(input.now);
      }
    });
  });

  test(`invariant 2 "exempt and held users are never touched": their plan is empty, forced or not (${RUNS} cases)`, () => {
    property(
      planInputArb.map((input) => ({ ...input, exempt: true })),
      (input) => expect(planUser(input).actions).toEqual([]),
    );
    property(planInputArb, (input) => {
      const holdUntil = readUserTags(input.tags ?? {}, input.settings, input.now).holdUntil;
      if (holdUntil === undefined || input.exempt) return;
      const result = planUser(input);
      expect(result.actions).toEqual([]);
      expect(result.heldUntil).toEqual(holdUntil);
    });
  });

  test(`invariant 4 "a user who had an active key still has one": after every action in turn, whatever the settings (${RUNS} cases)`, () => {
    property(anyPlanInputArb, (input) => {
      const steps = simulateSteps(input.keys, planUser(input), input.now, 'AKIANEW');
      if (!hasActive(input.keys)) return;
      steps.forEach((state) => expect(hasActive(state)).toBe(true));
    });
  });

  test(`invariant 5 "only an Inactive key is ever deleted", without exceptions, whatever the settings (${RUNS} cases)`, () => {
    property(anyPlanInputArb, (input) => {
      const { actions } = planUser(input);
      const statusOf = new Map(input.keys.map((key) => [key.id, key.status]));
      for (const action of actions.filter((a) => a.type === 'DELETE')) {
        expect({ key: action.keyId, status: statusOf.get(action.keyId) }).toEqual({ key: action.keyId, status: 'Inactive' });
        // Deactivating and deleting in one run would skip the recovery grace period.
        expect(actions.some((a) => a.type === 'DEACTIVATE' && a.keyId === action.keyId)).toBe(false);
      }
    });
  });

  test(`invariant 6 "running twice at the same instant does the same as running once" (${RUNS} cases)`, () => {
    property(anyPlanInputArb, (input) => {
      const once = applyPlan(input.keys, planUser(input), input.now, 'AKIANEW1');
      const again = planUser({ ...input, keys: once });
      expect(changesOf(again.actions)).toEqual([]);
      expect(applyPlan(once, again, input.now, 'AKIANEW2')).toEqual(once);
    });
  });

  test(`invariant 7 "the plan depends only on its inputs": same values give the same plan, whatever the key order or the system clock (${RUNS} cases)`, () => {
    jest.useFakeTimers();
    try {
      property(planInputArb, (input) => {
        jest.setSystemTime(new Date('2001-01-01T00:00:00Z'));
        const first = planUser(input);
        jest.setSystemTime(new Date('2099-12-31T23:59:59Z'));
        expect(planUser(cloneInput(input))).toEqual(first);
        expect(planUser({ ...cloneInput(input), keys: [...input.keys].reverse() })).toEqual(first);
      });
    } finally {
      jest.useRealTimers();
    }
  });

  /**
   * With Postpone, a key in use is not deactivated by the schedule before B + P
   * days after its rotation (the creation of the user's newer key); a key making
   * room with no newer key, not before P days after its own rotation fell due.
   * An operator's ForceRotate or DeactivateOld is an instruction, not the schedule.
   */
  function expectInvariant8(input: PlanInput): void {
    if (input.settings.inUseKeyAction !== 'Postpone') return;
    if (input.forceRotate || input.keys.some((key) => key.madeRoomFor !== undefined && key.madeRoomFor !== 'ROTATION')) return;
    const { settings, now } = input;
    const period = readUserTags(input.tags ?? {}, settings, now).rotationPeriodDays ?? settings.rotationPeriodDays;
    const keys = sorted(input.keys);
    for (const action of planUser(input).actions) {
      if (action.type !== 'DEACTIVATE') continue;
      const index = keys.findIndex((key) => key.id === action.keyId);
      const key = keys[index] as AccessKeyState;
      if (!inUse(key, now, settings)) continue;
      const newer = keys[index + 1];
      const earliest = newer
        ? startOfDay(newer.createdAt.getTime() + (settings.inactiveBufferDays + settings.maxPostponeDays) * DAY_MS)
        : startOfDay(key.createdAt.getTime() + period * DAY_MS) + settings.maxPostponeDays * DAY_MS;
      expect({ key: key.id, deactivatedAt: now.getTime() >= earliest }).toEqual({ key: key.id, deactivatedAt: true });
    }
  }

  test(`invariant 8 "with Postpone, a key in use is not deactivated before B + P days after its rotation", random inputs (${RUNS} cases)`, () => {
    property(planInputArb, expectInvariant8);
  });

  test(`invariant 8, aimed: a replaced key used within U days of runs around B + P days after its rotation (${RUNS} cases)`, () => {
    const aimed = settingsArb
      .map((settings) => ({ ...settings, inUseKeyAction: 'Postpone' as const }))
      .filter((settings) => settings.inUseWindowDays < settings.maxPostponeDays && settings.inactiveBufferDays + settings.maxPostponeDays + settings.recoveryGracePeriodDays <= settings.rotationPeriodDays)
      .chain((settings) =>
        fc
          .record({
            replacedOn: fc.integer({ min: 1, max: 400 }),
            runDay: fc.integer({ min: 0, max: settings.inactiveBufferDays + settings.maxPostponeDays + 2 }),
            runMs: fc.constantFrom(0, 1, 3_600_000, DAY_MS - 1),
            usedMsAgo: fc.integer({ min: 0, max: (settings.inUseWindowDays + 1) * DAY_MS }),
            newerUsed: fc.boolean(),
          })
          .map(({ replacedOn, runDay, runMs, usedMsAgo, newerUsed }): PlanInput => {
            const replacedAt = DAY0 + replacedOn * DAY_MS;
            const now = new Date(replacedAt + runDay * DAY_MS + runMs);
            return {
              userName: 'alice',
              settings,
              exempt: false,
              forceRotate: false,
              now,
              keys: [
                { id: 'AKIAOLD', status: 'Active', createdAt: new Date(replacedAt - 100 * DAY_MS), lastUsedAt: new Date(now.getTime() - usedMsAgo) },
                { id: 'AKIANEW', status: 'Active', createdAt: new Date(replacedAt), lastUsedAt: newerUsed ? new Date(now.getTime() - 1) : undefined },
              ],
            };
          }),
      );
    let deactivatedInUse = 0;
    property(aimed, (input) => {
      expectInvariant8(input);
      deactivatedInUse += planUser(input).actions.filter((a) => a.type === 'DEACTIVATE' && a.inUse).length;
    });
    // The aim is real: some keys in use were deactivated, at B + P.
    expect(deactivatedInUse).toBeGreaterThan(0);
  });
});

describe(`further properties of every plan (${RUNS} cases each)`, () => {
  test(`never more than two keys, and every action names one of the user's keys (${RUNS} cases)`, () => {
    property(anyPlanInputArb, (input) => {
      const result = planUser(input);
      const ids = new Set(input.keys.map((key) => key.id));
      result.actions.forEach((action) => expect(ids.has(action.keyId)).toBe(true));
      simulateSteps(input.keys, result, input.now, 'AKIANEW').forEach((state) => expect(state.length).toBeLessThanOrEqual(2));
    });
  });

  test(`actions come in the order they must be applied: make-room deletes, ROTATE, retirements, then WARNs (${RUNS} cases)`, () => {
    // IAM's two-key limit: any deletion of another key that comes with a rotation must come before it.
    const rankIn = (actions: readonly PlannedAction[]) => {
      const rotated = actions.find((a) => a.type === 'ROTATE')?.keyId;
      return (action: PlannedAction): number =>
        action.type === 'WARN' ? 3 : action.type === 'ROTATE' ? 1 : rotated !== undefined && action.keyId !== rotated ? 0 : 2;
    };
    property(anyPlanInputArb, (input) => {
      const { actions } = planUser(input);
      const ranks = actions.map(rankIn(actions));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(actions.filter((a) => a.type === 'ROTATE').length).toBeLessThanOrEqual(1);
      // A deletion that makes room only ever comes with the rotation it makes room for; a deactivation that makes room, alone.
      if (actions.some((a) => a.reason === 'MAKE_ROOM_INACTIVE')) expect(actions.some((a) => a.type === 'ROTATE')).toBe(true);
      if (actions.some((a) => a.reason === 'MAKE_ROOM_LEAST_RECENTLY_USED')) expect(actions).toHaveLength(1);
    });
  });

  test(`severity: CRITICAL for stopping a key in use and on a postponement's first day, WARNING for cutting a grace short or a postponement going on, INFO otherwise (${RUNS} cases)`, () => {
    property(anyPlanInputArb, (input) => {
      const byId = new Map(input.keys.map((key) => [key.id, key]));
      for (const action of planUser(input).actions) {
        const key = byId.get(action.keyId) as AccessKeyState;
        let expected = 'INFO';
        if (action.type === 'DEACTIVATE' && inUse(key, input.now, input.settings)) expected = 'CRITICAL';
        if (action.type === 'POSTPONE') expected = startOfDay(input.now.getTime()) <= action.dueAt.getTime() ? 'CRITICAL' : 'WARNING';
        if (action.reason === 'MAKE_ROOM_INACTIVE') expected = 'WARNING';
        expect({ action: action.type, severity: action.severity }).toEqual({ action: action.type, severity: expected });
      }
    });
  });

  test(`every action that stops or will stop a key says whether it is in use and, if it was ever used, where (${RUNS} cases)`, () => {
    property(anyPlanInputArb, (input) => {
      const byId = new Map(input.keys.map((key) => [key.id, key]));
      for (const action of planUser(input).actions) {
        const stops = action.type === 'DEACTIVATE' || action.type === 'POSTPONE' || (action.type === 'WARN' && action.announces === 'DEACTIVATE');
        if (!stops) continue;
        const key = byId.get(action.keyId) as AccessKeyState;
        expect(action.inUse).toBe(inUse(key, input.now, input.settings));
        expect(action.lastUse?.at.getTime()).toBe(key.lastUsedAt?.getTime());
        expect(action.lastUse?.service).toBe(key.lastUsedService);
      }
    });
  });

  test(`a reminder names its milestone: the smallest WarningDays value (for a deletion: the largest, alone) at or above the whole days left; never one before a rotation; actions are due now or earlier; a postponement ends later (${RUNS} cases)`, () => {
    property(anyPlanInputArb, (input) => {
      const now = input.now.getTime();
      const { warningDays } = input.settings;
      for (const action of planUser(input).actions) {
        const due = action.dueAt.getTime();
        if (action.type === 'WARN') {
          const daysLeft = Math.round((due - Math.floor(now / DAY_MS) * DAY_MS) / DAY_MS);
          const milestones = action.announces === 'DELETE' ? [Math.max(...warningDays)] : warningDays;
          expect(daysLeft).toBeGreaterThanOrEqual(1);
          expect(action.announces === 'DEACTIVATE' || action.announces === 'DELETE').toBe(true);
          expect(action.milestone).toBe(Math.min(...milestones.filter((m) => m >= daysLeft)));
        } else {
          expect(due).toBeLessThanOrEqual(now);
        }
        if (action.type === 'POSTPONE') expect(action.deadline?.getTime()).toBeGreaterThan(now);
      }
    });
  });
});
