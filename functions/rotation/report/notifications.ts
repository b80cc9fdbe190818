import type { LifecycleSettings } from '../../core/lifecycle/types';
import type { NotificationMessage, RecipientRole, ReportedUser } from '../../core/messages/notification';

export interface ReportInput {
  readonly accountId: string;
  readonly accountName?: string;
  readonly accountEmail?: string;
  readonly adminEmail: string;
  readonly dryRun: boolean;
  readonly now: Date;
  readonly runId?: string;
  readonly expectedAccounts?: number;
  readonly settings: LifecycleSettings;
  /** Only users with something to say (an action, a warning or a failure). */
  readonly users: readonly ReportedUser[];
  /** Owner email by user name, from the owner tag. */
  readonly owners: ReadonlyMap<string, string>;
  readonly failures: readonly string[];
}

/**
 * One message per recipient. The admin always gets one (the notifier counts
 * them per runId to know when its digest is complete); the account contact
 * only when there is something to say; each owner only about the users it
 * owns. An address that already gets the whole account is not sent an owner
 * copy of part of it.
 */
export function buildNotifications(input: ReportInput): NotificationMessage[] {
  const messages: NotificationMessage[] = [message(input, input.adminEmail, 'ADMIN', input.users, input.failures)];
  const wholeAccount = new Set([input.adminEmail.toLowerCase()]);
  const hasNews = input.users.length > 0 || input.failures.length > 0;
  if (input.accountEmail && !wholeAccount.has(input.accountEmail.toLowerCase())) {
    wholeAccount.add(input.accountEmail.toLowerCase());
    if (hasNews) messages.push(message(input, input.accountEmail, 'ACCOUNT', input.users, input.failures));
  }
  const byOwner = new Map<string, { email: string; users: ReportedUser[] }>();
  for (const user of input.users) {
    const owner = input.owners.get(user.userName);
    if (!owner || wholeAccount.has(owner.toLowerCase())) continue;
    const entry = byOwner.get(owner.toLowerCase()) ?? { email: owner, users: [] };
    entry.users.push(user);
    byOwner.set(owner.toLowerCase(), entry);
  }
  for (const { email, users } of byOwner.values()) messages.push(message(input, email, 'OWNER', users, []));
  return messages;
}

function message(
  input: ReportInput,
  email: string,
  role: RecipientRole,
  users: readonly ReportedUser[],
  failures: readonly string[],
): NotificationMessage {
  return {
    version: 1,
    recipient: { email, role },
    accountId: input.accountId,
    ...(input.accountName ? { accountName: input.accountName } : {}),
    dryRun: input.dryRun,
    generatedAt: input.now.toISOString(),
    ...(input.runId ? { runId: input.runId } : {}),
    ...(input.expectedAccounts !== undefined ? { expectedAccounts: input.expectedAccounts } : {}),
    settings: {
      rotationPeriodDays: input.settings.rotationPeriodDays,
      inactiveBufferDays: input.settings.inactiveBufferDays,
      recoveryGracePeriodDays: input.settings.recoveryGracePeriodDays,
    },
    users,
    failures,
  };
}
