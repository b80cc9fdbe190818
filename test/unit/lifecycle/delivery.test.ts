import fc from 'fast-check';
import { DAY_MS, planUser } from '../../../functions/core/lifecycle';
import type { AccessKeyState, DeliveryState, LifecycleSettings, PlanInput } from '../../../functions/core/lifecycle';
import { planInputArb, RUNS } from './arbitraries';
import { day, key, settingsWith, summary } from './fixtures';

// Issue 21 in the lifecycle table: a delivery target without the new key keeps the replaced key active like a key
// in use (up to MaxPostponeDays, CRITICAL, whatever InUseKeyAction says), and DeactivateWhenSwitched retires it early
// once every target has the new key and only the new key is used.

const FAILING: DeliveryState = { targets: 2, pending: [{ target: 'GitHub acme/app (environment production)', failure: 'HTTP 503' }] };
const SERVED: DeliveryState = { targets: 2, pending: [] };
const SWITCH = settingsWith({ deactivateWhenSwitched: true });

function planAt(keys: readonly AccessKeyState[], now: Date, delivery: DeliveryState | undefined, settings: LifecycleSettings = settingsWith(), extra: Partial<PlanInput> = {}) {
  return planUser({ userName: 'ci-deployer', keys, settings, exempt: false, forceRotate: false, ...(delivery ? { delivery } : {}), now, ...extra });
}

// The old key was created on day 0 and replaced on day 90: due for deactivation on day 100, B + P = day 120.
const OLD_IDLE = key('AKIAOLD', 'Active', 0, 80);
const OLD_USED = (lastDay: number) => key('AKIAOLD', 'Active', 0, lastDay);
const NEW = (lastDay?: number) => key('AKIANEW', 'Active', 90, lastDay);

describe('a target lacking the new key keeps the old key active', () => {
  it.each(['Deactivate', 'Postpone'] as const)('postpones at the deactivation date with InUseKeyAction %s, CRITICAL, naming the target and status', (inUseKeyAction) => {
    const result = planAt([OLD_IDLE, NEW()], day(100), FAILING, settingsWith({ inUseKeyAction }));
    expect(summary(result.actions)).toEqual(['POSTPONE AKIAOLD DELIVERY_PENDING CRITICAL due 100 until 120']);
    expect(result.actions[0]?.pendingDeliveries).toEqual(FAILING.pending);
  });

  it('stays CRITICAL at every run of the postponement (a target is broken until someone fixes it)', () => {
    expect(summary(planAt([OLD_IDLE, NEW()], day(110), FAILING).actions)).toEqual(['POSTPONE AKIAOLD DELIVERY_PENDING CRITICAL due 100 until 120']);
  });

  it('deactivates at B + P even so, CRITICAL, still naming the target', () => {
    const result = planAt([OLD_IDLE, NEW()], day(120), FAILING);
    expect(summary(result.actions)).toEqual(['DEACTIVATE AKIAOLD POSTPONEMENT_ENDED CRITICAL due 120']);
    expect(result.actions[0]?.pendingDeliveries).toEqual(FAILING.pending);
  });

  it('deactivates as usual once the delivery succeeded', () => {
    expect(summary(planAt([OLD_IDLE, NEW()], day(105), SERVED).actions)).toEqual(['DEACTIVATE AKIAOLD DEACTIVATION_DUE INFO due 100']);
  });

  it('does not change anything before the deactivation date (the reminders stay as they were)', () => {
    expect(planAt([OLD_IDLE, NEW()], day(93), FAILING).actions).toEqual(planAt([OLD_IDLE, NEW()], day(93), undefined).actions);
  });

  it('leaves a leaked key to the operator: ForceRotate with DeactivateOld still deactivates it', () => {
    const result = planAt([OLD_IDLE, key('AKIANEW', 'Active', 99)], day(99, 3_600_000), FAILING, settingsWith(), { forceRotate: true, deactivateOld: true });
    expect(summary(result.actions)).toEqual(['DEACTIVATE AKIAOLD DEACTIVATE_OLD_REQUESTED INFO due 99+3600000ms']);
  });

  it('never touches exempt or held users', () => {
    expect(planAt([OLD_IDLE, NEW()], day(100), FAILING, settingsWith(), { exempt: true }).actions).toEqual([]);
    expect(planAt([OLD_IDLE, NEW()], day(100), FAILING, settingsWith(), { tags: { hold: '2025-12-31' } }).actions).toEqual([]);
  });
});

describe('DeactivateWhenSwitched', () => {
  it('deactivates the old key before its date once every target has the new key, the new key is used and the old is not', () => {
    // Day 95: the new key was used on day 94, the old one last on day 92 (not within InUseWindow = 2 days).
    expect(summary(planAt([OLD_USED(92), NEW(94)], day(95), SERVED, SWITCH).actions)).toEqual(['DEACTIVATE AKIAOLD SWITCHED INFO due 95']);
  });

  it('is then deleted RecoveryGracePeriod after that deactivation', () => {
    const deactivated = { ...OLD_USED(92), status: 'Inactive' as const, deactivatedAt: day(95) };
    expect(summary(planAt([deactivated, NEW(104)], day(105), SERVED, SWITCH).actions)).toEqual(['DELETE AKIAOLD DELETION_DUE INFO due 105']);
  });

  it.each([
    ['the setting is off (the default)', settingsWith(), SERVED, OLD_USED(92), NEW(94)],
    ['a target lacks the new key', SWITCH, FAILING, OLD_USED(92), NEW(94)],
    ['the user has no delivery targets', SWITCH, { targets: 0, pending: [] }, OLD_USED(92), NEW(94)],
    ['no delivery state is known', SWITCH, undefined, OLD_USED(92), NEW(94)],
    ['the new key has never been used', SWITCH, SERVED, OLD_USED(92), NEW()],
    ['the old key is still in use', SWITCH, SERVED, OLD_USED(94), NEW(94)],
  ])('waits for the date when %s', (_why, settings, delivery, old, current) => {
    expect(planAt([old, current], day(95), delivery, settings).actions.filter((action) => action.type === 'DEACTIVATE')).toEqual([]);
  });
});

describe(`delivery under the invariants, property-based (${RUNS} cases each)`, () => {
  const replacedActive = (input: PlanInput): AccessKeyState | undefined => {
    const active = input.keys.filter((k) => k.status === 'Active').sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    return active.length === 2 ? active[0] : undefined;
  };

  test('while a target lacks the new key, the replaced key is not deactivated before B + P after its replacement, unless an operator asked', () => {
    fc.assert(
      fc.property(planInputArb, (input) => {
        if (!input.delivery || input.delivery.pending.length === 0 || (input.forceRotate && input.deactivateOld)) return;
        const old = replacedActive(input);
        if (!old) return;
        const current = input.keys.find((k) => k !== old && k.status === 'Active');
        if (!current) return;
        const limit = Math.floor((current.createdAt.getTime() + (input.settings.inactiveBufferDays + input.settings.maxPostponeDays) * DAY_MS) / DAY_MS) * DAY_MS;
        const result = planUser(input);
        const stopped = result.actions.find((action) => action.type === 'DEACTIVATE' && action.keyId === old.id);
        // A rotation that is due with both keys active makes room under its own rule; only the retirement row is bound here.
        if (stopped && stopped.reason !== 'MAKE_ROOM_LEAST_RECENTLY_USED') expect(input.now.getTime()).toBeGreaterThanOrEqual(limit);
      }),
      { numRuns: RUNS },
    );
  });

  test('SWITCHED happens only with the setting, every target served, the new key used and the old key idle', () => {
    fc.assert(
      fc.property(planInputArb, (input) => {
        const switched = planUser(input).actions.filter((action) => action.reason === 'SWITCHED');
        if (switched.length === 0) return;
        expect(input.settings.deactivateWhenSwitched).toBe(true);
        expect(input.delivery?.targets).toBeGreaterThan(0);
        expect(input.delivery?.pending).toEqual([]);
        const old = input.keys.find((k) => k.id === switched[0]?.keyId);
        expect(old?.status).toBe('Active');
        expect(old?.lastUsedAt === undefined || input.now.getTime() - old.lastUsedAt.getTime() >= input.settings.inUseWindowDays * DAY_MS).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  test('a POSTPONE for delivery is always CRITICAL and names what is pending', () => {
    fc.assert(
      fc.property(planInputArb, (input) => {
        for (const action of planUser(input).actions.filter((a) => a.reason === 'DELIVERY_PENDING')) {
          expect(action.severity).toBe('CRITICAL');
          expect(action.pendingDeliveries).toEqual(input.delivery?.pending);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
