import type { NotificationMessage } from '../core/messages/notification';
import { notificationMessage } from '../core/messages/notification-schema';
import { describeIssue, firstIssue } from '../core/schema/issues';
import { NotificationMessageError } from './errors';

export { notificationMessage };

export function parseNotificationMessage(input: unknown): NotificationMessage {
  const parsed = notificationMessage.safeParse(input);
  if (!parsed.success) {
    const { field, problem } = describeIssue(firstIssue(parsed.error.issues));
    throw new NotificationMessageError(field, problem);
  }
  // ADMIN with runId but no expectedAccounts cannot join a digest; the notifier then mails it at once.
  const message: NotificationMessage = parsed.data;
  return message;
}
