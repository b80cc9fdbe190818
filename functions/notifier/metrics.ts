import { MAIL_METRICS } from '../../contract/metrics';
import type { NotificationMessage } from '../core/messages/notification';
import type { Metrics } from '../core/metrics/metrics';

/** What the notifier counts, at the moment a mail has gone: a mail that fails is not counted as sent. */
export interface MailTally {
  /** A queued message was mailed (after the once-only filter: only the reminders it still carries count). */
  message(sent: NotificationMessage): void;
  digest(): void;
  console(): void;
}

export function mailTally(metrics: Metrics): MailTally {
  return {
    message(sent) {
      metrics.count(MAIL_METRICS.sent);
      metrics.count(MAIL_METRICS.remindersSent, sent.users.reduce((sum, user) => sum + user.actions.filter((action) => action.type === 'WARN').length, 0));
    },
    digest() {
      metrics.count(MAIL_METRICS.sent);
      metrics.count(MAIL_METRICS.digestsSent);
    },
    console() {
      metrics.count(MAIL_METRICS.sent);
    },
  };
}
