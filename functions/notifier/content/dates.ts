import { addDays, daysBetween, startOfUtcDay } from '../../core/lifecycle/time';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "16 January 2026" (UTC): a date no reader misreads, whatever their country's order of day and month. */
export function longDate(instant: string | Date): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return String(instant);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''} ${date.getUTCFullYear()}`;
}

/** "today", "tomorrow", "in 7 days" (or "7 days ago"), from `from`'s day to `to`'s day. */
export function relativeDay(from: string | Date, to: string | Date): string {
  const days = daysBetween(from, to);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** `at` plus whole days, as an ISO instant at the start of that UTC day: due dates are whole days. */
export function dayAfter(at: string | Date, days: number): string {
  return addDays(startOfUtcDay(new Date(at).getTime()), days).toISOString();
}
