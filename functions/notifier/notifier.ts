import type { SQSBatchItemFailure, SQSRecord } from 'aws-lambda';
import type { NotificationMessage } from '../core/messages/notification';
import type { Logger } from '../core/log/logger';
import type { NotifierConfig } from './config';
import { composeEmail } from './compose';
import type { AdminDigest } from './digest';
import { describe, NotificationMessageError, SendError } from './errors';
import type { ConsoleNotification } from './event';
import type { Mailer } from './mailer';
import { parseNotificationMessage } from './message-schema';
import { digestSubject, messageSubject } from './subjects';
import type { TemplateMode, TemplateStore } from './template-store';
import { accountLabel, consoleValues, digestValues, messageValues, type DigestInput, type SenderContext } from './values';

export interface NotifierParts {
  readonly config: NotifierConfig;
  readonly templates: TemplateStore;
  readonly mailer: Mailer;
  readonly digest: AdminDigest;
  readonly logger: Logger;
}

export interface BatchCounts {
  sent: number;
  /** ADMIN reports stored for a digest that is not complete yet. */
  stored: number;
  digests: number;
  /** Rejected for good (bad address, unverified sender...): logged, not retried. */
  rejected: number;
  /** Returned to the queue: transient failures and malformed messages (the latter end in the DLQ). */
  retried: number;
}

export interface ConsoleResult {
  readonly sent: 1;
  readonly messageId: string;
  readonly to: readonly string[];
  readonly template: string;
  readonly templateOrigin: 's3' | 'built-in';
}

export class Notifier {
  private readonly sender: SenderContext;

  constructor(private readonly parts: NotifierParts) {
    this.sender = { senderEmail: parts.config.adminEmail, partition: parts.config.partition };
  }

  /** The classic console payload: one email, errors thrown so the console shows them. */
  async sendConsole(notification: ConsoleNotification): Promise<ConsoleResult> {
    const { config, templates, mailer, logger } = this.parts;
    const name = notification.templateName ?? config.templates.enforce;
    const mode: TemplateMode = name === config.templates.audit ? 'audit' : 'enforce';
    const template = await templates.get(name, mode);
    const values = consoleValues(notification.values, this.sender);
    const subject = notification.subject ?? `IAM access key rotation: ${accountLabel(notification.values.account_id, stringValue(notification.values.account_name))}`;
    const email = composeEmail(template, values, subject, notification.to, logger);
    const messageId = await mailer.send(email);
    logger.info('console notification sent', { to: email.to, template: name, templateOrigin: template.origin, messageId, transport: mailer.transport });
    return { sent: 1, messageId, to: email.to, template: name, templateOrigin: template.origin };
  }

  /**
   * One SQS batch, message by message. Returns the ids to give back to the
   * queue. Messages are handled one after the other: SES limits the send
   * rate, and the digest's completion check is simplest to reason about in order.
   */
  async handleBatch(records: readonly SQSRecord[]): Promise<{ failures: SQSBatchItemFailure[]; counts: BatchCounts }> {
    const counts: BatchCounts = { sent: 0, stored: 0, digests: 0, rejected: 0, retried: 0 };
    const failures: SQSBatchItemFailure[] = [];
    for (const record of records) {
      const logger = this.parts.logger.child({ messageId: record.messageId });
      try {
        await this.handleRecord(record, counts, logger);
      } catch (error) {
        if (error instanceof SendError && error.kind === 'permanent') {
          counts.rejected++;
          logger.error('email rejected permanently; not retried', { code: error.code, recipients: error.recipients, error: describe(error.cause) });
          continue;
        }
        counts.retried++;
        failures.push({ itemIdentifier: record.messageId });
        const invalid = error instanceof NotificationMessageError || error instanceof SyntaxError;
        logger[invalid ? 'error' : 'warn'](invalid ? 'malformed notification message; returned to the queue for the DLQ' : 'transient failure; message returned to the queue', {
          error: describe(error),
          ...(error instanceof NotificationMessageError ? { field: error.field } : {}),
        });
      }
    }
    this.parts.logger.info('batch done', { records: records.length, ...counts });
    return { failures, counts };
  }

  private async handleRecord(record: SQSRecord, counts: BatchCounts, logger: typeof this.parts.logger): Promise<void> {
    const message = parseNotificationMessage(JSON.parse(record.body));
    if (message.recipient.role === 'ADMIN' && message.runId !== undefined && message.expectedAccounts !== undefined) {
      const run = { ...message, runId: message.runId, expectedAccounts: message.expectedAccounts };
      await this.parts.digest.sweepStaleRuns(run.runId);
      const outcome = await this.parts.digest.record(run);
      if (outcome.status === 'sent') counts.digests++;
      else counts.stored++;
      return;
    }
    const messageId = await this.sendMessage(message);
    counts.sent++;
    logger.info('notification sent', { role: message.recipient.role, accountId: message.accountId, messageId, transport: this.parts.mailer.transport });
  }

  private async sendMessage(message: NotificationMessage): Promise<string> {
    const mode: TemplateMode = message.dryRun ? 'audit' : 'enforce';
    const template = await this.parts.templates.get(this.parts.config.templates[mode], mode);
    const email = composeEmail(template, messageValues(message, this.sender), messageSubject(message), [message.recipient.email], this.parts.logger);
    return this.parts.mailer.send(email);
  }

  /** Given to AdminDigest: the digest goes to the admin address, which is also the sender. */
  readonly sendDigest = async (digest: DigestInput): Promise<void> => {
    const dryRun = digest.reports.every((report) => report.dryRun);
    const mode: TemplateMode = dryRun ? 'audit' : 'enforce';
    const template = await this.parts.templates.get(this.parts.config.templates[mode], mode);
    const email = composeEmail(template, digestValues(digest, this.sender), digestSubject(digest), [this.parts.config.adminEmail], this.parts.logger);
    await this.parts.mailer.send(email);
  };
}

function stringValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
