import { act, warn } from './actions';
import { LifecycleInvariantError, PlanSimulationError } from './errors';
import { validatePlanInput } from './input';
import { byCreation, currentKey, leastRecentlyUsed } from './keys';
import { deactivationDueAt, deletionDueAt, rotationDueAt } from './schedule';
import { simulateSteps } from './simulate';
import { daysToMs } from './time';
import type { AccessKeyState, ActionReason, PlanInput, PlannedAction, UserPlan } from './types';

/**
 * A forced rotation leaves alone a current key younger than this. The key was
 * just created, most likely by this same forced rotation: the request arrived
 * twice (SQS redelivery, a second click on Test in the console). Rotating it
 * again would, with two active keys, delete one that an application may have
 * just picked up, and it would break invariant 6 (running twice does the same
 * as running once).
 */
export const FORCED_ROTATION_MIN_AGE_DAYS = 1;

interface Rotation {
  readonly reason: Extract<ActionReason, 'ROTATION_DUE' | 'FORCED_ROTATION'>;
  readonly dueAt: number;
}

/**
 * Decides what happens to one user's access keys at `now`: the lifecycle table
 * of DESIGN.md section 4. Pure: it reads only its input (never the system
 * clock) and does not modify it. The actions come in the order they must be
 * applied: deletions that make room, the rotation, the retirement of replaced
 * keys, then warnings.
 */
export function planUser(input: PlanInput): UserPlan {
  validatePlanInput(input);
  // Exemption wins over everything, a forced rotation included.
  if (input.exempt) return { userName: input.userName, actions: [] };
  const actions = decide(input);
  assertKeepsAnActiveKey(input, actions);
  return { userName: input.userName, actions };
}

function decide(input: PlanInput): PlannedAction[] {
  const keys = byCreation(input.keys);
  const newest = keys.at(-1);
  if (newest === undefined) return [];
  const current = currentKey(keys);
  const rotation = current === undefined ? undefined : rotationOf(current, input);
  if (current !== undefined && rotation !== undefined) return rotate(keys, current, rotation, input);

  const { settings } = input;
  const now = input.now.getTime();
  // Grace periods count from the rotation, which is when the user's newer key was
  // created; never from the old key's own creation. For a lone key that is itself.
  const rotatedAt = newest.createdAt.getTime();
  const changes: PlannedAction[] = [];
  const warnings: PlannedAction[] = [];
  for (const key of keys) {
    if (key === current) continue;
    if (key.status === 'Active') {
      // An active key that is not the current one is older than it: it has been replaced.
      const dueAt = deactivationDueAt(rotatedAt, settings);
      if (now >= dueAt) changes.push(act('DEACTIVATE', key, 'DEACTIVATION_DUE', dueAt));
      else if (now >= dueAt - daysToMs(settings.warningLeadDays)) warnings.push(warn('DEACTIVATE', key, 'DEACTIVATION_UPCOMING', dueAt));
    } else {
      const dueAt = deletionDueAt(key, rotatedAt, settings);
      // With no active key left the user is not mid-rotation: the key is just inactive and expired.
      const reason = current === undefined ? 'LONE_INACTIVE_EXPIRED' : 'DELETION_DUE';
      if (now >= dueAt) changes.push(act('DELETE', key, reason, dueAt));
      else if (now >= dueAt - daysToMs(settings.warningLeadDays)) warnings.push(warn('DELETE', key, 'DELETION_UPCOMING', dueAt));
    }
  }
  if (current !== undefined) {
    const dueAt = rotationDueAt(current, settings);
    if (now >= dueAt - daysToMs(settings.warningLeadDays)) warnings.push(warn('ROTATE', current, 'ROTATION_UPCOMING', dueAt));
  }
  return [...changes, ...warnings];
}

/** Whether the current key is replaced in this run, and why. */
function rotationOf(current: AccessKeyState, input: PlanInput): Rotation | undefined {
  const now = input.now.getTime();
  const created = current.createdAt.getTime();
  const dueAt = rotationDueAt(current, input.settings);
  // A key that is due anyway is reported as due, forced or not: the schedule, not the operator, explains it.
  if (now >= dueAt) return { reason: 'ROTATION_DUE', dueAt };
  if (input.forceRotate && now - created >= daysToMs(FORCED_ROTATION_MIN_AGE_DAYS)) return { reason: 'FORCED_ROTATION', dueAt: now };
  return undefined;
}

/**
 * Replaces the current key. IAM allows two keys, so a second key is deleted
 * first; then the new key is created; then a replaced key that was never used
 * is deleted at once, since nothing can depend on it.
 */
function rotate(keys: readonly AccessKeyState[], current: AccessKeyState, rotation: Rotation, input: PlanInput): PlannedAction[] {
  const { settings } = input;
  const now = input.now.getTime();
  const makeRoom: PlannedAction[] = [];
  let replaced = current;
  const other = keys.find((key) => key !== current);
  if (other !== undefined && other.status === 'Inactive') {
    const newest = keys.at(-1) ?? current;
    const deletionDue = deletionDueAt(other, newest.createdAt.getTime(), settings);
    // Past its own deletion date the key goes as routine (INFO); only a deletion that cuts its grace period short is a WARNING.
    makeRoom.push(
      now >= deletionDue
        ? act('DELETE', other, 'DELETION_DUE', deletionDue)
        : act('DELETE', other, 'MAKE_ROOM_INACTIVE', rotation.dueAt, 'WARNING'),
    );
  } else if (other !== undefined) {
    const victim = leastRecentlyUsed(current, other);
    makeRoom.push(act('DELETE', victim, 'MAKE_ROOM_LEAST_RECENTLY_USED', rotation.dueAt, 'CRITICAL'));
    // When the current key is the one never used, the key applications really use is the other: rotate that one.
    replaced = victim === current ? other : current;
  }

  const retire: PlannedAction[] = [];
  const neverUsedDue = rotationDueAt(replaced, settings);
  // Only a key old enough to be due: a forced rotation must not delete a young key
  // that simply has not been deployed yet (its owner may be about to).
  if (replaced.lastUsedAt === undefined && now >= neverUsedDue) retire.push(act('DELETE', replaced, 'NEVER_USED', neverUsedDue));
  return [...makeRoom, act('ROTATE', replaced, rotation.reason, rotation.dueAt), ...retire];
}

/**
 * Invariant 4, checked on every plan before it leaves the engine: after each
 * action in turn (a run may stop half way), a user who had an active key still
 * has one. A plan that fails this is a bug, and must never reach IAM.
 */
function assertKeepsAnActiveKey(input: PlanInput, actions: readonly PlannedAction[]): void {
  if (!input.keys.some((key) => key.status === 'Active')) return;
  let placeholder = 'planned-new-key';
  while (input.keys.some((key) => key.id === placeholder)) placeholder += '-';
  let steps: AccessKeyState[][];
  try {
    steps = simulateSteps(input.keys, { userName: input.userName, actions }, input.now, placeholder);
  } catch (error) {
    if (error instanceof PlanSimulationError) throw new LifecycleInvariantError(input.userName, `the plan cannot be applied: ${error.message}`);
    throw error;
  }
  steps.forEach((state, index) => {
    if (!state.some((key) => key.status === 'Active')) {
      const action = actions[index];
      throw new LifecycleInvariantError(input.userName, `${action?.type} ${action?.keyId} would leave the user without an active key`);
    }
  });
}
