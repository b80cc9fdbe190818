import { act, deactivate, postpone, warn, warnDeactivation, type StopContext } from './actions';
import { LifecycleInvariantError, PlanSimulationError } from './errors';
import { validatePlanInput } from './input';
import { byCreation, currentKey, leastRecentlyUsed } from './keys';
import { deactivationDueAt, deletionDueAt, isInUse, makeRoomDeletionAt, postponeLimitAt, reminderMilestone, rotationDueAt } from './schedule';
import { simulateSteps } from './simulate';
import { readUserTags } from './tags';
import { daysToMs, startOfUtcDay } from './time';
import type { AccessKeyState, ActionReason, LifecycleSettings, PlanInput, PlannedAction, RoomFor, UserPlan } from './types';

/**
 * A forced rotation leaves alone a current key younger than this. The key was
 * just created, most likely by this same forced rotation: the request arrived
 * twice (SQS redelivery, a second click on Test in the console). Rotating it
 * again would churn keys, and it would break invariant 6 (running twice does
 * the same as running once).
 */
export const FORCED_ROTATION_MIN_AGE_DAYS = 1;

interface Rotation {
  readonly reason: Extract<ActionReason, 'ROTATION_DUE' | 'FORCED_ROTATION'>;
  readonly dueAt: number;
  /** An operator asked for it (now, or before the night a make-room deletion waits for). */
  readonly forced: boolean;
  /** Deactivate the replaced key in the same run, once the new key is stored (DeactivateOld). */
  readonly deactivateOld: boolean;
}

/** The input with the user's effective settings (a shorter period from its tag). */
interface Decision extends StopContext {
  readonly input: PlanInput;
  readonly settings: LifecycleSettings;
}

/**
 * Decides what happens to one user's access keys at `now`: the lifecycle table
 * of docs/design.md#4-key-lifecycle. Pure: it reads only its input (never the system
 * clock) and does not modify it. The actions come in the order they must be
 * applied: deletions that make room, the rotation, the retirement of replaced
 * keys, then warnings.
 */
export function planUser(input: PlanInput): UserPlan {
  validatePlanInput(input);
  // Exemption wins over everything, a forced rotation included.
  if (input.exempt) return { userName: input.userName, actions: [] };
  const tags = readUserTags(input.tags ?? {}, input.settings, input.now);
  if (tags.holdUntil) return { userName: input.userName, actions: [], heldUntil: new Date(tags.holdUntil.getTime()) };
  const settings = tags.rotationPeriodDays === undefined ? input.settings : { ...input.settings, rotationPeriodDays: tags.rotationPeriodDays };
  const actions = decide({ input, settings, now: input.now.getTime() });
  assertOnlyInactiveKeysDeleted(input, actions);
  assertKeepsAnActiveKey(input, actions);
  return { userName: input.userName, actions };
}

function decide(decision: Decision): PlannedAction[] {
  const keys = byCreation(decision.input.keys);
  if (keys.length === 0) return [];
  const current = currentKey(keys);
  const rotation = current === undefined ? undefined : rotationOf(current, keys, decision);
  if (current !== undefined && rotation !== undefined) return rotate(keys, current, rotation, decision);
  return retire(keys, current, decision);
}

/** Whether the current key is replaced in this run, and why. */
function rotationOf(current: AccessKeyState, keys: readonly AccessKeyState[], decision: Decision): Rotation | undefined {
  const { input, now, settings } = decision;
  // A forced rotation whose first run deactivated a key to make room goes on at the next run, scheduled or not.
  const pending = keys.find((key) => key.status === 'Inactive' && key.madeRoomFor !== undefined)?.madeRoomFor;
  const forced = input.forceRotate || pending === 'FORCED_ROTATION' || pending === 'FORCED_ROTATION_DEACTIVATE_OLD';
  const deactivateOld = (input.forceRotate && input.deactivateOld === true) || pending === 'FORCED_ROTATION_DEACTIVATE_OLD';
  const dueAt = rotationDueAt(current, settings);
  // A key that is due anyway is reported as due, forced or not: the schedule, not the operator, explains it.
  if (now >= dueAt) return { reason: 'ROTATION_DUE', dueAt, forced, deactivateOld };
  if (forced && now - current.createdAt.getTime() >= daysToMs(FORCED_ROTATION_MIN_AGE_DAYS)) {
    return { reason: 'FORCED_ROTATION', dueAt: now, forced, deactivateOld };
  }
  return undefined;
}

/**
 * Replaces the current key. IAM allows two keys: an inactive second key is
 * deleted first; an active one is deactivated first, and deleted at the next
 * run at least a day later, when the rotation goes on (only an inactive key is
 * ever deleted). After the rotation, a replaced key that was never used, or
 * that the operator asked to retire, is deactivated: nothing can depend on the
 * first, and the second may be leaked.
 */
function rotate(keys: readonly AccessKeyState[], current: AccessKeyState, rotation: Rotation, decision: Decision): PlannedAction[] {
  const { now, settings } = decision;
  const other = keys.find((key) => key !== current);
  const makeRoom: PlannedAction[] = [];
  if (other !== undefined && other.status === 'Active') return [makeRoomByDeactivating(current, other, rotation, decision)];
  if (other !== undefined) {
    const newest = keys.at(-1) ?? current;
    const deletionDue = deletionDueAt(other, newest.createdAt.getTime(), settings);
    const deletableAt = makeRoomDeletionAt(other);
    // Deactivated by this tool less than a day ago: wait for the next run. Only a forced rotation does not wait for a
    // key retired on schedule (an emergency); it does wait for one it deactivated itself to make room.
    const waits = deletableAt !== undefined && now < deletableAt && (!rotation.forced || other.madeRoomFor !== undefined);
    if (now >= deletionDue) makeRoom.push(act('DELETE', other, 'DELETION_DUE', deletionDue));
    else if (waits) return [];
    // Past its own deletion date the key goes as routine (INFO); only a deletion that cuts its grace period short is a WARNING.
    else makeRoom.push(act('DELETE', other, 'MAKE_ROOM_INACTIVE', rotation.dueAt, 'WARNING'));
  }

  const retireNow: PlannedAction[] = [];
  if (rotation.deactivateOld) {
    retireNow.push(deactivate(current, 'DEACTIVATE_OLD_REQUESTED', now, decision));
  } else if (current.lastUsedAt === undefined && now >= rotationDueAt(current, settings)) {
    // Only a key old enough to be due: a forced rotation must not switch off a young key that simply has not been
    // deployed yet (its owner may be about to).
    retireNow.push(deactivate(current, 'NEVER_USED', rotationDueAt(current, settings), decision));
  }
  return [...makeRoom, act('ROTATE', current, rotation.reason, rotation.dueAt), ...retireNow];
}

/**
 * Both keys active and a rotation due: the least recently used one (a
 * never-used key first) is deactivated today, under the same in-use rule as
 * any replaced key; its deletion and the rotation come at the next run.
 */
function makeRoomByDeactivating(current: AccessKeyState, other: AccessKeyState, rotation: Rotation, decision: Decision): PlannedAction {
  const { now, settings } = decision;
  const victim = leastRecentlyUsed(current, other);
  const roomFor: RoomFor = !rotation.forced ? 'ROTATION' : rotation.deactivateOld ? 'FORCED_ROTATION_DEACTIVATE_OLD' : 'FORCED_ROTATION';
  // An operator's rotation is not postponed: it makes room today.
  if (rotation.forced) return deactivate(victim, 'MAKE_ROOM_LEAST_RECENTLY_USED', now, decision, roomFor);
  // The older key was replaced when the current one was created; the current key counts from when its rotation fell due.
  const base = victim === other ? deactivationDueAt(current.createdAt.getTime(), settings) : rotation.dueAt;
  const limit = base + daysToMs(settings.maxPostponeDays);
  // The older key's buffer can outlast the current key's period only with settings the configuration refuses (B >= R):
  // the rotation that is due wins, and the deactivation counts as due today.
  const dueAt = Math.min(base, now);
  if (settings.inUseKeyAction === 'Postpone' && isInUse(victim, now, settings) && now < limit) {
    return postpone(victim, dueAt, limit, startOfUtcDay(now) <= dueAt);
  }
  return deactivate(victim, 'MAKE_ROOM_LEAST_RECENTLY_USED', dueAt, decision, roomFor);
}

/**
 * No rotation in this run: replaced keys are deactivated (or postponed),
 * inactive keys deleted, and what is near is announced: a deactivation at each
 * WarningDays milestone, a deletion at the largest only (its key is off
 * already; the reminder is the last chance to reactivate it), a rotation
 * never (the old key keeps working after it, and the rotation's own message
 * says what to do).
 */
function retire(keys: readonly AccessKeyState[], current: AccessKeyState | undefined, decision: Decision): PlannedAction[] {
  const { input, now, settings } = decision;
  const newest = keys.at(-1);
  if (newest === undefined) return [];
  const deletionMilestones = settings.warningDays.length > 0 ? [Math.max(...settings.warningDays)] : [];
  // Grace periods count from the rotation, which is when the user's newer key was created; never from the old key's
  // own creation. For a lone key that is itself.
  const rotatedAt = newest.createdAt.getTime();
  const changes: PlannedAction[] = [];
  const warnings: PlannedAction[] = [];
  for (const key of keys) {
    if (key === current) continue;
    if (key.status === 'Active' && current !== undefined) {
      // An active key that is not the current one is older than it: it was replaced when the current key was created.
      const replacedAt = current.createdAt.getTime();
      const dueAt = deactivationDueAt(replacedAt, settings);
      if (input.forceRotate && input.deactivateOld === true) {
        // The new key is too young to rotate again (a redelivered request): the old one is retired as asked.
        changes.push(deactivate(key, 'DEACTIVATE_OLD_REQUESTED', now, decision));
      } else if (now >= dueAt) {
        changes.push(deactivateOrPostpone(key, dueAt, postponeLimitAt(replacedAt, settings), decision));
      } else {
        const milestone = reminderMilestone(dueAt, now, settings.warningDays);
        if (milestone !== undefined) warnings.push(warnDeactivation(key, dueAt, milestone, decision));
      }
    } else if (key.status === 'Inactive') {
      const dueAt = deletionDueAt(key, rotatedAt, settings);
      // With no active key left the user is not mid-rotation: the key is just inactive and expired.
      const reason = current === undefined ? 'LONE_INACTIVE_EXPIRED' : 'DELETION_DUE';
      const milestone = reminderMilestone(dueAt, now, deletionMilestones);
      if (now >= dueAt) changes.push(act('DELETE', key, reason, dueAt));
      else if (milestone !== undefined) warnings.push(warn('DELETE', key, 'DELETION_UPCOMING', dueAt, milestone));
    }
  }
  return [...changes, ...warnings];
}

/** The in-use rule for a replaced key whose deactivation date has come. */
function deactivateOrPostpone(key: AccessKeyState, dueAt: number, limit: number, decision: Decision): PlannedAction {
  const { now, settings } = decision;
  if (!isInUse(key, now, settings) || settings.inUseKeyAction === 'Deactivate') return deactivate(key, 'DEACTIVATION_DUE', dueAt, decision);
  if (now < limit) return postpone(key, dueAt, limit, startOfUtcDay(now) <= dueAt);
  return deactivate(key, 'POSTPONEMENT_ENDED', limit, decision);
}

/**
 * Invariant 5, checked on every plan: only a key that is inactive before the
 * run is ever deleted, and never one the same plan deactivates (that would
 * skip its recovery grace period). A plan that fails this is a bug.
 */
function assertOnlyInactiveKeysDeleted(input: PlanInput, actions: readonly PlannedAction[]): void {
  const statusOf = new Map(input.keys.map((key) => [key.id, key.status]));
  for (const action of actions) {
    if (action.type !== 'DELETE') continue;
    if (statusOf.get(action.keyId) !== 'Inactive' || actions.some((other) => other.type === 'DEACTIVATE' && other.keyId === action.keyId)) {
      throw new LifecycleInvariantError(input.userName, `DELETE ${action.keyId} would delete a key that is not inactive`);
    }
  }
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
