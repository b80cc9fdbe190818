import type { LifecycleSettings } from '../lifecycle/types';
import { DAY_MS } from '../lifecycle/time';
import { isoDay } from './dates';
import type { KeyRow } from './row';

/**
 * An external key-age limit the Organization is measured against
 * (ComplianceMaxKeyAge: Security Hub IAM.3 and the Config rule
 * `access-keys-rotated` flag an active key older than `maxAccessKeyAge`
 * days), and what the tool's schedule means for it. Pure: no I/O, no clock.
 *
 * A key counts as failing from the UTC day it becomes older than the limit
 * (its creation day + the limit: the day, as the lifecycle counts days,
 * whatever the hour) until the day the tool deactivates it. Only active keys
 * fail: an inactive key is not one the rule looks at.
 */

/** The column the inventory and the plan's CSV give the day a key starts failing the limit (empty: it does not, or no limit). */
export const LIMIT_COLUMN = 'failsComplianceLimitOn';

/** 0: no limit (the parameter's default). */
export const COMPLIANCE_LIMIT_OFF = 0;

type Schedule = Pick<LifecycleSettings, 'rotationPeriodDays' | 'inactiveBufferDays'>;
type RowFacts = Pick<KeyRow, 'status' | 'createdAt' | 'ageDays' | 'nextAction' | 'nextActionDate'>;

const dayNumber = (isoDate: string): number => Math.floor(Date.parse(isoDate) / DAY_MS);
const dayText = (day: number): string => isoDay(day * DAY_MS);

/**
 * The UTC day (as a day number) from which the key is no longer active by
 * the tool's schedule; Infinity when nothing will retire it (a permanent
 * exemption). A rotation retires the replaced key InactiveBuffer days later;
 * a postponed key can be deactivated at the first run after it is no longer
 * in use, the day after its postponement is looked at again.
 */
function retiredOn(row: RowFacts, settings: Schedule): number {
  if (row.nextAction === null || row.nextActionDate === null) return Number.POSITIVE_INFINITY;
  const day = dayNumber(row.nextActionDate);
  switch (row.nextAction) {
    case 'ROTATE':
      return day + settings.inactiveBufferDays;
    case 'POSTPONE':
      return day + 1;
    case 'DEACTIVATE':
    case 'DELETE':
      return day;
  }
}

/** The day the key becomes older than the limit: its creation day + the limit. */
function limitDay(row: Pick<KeyRow, 'createdAt'>, limitDays: number): number {
  return dayNumber(row.createdAt) + limitDays;
}

/**
 * The UTC day (YYYY-MM-DD) from which this key fails the limit, as things
 * are planned; null when it never does (no limit, an inactive key, or one
 * the tool deactivates before it gets that old).
 */
export function failsLimitOn(row: RowFacts, limitDays: number, settings: Schedule): string | null {
  if (limitDays <= COMPLIANCE_LIMIT_OFF || row.status !== 'Active') return null;
  const from = limitDay(row, limitDays);
  return retiredOn(row, settings) > from ? dayText(from) : null;
}

/** The key fails the limit on the day its row was made: active and at least the limit's days old. */
export function failsLimitNow(row: Pick<KeyRow, 'status' | 'ageDays'>, limitDays: number): boolean {
  return limitDays > COMPLIANCE_LIMIT_OFF && row.status === 'Active' && row.ageDays >= limitDays;
}

export interface ComplianceLimitSummary {
  readonly limitDays: number;
  /** Keys failing the limit on `today`. */
  readonly failingNow: number;
  /** Keys not failing today that will by the tool's schedule. */
  readonly failingLater: number;
  /**
   * The earliest day from `today` on which no key fails the limit, by the
   * tool's schedule (enforcing: in audit mode nothing is deactivated);
   * null when some key never stops failing (exempt for good).
   */
  readonly fullyCompliantOn: string | null;
  /** Keys that fail with no end (exempt or held with no date, or nothing scheduled). */
  readonly failingForGood: number;
}

/**
 * What the digest and the plan say about the limit for a set of rows seen on
 * `today`: how many keys fail it now, and the first day none does. Keys not
 * yet failing count too: a day is compliant only when none of the intervals
 * [limit day, retirement day) holds it.
 */
export function complianceLimitSummary(rows: readonly RowFacts[], limitDays: number, settings: Schedule, today: Date): ComplianceLimitSummary {
  const start = Math.floor(today.getTime() / DAY_MS);
  const intervals: { from: number; to: number }[] = [];
  let failingNow = 0;
  let failingLater = 0;
  let failingForGood = 0;
  for (const row of rows) {
    if (limitDays <= COMPLIANCE_LIMIT_OFF || row.status !== 'Active') continue;
    const now = failsLimitNow(row, limitDays);
    const from = now ? start : limitDay(row, limitDays);
    // A key failing today is failing until it is retired, whatever its row's date says about the limit day.
    const to = retiredOn(row, settings);
    if (!now && to <= from) continue;
    if (now) failingNow += 1;
    else failingLater += 1;
    if (to === Number.POSITIVE_INFINITY) failingForGood += 1;
    intervals.push({ from, to: now ? Math.max(to, start + 1) : to });
  }
  let day = start;
  for (;;) {
    const covering = intervals.filter((interval) => interval.from <= day && day < interval.to);
    if (covering.length === 0) break;
    day = Math.max(...covering.map((interval) => interval.to));
    if (day === Number.POSITIVE_INFINITY) break;
  }
  return {
    limitDays,
    failingNow,
    failingLater,
    fullyCompliantOn: day === Number.POSITIVE_INFINITY ? null : dayText(day),
    failingForGood,
  };
}

/**
 * When the settings make every rotated key fail the limit: the replaced key
 * stays active until RotationPeriod + InactiveBuffer days after its creation
 * (+ MaxPostponeDays when in use and postponed), so it fails from day `limit`
 * until then, every cycle. undefined: the settings fit the limit.
 */
export function limitConflict(settings: Pick<LifecycleSettings, 'rotationPeriodDays' | 'inactiveBufferDays'>, limitDays: number): string | undefined {
  if (limitDays <= COMPLIANCE_LIMIT_OFF) return undefined;
  const { rotationPeriodDays: r, inactiveBufferDays: b } = settings;
  const retired = r + b;
  if (retired < limitDays) return undefined;
  const fitting = limitDays - b - 1;
  const fix =
    fitting >= 1
      ? `keep RotationPeriod + InactiveBuffer below ${limitDays} (for example RotationPeriod=${fitting} with InactiveBuffer=${b})`
      : `keep RotationPeriod + InactiveBuffer below ${limitDays} (a shorter InactiveBuffer, then RotationPeriod below ${limitDays} minus it)`;
  return (
    `ComplianceMaxKeyAge is ${limitDays} days, but every replaced key stays active until day RotationPeriod + InactiveBuffer = ${r} + ${b} = ${retired}, ` +
    `so every rotated key fails the limit (Security Hub IAM.3, Config access-keys-rotated) for ${retired - limitDays + 1} day(s) each cycle: ${fix}`
  );
}

const keys = (n: number): string => `${n} ${n === 1 ? 'key' : 'keys'}`;

/** The summary in one sentence, as the digest and the plan say it. */
export function limitSummaryText(summary: ComplianceLimitSummary, today: Date): string {
  const limit = `ComplianceMaxKeyAge (${summary.limitDays} days)`;
  const later = summary.failingLater > 0 ? `; ${summary.failingLater} more will before the tool retires them` : '';
  const head = `${keys(summary.failingNow)} ${summary.failingNow === 1 ? 'fails' : 'fail'} ${limit} today${later}`;
  if (summary.fullyCompliantOn === null) {
    return `${head}. The Organization cannot be fully compliant while ${keys(summary.failingForGood)} that nothing retires (exempt or held with no end) ${summary.failingForGood === 1 ? 'fails' : 'fail'} it.`;
  }
  if (summary.fullyCompliantOn === isoDay(today)) return `${head}. The Organization is fully compliant today.`;
  return `${head}. The earliest day the Organization can be fully compliant: ${summary.fullyCompliantOn} (enforcing, as scheduled).`;
}
