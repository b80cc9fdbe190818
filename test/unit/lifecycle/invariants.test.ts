import fc from 'fast-check';
import { applyPlan, DAY_MS, planUser, simulateSteps } from '../../../functions/core/lifecycle';
import type { AccessKeyState, ActionReason, PlanInput, PlannedAction } from '../../../functions/core/lifecycle';
import { cloneInput, deepFreeze, planInputArb, RUNS, snapshot } from './arbitraries';

// Property-based tests of the invariants of DESIGN.md section 4, at plan level,
// over random key sets (0-2 keys, any status, used or not), random valid
// settings and clocks on, and 1 ms either side of, every lifecycle boundary.
// Invariant 3 (no key without its stored secret) belongs to the rotation function.

const property = (input: fc.Arbitrary<PlanInput>, check: (input: PlanInput) => void): void => {
  fc.assert(fc.property(input, check), { numRuns: RUNS });
};

const CHANGES = new Set(['ROTATE', 'DEACTIVATE', 'DELETE']);
const changesOf = (actions: readonly PlannedAction[]): PlannedAction[] => actions.filter((action) => CHANGES.has(action.type));
const hasActive = (keys: readonly AccessKeyState[]): boolean => keys.some((key) => key.status === 'Active');

describe(`invariants of DESIGN.md section 4, property-based (${RUNS} cases each)`, () => {
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
        }
        expect(action.dueAt).not.toBe(input.now);
      }
    });
  });

  test(`invariant 2 "exempt users are never touched": an exempt user's plan is empty, forced or not (${RUNS} cases)`, () => {
    property(
      planInputArb.map((input) => ({ ...input, exempt: true })),
      (input) => {
        expect(planUser(input).actions).toEqual([]);
      },
    );
  });

  test(`invariant 4 "a user who had an active key still has one": after every action in turn, not only at the end (${RUNS} cases)`, () => {
    property(planInputArb, (input) => {
      const steps = simulateSteps(input.keys, planUser(input), input.now, 'AKIANEW');
      if (!hasActive(input.keys)) return;
      steps.forEach((state) => expect(hasActive(state)).toBe(true));
    });
  });

  test(`invariant 5 "a key is deactivated before it is deleted, except the cases the table names" (${RUNS} cases)`, () => {
    const ACTIVE_DELETION_REASONS: readonly ActionReason[] = ['NEVER_USED', 'MAKE_ROOM_LEAST_RECENTLY_USED'];
    property(planInputArb, (input) => {
      const { actions } = planUser(input);
      const statusOf = new Map(input.keys.map((key) => [key.id, key.status]));
      for (const action of actions.filter((a) => a.type === 'DELETE')) {
        // Deleting a key that is active is allowed only for a never-used key or to make room (both named in the table).
        if (statusOf.get(action.keyId) === 'Active') expect(ACTIVE_DELETION_REASONS).toContain(action.reason);
        // Deactivating and deleting in one run would skip the recovery grace period.
        expect(actions.some((a) => a.type === 'DEACTIVATE' && a.keyId === action.keyId)).toBe(false);
      }
    });
  });

  test(`invariant 6 "running twice at the same instant does the same as running once" (${RUNS} cases)`, () => {
    property(planInputArb, (input) => {
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
});

describe(`further properties of every plan (${RUNS} cases each)`, () => {
  test(`never more than two keys, and every action names one of the user's keys (${RUNS} cases)`, () => {
    property(planInputArb, (input) => {
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
    property(planInputArb, (input) => {
      const { actions } = planUser(input);
      const ranks = actions.map(rankIn(actions));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(actions.filter((a) => a.type === 'ROTATE').length).toBeLessThanOrEqual(1);
      // A deletion that makes room only ever comes with the rotation it makes room for.
      if (actions.some((a) => a.reason.startsWith('MAKE_ROOM'))) expect(actions.some((a) => a.type === 'ROTATE')).toBe(true);
    });
  });

  test(`severity: CRITICAL exactly for deleting an active key to make room, WARNING for an inactive one, INFO otherwise (${RUNS} cases)`, () => {
    property(planInputArb, (input) => {
      for (const action of planUser(input).actions) {
        const expected = action.reason === 'MAKE_ROOM_LEAST_RECENTLY_USED' ? 'CRITICAL' : action.reason === 'MAKE_ROOM_INACTIVE' ? 'WARNING' : 'INFO';
        expect(action.severity).toBe(expected);
      }
    });
  });

  test(`warnings announce a date within the warning lead time; actions are due now or earlier (${RUNS} cases)`, () => {
    property(planInputArb, (input) => {
      const now = input.now.getTime();
      for (const action of planUser(input).actions) {
        const due = action.dueAt.getTime();
        if (action.type === 'WARN') {
          expect(due).toBeGreaterThan(now);
          expect(due - now).toBeLessThanOrEqual(input.settings.warningLeadDays * DAY_MS);
          expect(action.announces).toBeDefined();
        } else {
          expect(due).toBeLessThanOrEqual(now);
        }
      }
    });
  });
});
