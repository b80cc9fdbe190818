/** A lifecycle day: 86,400 s of UTC time. Daylight saving plays no part. */
export const DAY_MS = 86_400_000;

/**
 * The start (00:00 UTC) of the day containing `ms`. Due dates are whole UTC
 * days: an action due on day N happens at the first run on that date, whatever
 * the hour. Counting exact instants instead lets a run that starts a few
 * seconds earlier than the one that rotated (the schedule fires at 06:00, the
 * new key's CreateDate is 06:00:04) slip every later action by a whole day.
 */
export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function daysToMs(days: number): number {
  return days * DAY_MS;
}

/** `at` plus a whole number of days, as a new Date (plans never share Date objects with their input). */
export function addDays(at: Date | number, days: number): Date {
  const ms = typeof at === 'number' ? at : at.getTime();
  return new Date(ms + daysToMs(days));
}
