import type { NotificationMessage, ResultAction, ResultActionType } from '../../core/messages/notification';
import { longDate } from './dates';
import { evidenceOf, usage, type Todo } from './todo';

/**
 * The first lines of the admin digest, in the style of a key owner's to-do
 * lines (todo.ts): what needs the admin now (postponements that start today,
 * keys switched off while still in use, failures, accounts that did not
 * report), then one line each of what was done and what audit mode left
 * undone. The tables and the compliance view follow; they hold the details.
 */
export function digestTodos(reports: readonly NotificationMessage[], expectedAccounts: number): Todo[] {
  const critical: Todo[] = [];
  for (const report of reports) {
    const where = report.accountName ?? report.accountId;
    for (const user of report.users) {
      for (const action of user.actions) {
        if (action.outcome !== 'DONE' || report.dryRun) continue;
        // A postponement is critical the day it starts; while it lasts the compliance view lists it.
        if (action.type === 'POSTPONE' && action.severity === 'CRITICAL') {
          const latest = action.deadline ? `; it is switched off on ${longDate(action.deadline)} at the latest` : '';
          critical.push({ level: 'critical', ...(action.deadline ? { by: action.deadline } : {}), text: `${where}: ${user.userName}'s old access key ${action.keyId} is still in use${lastUse(action)}, so its deactivation is postponed${latest}. Its owner was told.`, ...evidenceOf(action) });
        }
        if (action.type === 'DEACTIVATE' && action.inUse === true) {
          critical.push({ level: 'critical', text: `${where}: ${user.userName}'s access key ${action.keyId} was switched off while still in use${lastUse(action)}. If a workload broke, a Reactivate console event switches it back on until its owner moves to the new key.`, ...evidenceOf(action) });
        }
      }
    }
  }
  const failed = reports.filter(hasFailures);
  if (failed.length > 0) {
    const count = failed.reduce((sum, report) => sum + failureCount(report), 0);
    critical.push({ level: 'critical', text: `${count} ${count === 1 ? 'failure' : 'failures'} in ${names(failed)}: see Failures below. What failed was left as it was.` });
  }
  const missing = expectedAccounts - reports.length;
  if (missing > 0) {
    critical.push({ level: 'critical', text: `${missing} of ${expectedAccounts} ${expectedAccounts === 1 ? 'account' : 'accounts'} did not report: look at the rotation dead-letter queue and the rotation function's logs.` });
  }

  const info: Todo[] = [];
  const enforced = reports.filter((report) => !report.dryRun);
  const done = tally(enforced, (action) => action.outcome === 'DONE' && action.type !== 'WARN', NOUNS);
  if (done) info.push({ level: 'info', text: `Done in this run: ${done}.` });
  const reminders = enforced.flatMap((report) => report.users.flatMap((user) => user.actions.filter((action) => action.type === 'WARN'))).length;
  if (reminders > 0) info.push({ level: 'info', text: `${reminders} ${reminders === 1 ? 'reminder' : 'reminders'} of an upcoming step sent to key owners.` });
  const audited = reports.filter((report) => report.dryRun);
  const undone = tally(audited, (action) => action.outcome === 'PLANNED' && action.type !== 'WARN', AUDIT_NOUNS);
  if (undone) info.push({ level: 'info', text: `Audit mode in ${names(audited)}: nothing was changed there; enforce mode would have done ${undone}.` });
  if (critical.length === 0 && info.length === 0) info.push({ level: 'info', text: 'Nothing was changed and nothing failed in this run.' });
  return [...critical, ...info];
}

const NOUNS: Readonly<Record<Exclude<ResultActionType, 'WARN'>, readonly [string, string]>> = {
  ROTATE: ['1 key rotated', 'keys rotated'],
  DEACTIVATE: ['1 key switched off', 'keys switched off'],
  DELETE: ['1 key deleted', 'keys deleted'],
  POSTPONE: ['1 deactivation postponed', 'deactivations postponed'],
  REACTIVATE: ['1 key switched back on', 'keys switched back on'],
  DELIVER: ['1 key delivered on a later run', 'keys delivered on a later run'],
};
const AUDIT_NOUNS: Readonly<Record<Exclude<ResultActionType, 'WARN'>, readonly [string, string]>> = {
  ROTATE: ['1 rotation', 'rotations'],
  DEACTIVATE: ['1 deactivation', 'deactivations'],
  DELETE: ['1 deletion', 'deletions'],
  POSTPONE: ['1 postponement', 'postponements'],
  REACTIVATE: ['1 reactivation', 'reactivations'],
  // Audit mode never delivers; the entry only completes the table.
  DELIVER: ['1 delivery', 'deliveries'],
};

/** "2 keys rotated, 1 key deleted" (or, for audit mode, "1 rotation, 2 deletions"); empty when none. */
function tally(reports: readonly NotificationMessage[], counts: (action: ResultAction) => boolean, words: typeof NOUNS): string {
  const actions = reports.flatMap((report) => report.users.flatMap((user) => user.actions.filter(counts)));
  return (Object.keys(NOUNS) as (keyof typeof NOUNS)[])
    .map((type) => {
      const n = actions.filter((action) => action.type === type).length;
      const [one, many] = words[type];
      return n === 0 ? '' : n === 1 ? one : `${n} ${many}`;
    })
    .filter((part) => part !== '')
    .join(', ');
}

/** " (last used on 6 January 2026 by sts in eu-west-1)", as a key owner's lines say it; empty when never used. */
function lastUse(action: ResultAction): string {
  const use = usage(action);
  return use ? ` (last used ${use})` : '';
}

function names(reports: readonly NotificationMessage[]): string {
  return reports.map((report) => report.accountName ?? report.accountId).join(', ');
}

function failureCount(report: NotificationMessage): number {
  return report.failures.length + report.users.filter((user) => user.failure !== undefined || user.actions.some(failedAction)).length;
}

function failedAction(action: ResultAction): boolean {
  return action.outcome === 'FAILED' || action.outcome === 'ROLLED_BACK';
}

function hasFailures(report: NotificationMessage): boolean {
  return failureCount(report) > 0;
}
