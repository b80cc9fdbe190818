import { daysBetween } from '../lifecycle/time';

/** The UTC day of an instant, YYYY-MM-DD. */
export function isoDay(instant: Date | number): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/**
 * Age in whole UTC days between the key's creation day and `now`'s day: the
 * unit the lifecycle counts in (a key created on day 0 is rotated on day R,
 * whatever the hour).
 */
export function ageInDays(createdAt: Date, now: Date): number {
  return daysBetween(createdAt, now);
}
