import type { NotificationMessage } from '../core/messages/notification';
import type { Logger } from '../core/log/logger';
import type { NotifierConfig } from './config';
import { composeEmail } from './compose';
import type { AdminDigest } from './digest';
import { describe, SendError } from './errors';
import type { ConsoleNotification } from './event';
import type { Mailer } from './mailer';
import type { MailTally } from './metrics';
import type { SentLedger } from './once/ledger';
import { repeatsOf, withoutRepeats } from './once/repeats';
import { digestSubject, messageSubject } from './subjects';
import type { TemplateMode, TemplateStore } from './template-store';
import { accountLabel, consoleValues, digestValues, messageValues, type DigestInput, type SenderContext } from './values';

export interface NotifierParts {
  readonly config: NotifierConfig;
  readonly templates: TemplateStore;
  readonly mailer: Mailer;
  readonly digest: AdminDigest;
  /** What key owners and account contacts were told once (reminders, postponements, audit plans). */
  readonly ledger: SentLedger;
  readonly logger: Logger;
  readonly tally?: MailTally;
}

/**
 * What became of one queued message: sent; stored (an ADMIN report for a
 * digest not complete yet); digest (it completed the run and the digest
 * went out); quiet (everything in it was told to its recipient before, or
 * it completed a quiet run on a day that is not DigestWeekday);
 * rejected (for good: bad address, unverified sender...; logged, not
 * retried). A message that should be retried makes handleMessage throw.
 */
export type MessageOutcome = 'sent' | 'stored' | 'digest' | 'quiet' | 'rejected';

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
    this.sender = { senderEmail: parts.config.adminEmail, partition: parts.config.partition, region: parts.config.region };
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
    this.parts.tally?.console();
    logger.info('console notification sent', { to: email.to, template: name, templateOrigin: template.origin, messageId, transport: mailer.transport });
    return { sent: 1, messageId, to: email.to, template: name, templateOrigin: template.origin };
  }

  /** One queued message, already validated: mails it, or files it for the admin digest. */
  async handleMessage(message: NotificationMessage, messageId: string): Promise<MessageOutcome> {
    const logger = this.parts.logger.child({ messageId });
    try {
      if (message.recipient.role === 'ADMIN' && message.runId !== undefined && message.expectedAccounts !== undefined) {
        const run = { ...message, runId: message.runId, expectedAccounts: message.expectedAccounts };
        await this.parts.digest.sweepStaleRuns(run.runId);
        const outcome = await this.parts.digest.record(run);
        return outcome.status === 'sent' ? 'digest' : outcome.status === 'quiet' ? 'quiet' : 'stored';
      }
      if (message.recipient.role === 'ADMIN') {
        // The admin's own report of a console run says everything, every time: it is what the operator asked for.
        const sentId = await this.sendMessage(message);
        logger.info('notification sent', { role: message.recipient.role, accountId: message.accountId, mailMessageId: sentId, transport: this.parts.mailer.transport });
        return 'sent';
      }
      return await this.sendOnce(message, logger);
    } catch (error) {
      if (error instanceof SendError && error.kind === 'permanent') {
        logger.error('email rejected permanently; not retried', { code: error.code, recipients: error.recipients, error: describe(error.cause) });
        return 'rejected';
      }
      throw error;
    }
  }

  /**
   * A key owner or account contact hears each reminder, postponement and
   * audit plan once: recorded before the mail goes, given back if the mail
   * fails in a way a retry can fix. A crash between the two loses that mail
   * (at most once, as for the digest: better than telling it twice a day).
   */
  private async sendOnce(message: NotificationMessage, logger: Logger): Promise<MessageOutcome> {
    const repeats = repeatsOf(message);
    const fresh = repeats.length > 0 ? await this.parts.ledger.claim(repeats.map((repeat) => repeat.id)) : new Set<string>();
    const news = withoutRepeats(message, repeats, fresh);
    if (news === undefined) {
      logger.info('nothing new for this recipient; no mail', { role: message.recipient.role, accountId: message.accountId, toldBefore: repeats.length });
      return 'quiet';
    }
    try {
      const sentId = await this.sendMessage(news);
      logger.info('notification sent', {
        role: message.recipient.role,
        accountId: message.accountId,
        mailMessageId: sentId,
        transport: this.parts.mailer.transport,
        toldBefore: repeats.length - fresh.size,
      });
      return 'sent';
    } catch (error) {
      if (!(error instanceof SendError && error.kind === 'permanent') && fresh.size > 0) {
        await this.parts.ledger.release([...fresh]).catch((releaseError: unknown) =>
          logger.error('could not give back the records of an unsent mail; its reminders will not be repeated', { error: describe(releaseError) }),
        );
      }
      throw error;
    }
  }

  private async sendMessage(message: NotificationMessage): Promise<string> {
    const mode: TemplateMode = message.dryRun ? 'audit' : 'enforce';
    const template = await this.parts.templates.get(this.parts.config.templates[mode], mode);
    const email = composeEmail(template, messageValues(message, this.sender), messageSubject(message), [message.recipient.email], this.parts.logger);
    const sentId = await this.parts.mailer.send(email);
    this.parts.tally?.message(message);
    return sentId;
  }

  /** Given to AdminDigest: the digest goes to the admin address, which is also the sender. */
  readonly sendDigest = async (digest: DigestInput): Promise<void> => {
    const dryRun = digest.reports.every((report) => report.dryRun);
    const mode: TemplateMode = dryRun ? 'audit' : 'enforce';
    const template = await this.parts.templates.get(this.parts.config.templates[mode], mode);
    const email = composeEmail(template, digestValues(digest, this.sender), digestSubject(digest), [this.parts.config.adminEmail], this.parts.logger);
    await this.parts.mailer.send(email);
    this.parts.tally?.digest();
  };
}

function stringValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
