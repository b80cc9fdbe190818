import { daysToMs, DAY_MS, startOfUtcDay } from './time';
import type { AccessKeyState, LifecycleSettings } from './types';

/** The dates of the lifecycle table, in ms since the epoch, each the start of its UTC day (see startOfUtcDay). */

/** When a current key is due for rotation: R days after its creation (R may be the user's shorter period). */
export function rotationDueAt(key: AccessKeyState, settings: LifecycleSettings): number {
  return startOfUtcDay(key.createdAt.getTime() + daysToMs(settings.rotationPeriodDays));
}

/** When a replaced, still active key is due for deactivation: B days after the rotation. */
export function deactivationDueAt(rotatedAt: number, settings: LifecycleSettings): number {
  return startOfUtcDay(rotatedAt + daysToMs(settings.inactiveBufferDays));
}

/** With Postpone: the latest a replaced key in use stays active, B + P days after the rotation. */
export function postponeLimitAt(rotatedAt: number, settings: LifecycleSettings): number {
  return startOfUtcDay(rotatedAt + daysToMs(settings.inactiveBufferDays + settings.maxPostponeDays));
}

/**
 * When an inactive key is due for deletion: G days after this tool
 * deactivated it, when its record says when; otherwise (found inactive) B + G
 * days after the rotation. Never less than G days after its last use either:
 * a key in use up to its deactivation has a last-used date close to it, so
 * even when nobody knows when it was switched off, the keys that matter keep
 * their full G days to be noticed and switched back on.
 */
export function deletionDueAt(key: AccessKeyState, rotatedAt: number, settings: LifecycleSettings): number {
  const grace = daysToMs(settings.recoveryGracePeriodDays);
  const candidates = [key.deactivatedAt !== undefined ? key.deactivatedAt.getTime() + grace : rotatedAt + daysToMs(settings.inactiveBufferDays) + grace];
  if (key.lastUsedAt !== undefined) candidates.push(key.lastUsedAt.getTime() + grace);
  return startOfUtcDay(Math.max(...candidates));
}

/**
 * The run at which a key this tool deactivated to make room may be deleted:
 * the first run of the next UTC day, so that the owner of a workload it broke
 * has a day to notice and reactivate it (reversible before irreversible).
 */
export function makeRoomDeletionAt(key: AccessKeyState): number | undefined {
  return key.deactivatedAt === undefined ? undefined : startOfUtcDay(key.deactivatedAt.getTime()) + DAY_MS;
}

/**
 * The reminder milestone a run at `now` belongs to for an action due at
 * `dueAt` (the start of its UTC day): the smallest of `milestones` at or above
 * the whole days left. So the reminder for milestone m is due at every run
 * while the days left are within (the next smaller milestone, m]: a run that
 * is missed on the milestone's own day does not lose it, and several runs on
 * one day all name the same milestone. Undefined on the action's day or after
 * it, and before the largest milestone.
 */
export function reminderMilestone(dueAt: number, now: number, milestones: readonly number[]): number | undefined {
  const daysLeft = Math.round((dueAt - startOfUtcDay(now)) / DAY_MS);
  if (daysLeft < 1) return undefined;
  let found: number | undefined;
  for (const milestone of milestones) if (milestone >= daysLeft && (found === undefined || milestone < found)) found = milestone;
  return found;
}

/** A key is in use when its last use is less than U days before `now` (a last use "after now" counts too). */
export function isInUse(key: AccessKeyState, now: number, settings: LifecycleSettings): boolean {
  return key.lastUsedAt !== undefined && now - key.lastUsedAt.getTime() < daysToMs(settings.inUseWindowDays);
}
