import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { SQSBatchResponse } from 'aws-lambda';
import { NO_PLUGINS, withPlugins, type AwsDependencies } from '../core/aws/plugins';
import type { Env } from '../core/config/values';
import type { LambdaHandler } from '../core/lambda/context';
import { invocationShell } from '../core/lambda/handler';
import { processSqsBatch } from '../core/lambda/sqs-batch';
import { SERVICE_NAMES } from '../../contract/env/powertools';
import { createLogger, type Logger } from '../core/log/logger';
import { createMetrics, type FunctionMetrics } from '../core/metrics/metrics';
import { MAIL_METRICS } from '../../contract/metrics';
import { parseNotifierConfig } from './config';
import { describe } from './errors';
import { parseNotifierEvent } from './event';
import { scrubbingMailer, type Mailer } from './mailer';
import { notificationMessage } from './message-schema';
import { mailTally } from './metrics';
import { Notifier, type ConsoleResult, type MessageOutcome } from './notifier';
import { ClaimOnceStore } from '../core/once/claim-store';
import { digestMessage } from '../core/messages/run';
import * as z from '../core/schema/zod';
import { DIGEST_FOLDERS } from '../../contract/names';
import { RunDigests } from './run-digests';
import { SesMailer } from './ses-mailer';
import { sesSmtpEndpoint, SmtpMailer, type SmtpEndpoint } from './smtp-mailer';
import { TemplateStore } from './template-store';

export type NotifierResult = SQSBatchResponse | ConsoleResult;
export type NotifierHandler = LambdaHandler<NotifierResult>;

export interface NotifierHandlerOptions {
  readonly env?: Env;
  /** Defaults to AWS_REGION, which Lambda sets. */
  readonly region?: string;
  readonly aws?: AwsDependencies;
  readonly logger?: Logger;
  /** Defaults to Powertools Metrics on stdout (EMF). */
  readonly metrics?: FunctionMetrics;
  /** VPC mode only: where to connect instead of the region's SES SMTP endpoint (tests). */
  readonly smtpEndpoint?: SmtpEndpoint;
}

/** A queued body: a closed run's digest, or a message to one recipient. The digest's strict shape is tried first. */
const queuedBody = z.union([digestMessage, notificationMessage]);

/**
 * Builds the handler: configuration is parsed and clients created once per
 * container (index.ts does it at the first invocation); a ConfigError thrown
 * here names the variable. The event is validated before any AWS call.
 */
export function createNotifierHandler(options: NotifierHandlerOptions = {}): NotifierHandler {
  const env = options.env ?? process.env;
  const config = parseNotifierConfig(env, options.region ?? process.env.AWS_REGION);
  const aws = options.aws ?? NO_PLUGINS;
  const logger = options.logger ?? createLogger(SERVICE_NAMES.notifier);
  const metrics = options.metrics ?? createMetrics(SERVICE_NAMES.notifier, { logger });
  const clientConfig = { region: config.region };
  // Emulators (moto, LocalStack) answer on one host name: buckets must go in the path there.
  const s3 = withPlugins(new S3Client({ ...clientConfig, forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL ?? process.env.AWS_ENDPOINT_URL_S3) }), aws);
  const mailer: Mailer = scrubbingMailer(
    config.smtp
      ? new SmtpMailer(withPlugins(new SSMClient(clientConfig), aws), config.smtp, options.smtpEndpoint ?? sesSmtpEndpoint(config.region), config.adminEmail)
      : new SesMailer(withPlugins(new SESv2Client(clientConfig), aws), config.adminEmail),
  );
  const templates = new TemplateStore(s3, config.bucket, config.prefix, logger);
  const digests = new RunDigests(s3, config.bucket, config.prefix);
  const ledger = new ClaimOnceStore(s3, config.bucket, `${config.prefix}/${DIGEST_FOLDERS.reminders}`);
  const notifier = new Notifier({ config, templates, mailer, digests, ledger, logger, tally: mailTally(metrics) });

  return invocationShell(logger, async (event) => {
    let parsed;
    try {
      parsed = parseNotifierEvent(event);
    } catch (error) {
      logger.error('invalid event; nothing sent', { error: describe(error) });
      throw error;
    }
    if (parsed.kind === 'console') return notifier.sendConsole(parsed.notification);
    const counts: Record<MessageOutcome, number> = { sent: 0, digest: 0, quiet: 0, rejected: 0 };
    const response = await processSqsBatch(
      parsed.event,
      queuedBody,
      async (body, record) => {
        const outcome = 'kind' in body ? await notifier.handleDigest(body, record.messageId) : await notifier.handleMessage(body, record.messageId);
        counts[outcome] += 1;
      },
      // Transient failures and malformed messages alike: the queue redelivers them, the DLQ keeps what never succeeds.
      { logger, failureMessage: 'message not handled; it returns to the queue' },
    );
    logger.info('batch done', { records: parsed.event.Records.length, ...counts, retried: response.batchItemFailures.length });
    metrics.count(MAIL_METRICS.failed, counts.rejected + response.batchItemFailures.length);
    return response;
  }, metrics);
}
