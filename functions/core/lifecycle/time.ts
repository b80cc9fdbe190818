/** A lifecycle day: 86,400 s of UTC time. Calendar days and daylight saving play no part. */
export const DAY_MS = 86_400_000;

export function daysToMs(days: number): number {
  return days * DAY_MS;
}

/** `at` plus a whole number of days, as a new Date (plans never share Date objects with their input). */
export function addDays(at: Date | number, days: number): Date {
  const ms = typeof at === 'number' ? at : at.getTime();
  return new Date(ms + daysToMs(days));
}
