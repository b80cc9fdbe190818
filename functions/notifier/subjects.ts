import { singleLine } from '../core/text/escape';
import type { NotificationMessage } from '../core/messages/notification';
import { longDate } from './content/dates';
import { earliestDeadline, todos } from './content/todo';
import { accountLabel, type DigestInput } from './values';

const MAX_SUBJECT = 200;

/**
 * Subjects are fixed text plus the account label, so mail filters and people
 * can sort on them, and audit mail must never be mistaken for changes made;
 * then what the first line asks, for the inbox list: act now, or the date
 * something must be done by.
 */
export function messageSubject(message: NotificationMessage): string {
  const failed = hasFailures(message);
  const tag = `${message.dryRun ? '[Audit] ' : ''}${failed ? '[Failures] ' : ''}`;
  const what = message.dryRun ? 'IAM access key rotation report' : 'IAM access key rotation';
  const lines = message.dryRun ? [] : todos(message);
  const by = earliestDeadline(lines);
  const ask = lines.some((line) => line.level === 'critical') ? ': act now' : by ? `: action needed by ${longDate(by)}` : '';
  return clean(`${tag}${what}: ${accountLabel(message.accountId, message.accountName)}${ask}`);
}

export function digestSubject(digest: DigestInput): string {
  const dryRun = digest.reports.every((report) => report.dryRun);
  const failed = digest.reports.some(hasFailures) || digest.reports.length < digest.expectedAccounts;
  const tag = `${dryRun ? '[Audit] ' : ''}${failed ? '[Failures] ' : ''}`;
  const day = digest.reports[0]?.generatedAt.slice(0, 10) ?? '';
  return clean(`${tag}IAM access key rotation digest ${day}: ${digest.reports.length} of ${digest.expectedAccounts} accounts`);
}

/** A subject is a header: one line, bounded length. */
export function clean(subject: string): string {
  const line = singleLine(subject).replace(/\s+/g, ' ').trim();
  return line.length > MAX_SUBJECT ? `${line.slice(0, MAX_SUBJECT - 1)}…` : line;
}

function hasFailures(message: NotificationMessage): boolean {
  return (
    message.failures.length > 0 ||
    message.users.some((user) => user.failure !== undefined || user.actions.some((action) => action.outcome === 'FAILED' || action.outcome === 'ROLLED_BACK'))
  );
}
