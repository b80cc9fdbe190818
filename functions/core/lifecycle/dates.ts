import { addDays } from './time';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The end of what a user tag such as IAMKeyRotationHold or
 * IAMKeyRotationExempt names: a date-only value holds through that whole UTC
 * day, a date and time (with its zone) until that instant. Undefined for
 * anything else, so that a typo is reported rather than guessed at.
 */
export function parseUntil(raw: string): Date | undefined {
  const text = raw.trim();
  if (DATE_ONLY.test(text)) {
    const start = new Date(`${text}T00:00:00Z`);
    return Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== text ? undefined : addDays(start, 1);
  }
  if (ISO_DATE_TIME.test(text)) {
    const instant = new Date(text);
    return Number.isNaN(instant.getTime()) ? undefined : instant;
  }
  return undefined;
}
