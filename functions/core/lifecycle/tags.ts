import { USER_TAGS } from '../../../contract/names';
import { brokenConstraint } from './constraints';
import { parseUntil } from './dates';
import type { LifecycleSettings, UserTags } from './types';

/** What a user's own lifecycle tags mean under the given settings. */
export interface UserTagReading {
  /** The user's shorter rotation period, when the tag holds a usable one. */
  readonly rotationPeriodDays?: number;
  /** Until when the user is on hold, when the hold tag names a date not yet past. */
  readonly holdUntil?: Date;
  /** Tag values that were ignored, and why: for the admin (a tag is never silently ignored). */
  readonly notes: readonly string[];
}

const WHOLE_DAYS = /^\d{1,5}$/;

/**
 * Judges IAMKeyRotationPeriod and IAMKeyRotationHold. A period may only
 * shorten RotationPeriod, and only to one the lifecycle can keep (the same
 * rules as the settings, with the user's period as RotationPeriod); anything
 * else is ignored and said so. A hold that is unreadable holds nothing.
 */
export function readUserTags(tags: UserTags, settings: LifecycleSettings, now: Date): UserTagReading {
  const notes: string[] = [];
  let rotationPeriodDays: number | undefined;
  const period = tags.period?.trim();
  if (period !== undefined && period !== '') {
    const days = WHOLE_DAYS.test(period) ? Number(period) : undefined;
    const broken = days === undefined ? undefined : brokenConstraint({ ...settings, rotationPeriodDays: days });
    if (days === undefined || days < 1) {
      notes.push(`${USER_TAGS.period}="${tags.period ?? ''}" is not a whole number of days; RotationPeriod (${settings.rotationPeriodDays} days) applies`);
    } else if (days > settings.rotationPeriodDays) {
      notes.push(`${USER_TAGS.period}=${days} is longer than RotationPeriod (${settings.rotationPeriodDays} days) and is ignored: the tag can only shorten it`);
    } else if (broken) {
      notes.push(`${USER_TAGS.period}=${days} is ignored, RotationPeriod (${settings.rotationPeriodDays} days) applies: ${broken.problem({ ...settings, rotationPeriodDays: days })}`);
    } else if (days < settings.rotationPeriodDays) {
      rotationPeriodDays = days;
    }
  }
  let holdUntil: Date | undefined;
  const hold = tags.hold?.trim();
  if (hold !== undefined && hold !== '') {
    const until = parseUntil(hold);
    if (until === undefined) notes.push(`${USER_TAGS.hold}="${tags.hold ?? ''}" is not an ISO date (2026-03-31 or 2026-03-31T12:00:00Z); the user is not on hold`);
    else if (now.getTime() < until.getTime()) holdUntil = until;
  }
  return { ...(rotationPeriodDays !== undefined ? { rotationPeriodDays } : {}), ...(holdUntil ? { holdUntil } : {}), notes };
}
