import type { DigestWeekday } from '../../../contract/names';
import type { NotificationMessage, ResultAction } from '../../core/messages/notification';

/**
 * Whether a run's admin digest is sent: a digest every day teaches people
 * to file it unread (issue 12: 121 digests in 121 days of the demo), so a
 * quiet run sends none, except on DigestWeekday, which keeps the compliance
 * view coming once a week. Pure: the run's reports in, a decision out.
 *
 * Not quiet, whatever the day:
 * - changed: an action was taken (rotated, deactivated, deleted, reactivated);
 * - failed: an action failed or was rolled back, a user or an account failed,
 *   or an account did not report;
 * - postponed: a key's deactivation is postponed (it stays CRITICAL in every
 *   digest while it lasts).
 * Audit mode takes no action, so it is quiet unless something failed.
 */
export type DigestReason = 'changed' | 'failed' | 'postponed' | 'weekday' | 'daily';

export type DigestDecision = { readonly send: true; readonly reasons: readonly DigestReason[] } | { readonly send: false };

export interface CadenceInput {
  readonly weekday: DigestWeekday;
  readonly reports: readonly NotificationMessage[];
  readonly expectedAccounts: number;
}

const DAYS: readonly DigestWeekday[] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function digestDecision(input: CadenceInput): DigestDecision {
  const actions = input.reports.flatMap((report) => report.users.flatMap((user) => user.actions));
  const reasons: DigestReason[] = [];
  if (actions.some(changed)) reasons.push('changed');
  if (input.reports.length < input.expectedAccounts || input.reports.some(failed)) reasons.push('failed');
  if (actions.some((action) => action.type === 'POSTPONE' && action.outcome === 'DONE')) reasons.push('postponed');
  if (input.weekday === 'Daily') reasons.push('daily');
  else if (runWeekday(input.reports) === input.weekday) reasons.push('weekday');
  return reasons.length > 0 ? { send: true, reasons } : { send: false };
}

/** The UTC weekday of the run: its earliest report's time (the rotation runs' `now`, not when the notifier got round to it). */
export function runWeekday(reports: readonly NotificationMessage[]): DigestWeekday | undefined {
  const times = reports.map((report) => new Date(report.generatedAt).getTime()).filter((time) => !Number.isNaN(time));
  if (times.length === 0) return undefined;
  return DAYS[new Date(Math.min(...times)).getUTCDay()];
}

function changed(action: ResultAction): boolean {
  return action.outcome === 'DONE' && action.type !== 'WARN' && action.type !== 'POSTPONE';
}

function failed(report: NotificationMessage): boolean {
  return (
    report.failures.length > 0 ||
    report.users.some((user) => user.failure !== undefined || user.actions.some((action) => action.outcome === 'FAILED' || action.outcome === 'ROLLED_BACK'))
  );
}
