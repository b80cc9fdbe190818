import type { KeyRow } from '../../core/compliance';
import type { LifecycleSettings } from '../../core/lifecycle/types';
import type { AuditReason, NotificationMessage, RecipientRole, ResultUser } from '../../core/messages/notification';
import type { HeldUser } from '../observe/account';

export interface NotificationInput {
  readonly accountId: string;
  readonly accountName?: string;
  readonly accountEmail?: string;
  readonly adminEmail: string;
  readonly dryRun: boolean;
  readonly auditReason?: AuditReason;
  readonly now: Date;
  readonly runId?: string;
  readonly expectedAccounts?: number;
  readonly settings: LifecycleSettings;
  /** Only users with something to say (an action, a warning or a failure). */
  readonly users: readonly ResultUser[];
  /** Owner email by user name, from the owner tag. */
  readonly owners: ReadonlyMap<string, string>;
  /** Users on hold: the admin's message lists them. */
  readonly held?: readonly HeldUser[];
  /** Things to know that are not failures (ignored tags, unknown forced users): for the admin and the account contact. */
  readonly notes?: readonly string[];
  readonly failures: readonly string[];
  /** Scheduled runs: a row for every key of the account; only the admin's message carries them. */
  readonly keyRows?: readonly KeyRow[];
  /** Scheduled runs: every owner address of the account's users with keys; only the admin's message carries them. */
  readonly ownerAddresses?: readonly string[];
}

/**
 * One message per recipient. The admin always gets one (the notifier counts
 * them per runId to know when its digest is complete); the account contact
 * only when there is something to say; each owner only about the users it
 * owns. An address that already gets the whole account is not sent an owner
 * copy of part of it; the admin counts as getting it only when its message is
 * mailed as it is (a console run), not when it waits for the digest.
 */
export function buildNotifications(input: NotificationInput): NotificationMessage[] {
  const messages: NotificationMessage[] = [message(input, input.adminEmail, 'ADMIN', input.users, input.failures, true)];
  // A scheduled run's account result goes into the digest, which a quiet day does not mail (DigestWeekday): an admin who
  // is also this account's contact or an owner must still get that mail, or its reminders would wait for the weekly digest.
  const wholeAccount = new Set(input.runId === undefined ? [input.adminEmail.toLowerCase()] : []);
  const hasNews = input.users.length > 0 || input.failures.length > 0 || (input.notes ?? []).length > 0;
  if (input.accountEmail && !wholeAccount.has(input.accountEmail.toLowerCase())) {
    wholeAccount.add(input.accountEmail.toLowerCase());
    if (hasNews) messages.push(message(input, input.accountEmail, 'ACCOUNT', input.users, input.failures, true));
  }
  const byOwner = new Map<string, { email: string; users: ResultUser[] }>();
  for (const user of input.users) {
    const owner = input.owners.get(user.userName);
    if (!owner || wholeAccount.has(owner.toLowerCase())) continue;
    const entry = byOwner.get(owner.toLowerCase()) ?? { email: owner, users: [] };
    entry.users.push(user);
    byOwner.set(owner.toLowerCase(), entry);
  }
  for (const { email, users } of byOwner.values()) messages.push(message(input, email, 'OWNER', users, [], false));
  return messages;
}

function message(
  input: NotificationInput,
  email: string,
  role: RecipientRole,
  users: readonly ResultUser[],
  failures: readonly string[],
  wholeAccount: boolean,
): NotificationMessage {
  const held = role === 'ADMIN' ? (input.held ?? []) : [];
  const notes = wholeAccount ? (input.notes ?? []) : [];
  return {
    version: 1,
    recipient: { email, role },
    accountId: input.accountId,
    ...(input.accountName ? { accountName: input.accountName } : {}),
    dryRun: input.dryRun,
    ...(input.auditReason ? { auditReason: input.auditReason } : {}),
    generatedAt: input.now.toISOString(),
    ...(input.runId ? { runId: input.runId } : {}),
    ...(input.expectedAccounts !== undefined ? { expectedAccounts: input.expectedAccounts } : {}),
    settings: {
      rotationPeriodDays: input.settings.rotationPeriodDays,
      inactiveBufferDays: input.settings.inactiveBufferDays,
      recoveryGracePeriodDays: input.settings.recoveryGracePeriodDays,
    },
    users,
    ...(held.length > 0 ? { held: held.map((user) => ({ userName: user.userName, until: user.until.toISOString() })) } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    failures,
    ...(role === 'ADMIN' && input.keyRows ? { keyRows: input.keyRows } : {}),
    ...(role === 'ADMIN' && input.ownerAddresses ? { ownerAddresses: [...input.ownerAddresses] } : {}),
    ...(role === 'ADMIN' && input.keyRows && input.accountEmail ? { contactAddress: input.accountEmail } : {}),
  };
}
