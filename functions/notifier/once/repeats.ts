import { createHash } from 'node:crypto';
import type { NotificationMessage, ResultAction, ResultUser } from '../../core/messages/notification';

/**
 * What a key owner or account contact is told once, not at every run that
 * says it again: a reminder (per key, action, due day and WarningDays
 * milestone), a postponement (per key and due day: "told once, where the key
 * is still used"), and in audit mode what enforce mode would do (per key,
 * action and due day: an audit run plans the same overdue key every day).
 * What was done, failed or rolled back happens once and is always told.
 */
/**
 * Records older than this (by due day) may be swept from Reminders/. A
 * reminder's record is useless once its day has passed; a postponement's
 * lasts MaxPostponeDays; an audit-mode plan's as long as the account stays in
 * audit mode, which after this long earns the contact one more mail.
 */
export const RETENTION_DAYS = 400;

export interface Repeat {
  /** The record's name, relative to Reminders/: `<due day>/<account>/<key>/<what>/<recipient>`. */
  readonly id: string;
  readonly userName: string;
  readonly action: ResultAction;
}

/**
 * The items of `message` that are told once to its recipient. The due day
 * leads the name, so that old records can be swept a day at a time; the
 * recipient is a hash of the address (no personal data in object names, and
 * the owner and the account contact are recorded apart).
 */
export function repeatsOf(message: NotificationMessage): Repeat[] {
  const recipient = recipientKey(message.recipient.email);
  return message.users.flatMap((user) =>
    user.actions.flatMap((action) => {
      const what = repeatName(action, message.dryRun);
      if (what === undefined) return [];
      const day = action.dueAt.slice(0, 10);
      return [{ id: `${day}/${message.accountId}/${safe(action.keyId)}/${what}/${recipient}`, userName: user.userName, action }];
    }),
  );
}

function repeatName(action: ResultAction, dryRun: boolean): string | undefined {
  if (action.type === 'WARN') return `remind-${action.announces ?? 'ACTION'}${action.milestone !== undefined ? `-${action.milestone}` : ''}`;
  if (action.type === 'POSTPONE') return 'postponed';
  if (dryRun && action.outcome === 'PLANNED') return `audit-${action.type}`;
  return undefined;
}

/**
 * The message without the repeats not in `fresh` (told before). Undefined
 * when nothing is left to say: no action and no failure. Notes (an ignored
 * tag, say) ride along with news but are no news of their own, or every
 * run would mail them again; the admin digest lists them.
 */
export function withoutRepeats(message: NotificationMessage, repeats: readonly Repeat[], fresh: ReadonlySet<string>): NotificationMessage | undefined {
  const told = new Set(repeats.filter((repeat) => !fresh.has(repeat.id)).map((repeat) => repeat.action));
  const users: ResultUser[] = [];
  for (const user of message.users) {
    const actions = user.actions.filter((action) => !told.has(action));
    if (actions.length > 0 || user.failure !== undefined) users.push({ ...user, actions });
  }
  if (users.length === 0 && message.failures.length === 0) return undefined;
  return { ...message, users };
}

function recipientKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);
}

// Key ids are [A-Z0-9]; anything else (a test's made-up id) must not make a path of its own.
function safe(part: string): string {
  return part.replace(/[^\w.-]/g, '_');
}
