/**
 * The one day-arithmetic module: every part of the project (functions,
 * scripts, bench, emulator) counts days with these. A day is 86,400 s of UTC
 * time; daylight saving plays no part. Showing a date is formatting and lives
 * where it is shown.
 */
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

/** Whole UTC days from `from`'s day to `to`'s day (negative when `to` is earlier): a key created on day 0 is 90 days old on day 90, whatever the hours. */
export function daysBetween(from: Date | number | string, to: Date | number | string): number {
  return Math.floor(new Date(to).getTime() / DAY_MS) - Math.floor(new Date(from).getTime() / DAY_MS);
}
