import type { NotificationMessage } from '../core/messages/notification';
import type { Logger } from '../core/log/logger';
import type { NotifierConfig } from './config';
import { composeEmail } from './compose';
import { describe, SendError } from './errors';
import type { ConsoleNotification } from './event';
import type { Mailer } from './mailer';
import type { MailTally } from './metrics';
import type { ClaimOnce } from '../core/once/claim-store';
import type { DigestMessage } from '../core/messages/run';
import type { DigestWeekday } from '../../contract/names';
import { digestDecision } from './cadence/cadence';
import type { RunDigests } from './run-digests';
import { repeatsOf, withoutRepeats } from './once/repeats';
import { digestSubject, messageSubject } from './subjects';
import type { TemplateMode, TemplateStore } from './template-store';
import { accountLabel, consoleValues, digestValues, messageValues, type SenderContext } from './values';

export interface NotifierParts {
  readonly config: NotifierConfig;
  readonly templates: TemplateStore;
  readonly mailer: Mailer;
  /** Closed runs' digests, as the close-run step stored them. */
  readonly digests: RunDigests;
  /** The claim-once records of what was told once: reminders, postponements, audit plans, each run's digest. */
  readonly ledger: ClaimOnce;
  readonly logger: Logger;
  readonly tally?: MailTally;
}

/**
 * What became of one queued message: sent; digest (a closed run's digest
 * went out); quiet (everything in it was told to its recipient before, or
 * the run was quiet on a day that is not DigestWeekday, or its digest was
 * sent before); rejected (for good: bad address, unverified sender...;
 * logged, not retried). A message that should be retried makes the handler throw.
 */
export type MessageOutcome = 'sent' | 'digest' | 'quiet' | 'rejected';

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

  /** One queued message, already validated: mails it. */
  async handleMessage(message: NotificationMessage, messageId: string): Promise<MessageOutcome> {
    const logger = this.parts.logger.child({ messageId });
    try {
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

  /**
   * A closed run's digest, to the admin address (which is also the sender):
   * sent unless the run was quiet and today is not DigestWeekday, and at most
   * once per run (a duplicate delivery finds its record and sends nothing). A
   * transient send failure gives the record back and the message is retried.
   */
  async handleDigest(message: DigestMessage, messageId: string): Promise<MessageOutcome> {
    const logger = this.parts.logger.child({ messageId, runId: message.runId });
    const digest = await this.parts.digests.read(message.runId);
    if (digest === undefined) {
      logger.warn('no digest stored for this run; the run is closed again later, and its digest queued again');
      return 'quiet';
    }
    const { runId, expectedAccounts } = digest;
    const reported = digest.reports.length;
    const decision = digestDecision({ weekday: this.parts.config.digestWeekday, reports: digest.reports, expectedAccounts });
    if (!decision.send) {
      logger.info('quiet run: nothing changed, failed or is postponed, and today is not DigestWeekday; no digest', {
        reported,
        expected: expectedAccounts,
        digestWeekday: this.parts.config.digestWeekday satisfies DigestWeekday,
      });
      return 'quiet';
    }
    // Day first, as every record of the ledger: old records are swept a day at a time.
    const record = `${digest.closedAt.slice(0, 10)}/digest/${runId}`;
    if (!(await this.parts.ledger.claim([record])).has(record)) {
      logger.info('admin digest already sent for this run; not sending again');
      return 'quiet';
    }
    try {
      const dryRun = digest.reports.every((report) => report.dryRun);
      const mode: TemplateMode = dryRun ? 'audit' : 'enforce';
      const template = await this.parts.templates.get(this.parts.config.templates[mode], mode);
      const email = composeEmail(template, digestValues({ ...digest, complianceMaxKeyAgeDays: this.parts.config.complianceMaxKeyAgeDays }, this.sender), digestSubject(digest), [this.parts.config.adminEmail], this.parts.logger);
      await this.parts.mailer.send(email);
    } catch (error) {
      if (error instanceof SendError && error.kind === 'permanent') {
        logger.error('digest rejected permanently; not retried', { code: error.code, recipients: error.recipients, error: describe(error.cause) });
        return 'rejected';
      }
      await this.parts.ledger.release([record]).catch((releaseError: unknown) =>
        logger.error('could not give back the record of an unsent digest; this run will get no digest', { error: describe(releaseError) }),
      );
      throw error;
    }
    this.parts.tally?.digest();
    logger.info('admin digest sent', { closedBy: digest.closedBy, reported, expected: expectedAccounts });
    return 'digest';
  }
}

function stringValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
