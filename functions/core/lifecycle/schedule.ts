import { daysToMs, startOfUtcDay } from './time';
import type { AccessKeyState, LifecycleSettings } from './types';

/** The dates of the lifecycle table, in ms since the epoch, each the start of its UTC day (see startOfUtcDay). */

/** When a current key is due for rotation: R days after its creation. */
export function rotationDueAt(key: AccessKeyState, settings: LifecycleSettings): number {
  return startOfUtcDay(key.createdAt.getTime() + daysToMs(settings.rotationPeriodDays));
}

/** When a replaced, still active key is due for deactivation: B days after the rotation. */
export function deactivationDueAt(rotatedAt: number, settings: LifecycleSettings): number {
  return startOfUtcDay(rotatedAt + daysToMs(settings.inactiveBufferDays));
}

/**
 * When an inactive key is due for deletion: B + G days after the rotation, but
 * never less than G days after the key was deactivated or last used. The table
 * assumes the key was deactivated on time; when it was not (the tool was not
 * running yet, or the user was exempt), counting from the rotation alone would
 * delete it the day after deactivation, leaving its owner no time to notice a
 * broken application and switch the key back on. A key in use up to its
 * deactivation has a last-used date close to it, so even when IAM cannot say
 * when the key was deactivated, the keys that matter keep the full G days.
 * In the on-time case both extra dates are earlier, and change nothing.
 */
export function deletionDueAt(key: AccessKeyState, rotatedAt: number, settings: LifecycleSettings): number {
  const grace = daysToMs(settings.recoveryGracePeriodDays);
  const candidates = [rotatedAt + daysToMs(settings.inactiveBufferDays) + grace];
  if (key.deactivatedAt !== undefined) candidates.push(key.deactivatedAt.getTime() + grace);
  if (key.lastUsedAt !== undefined) candidates.push(key.lastUsedAt.getTime() + grace);
  return startOfUtcDay(Math.max(...candidates));
}
