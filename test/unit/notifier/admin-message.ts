import type { NotificationMessage, ResultUser } from '../../../functions/core/messages/notification';

/** The digest tests' common ground: the sender, the run's time and day, and one account's admin message. */
export const SENDER = { senderEmail: 'admin@example.com', partition: 'aws', region: 'us-east-1' };
export const NOW = '2026-01-06T06:00:00.000Z';
export const DAY = '2026-01-06T00:00:00.000Z';

export function adminMessage(accountId: string, accountName: string, users: readonly ResultUser[], extra: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    version: 1,
    recipient: { email: 'admin@example.com', role: 'ADMIN' },
    accountId,
    accountName,
    dryRun: false,
    generatedAt: NOW,
    settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
    users,
    failures: [],
    ...extra,
  };
}
