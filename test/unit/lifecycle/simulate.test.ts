import { applyPlan, PlanSimulationError, simulateSteps } from '../../../functions/core/lifecycle';
import type { PlannedAction, UserPlan } from '../../../functions/core/lifecycle';
import { day, key } from './fixtures';

function planOf(...actions: PlannedAction[]): UserPlan {
  return { userName: 'alice', actions };
}

function action(type: PlannedAction['type'], keyId: string): PlannedAction {
  return { type, keyId, reason: 'ROTATION_DUE', dueAt: day(0), severity: 'INFO' };
}

describe('applyPlan: what a plan does to the keys', () => {
  test('ROTATE adds an active, never-used key created now and leaves the replaced key active', () => {
    const after = applyPlan([key('K1', 'Active', 0, 5)], planOf(action('ROTATE', 'K1')), day(90), 'K2');
    expect(after).toEqual([key('K1', 'Active', 0, 5), { id: 'K2', status: 'Active', createdAt: day(90), lastUsedAt: undefined }]);
  });

  test('DEACTIVATE makes the key inactive and records when; DELETE removes it; WARN changes nothing', () => {
    const keys = [key('K1', 'Active', 0, 5), key('K2', 'Active', 90, 95)];
    expect(applyPlan(keys, planOf(action('DEACTIVATE', 'K1')), day(100), 'X')).toEqual([
      { ...key('K1', 'Inactive', 0, 5), deactivatedAt: day(100) },
      key('K2', 'Active', 90, 95),
    ]);
    expect(applyPlan(keys, planOf(action('DELETE', 'K1')), day(100), 'X')).toEqual([key('K2', 'Active', 90, 95)]);
    expect(applyPlan(keys, planOf(action('WARN', 'K1')), day(100), 'X')).toEqual(keys);
  });

  test('the input keys are not modified and share no Date with the result', () => {
    const keys = [key('K1', 'Active', 0, 5)];
    const after = applyPlan(keys, planOf(action('DEACTIVATE', 'K1')), day(100), 'X');
    expect(keys).toEqual([key('K1', 'Active', 0, 5)]);
    expect(after[0]?.createdAt).not.toBe(keys[0]?.createdAt);
  });

  test('simulateSteps gives the keys after each action, in order', () => {
    const steps = simulateSteps([key('K1', 'Active', 0)], planOf(action('ROTATE', 'K1'), action('DELETE', 'K1')), day(90), 'K2');
    expect(steps.map((state) => state.map((k) => k.id))).toEqual([['K1', 'K2'], ['K2']]);
  });

  test('where IAM would refuse, PlanSimulationError: a third key, an unknown key, two rotations, a new id already taken', () => {
    const two = [key('K1', 'Active', 0), key('K2', 'Active', 1)];
    expect(() => applyPlan(two, planOf(action('ROTATE', 'K2')), day(2), 'K3')).toThrow(PlanSimulationError);
    expect(() => applyPlan(two, planOf(action('DELETE', 'K9')), day(2), 'K3')).toThrow(/no such key/);
    expect(() => applyPlan([key('K1', 'Active', 0)], planOf(action('ROTATE', 'K1'), action('ROTATE', 'K1')), day(2), 'K3')).toThrow(/rotates twice/);
    expect(() => applyPlan([key('K1', 'Active', 0)], planOf(action('ROTATE', 'K1')), day(2), 'K1')).toThrow(/already exists/);
  });
});
