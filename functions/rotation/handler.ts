import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { NO_PLUGINS, type AwsDependencies } from '../core/aws/plugins';
import type { Env } from '../core/config/values';
import type { LambdaHandler } from '../core/lambda/context';
import { invocationShell } from '../core/lambda/handler';
import { processSqsBatch, sqsEnvelope } from '../core/lambda/sqs-batch';
import { planUser } from '../core/lifecycle';
import { SERVICE_NAMES } from '../../contract/env/powertools';
import { createLogger, type Logger } from '../core/log/logger';
import { createMetrics, type FunctionMetrics, type Metrics } from '../core/metrics/metrics';
import { RUN_METRICS } from '../../contract/metrics';
import { limitConflict } from '../core/compliance/max-key-age';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { RunCloser } from '../runs';
import { RunDeliveryConfigCache } from './delivery/run-cache';
import { s3Client, sqsClient } from './aws/clients';
import { parseRotationConfig } from './config/config';
import { describeError, RotationEventError } from './errors';
import { parseRotationRequest, rotationRequest, toRotationJob, type RotationJob } from './event/request';
import { accountMetrics, deliveryMetrics } from './metrics/account-metrics';
import type { Planner } from '../core/lifecycle/types';
import { DEFAULT_CREDENTIAL_REPORT_POLLING, type CredentialReportPolling } from './observe/credential-report';
import { runAccount, type RunContext } from './run';
import type { PacerClock } from '../core/where-used/pacer';
import type { RunSummary } from './result/summary';

export interface RotationDependencies extends Partial<AwsDependencies> {
  /** Read once, when the handler is built; defaults to process.env. */
  readonly env?: Env;
  /** The run's clock; defaults to the real time at each invocation. */
  readonly now?: () => Date;
  readonly logger?: Logger;
  /** Defaults to Powertools Metrics on stdout (EMF). */
  readonly metrics?: FunctionMetrics;
  /** The lifecycle engine; replaceable only to test the shell around it. */
  readonly plan?: Planner;
  readonly concurrency?: number;
  readonly polling?: CredentialReportPolling;
  /** Paces CloudTrail lookups (2 a second per account and Region); tests pass one that does not wait. */
  readonly trailClock?: PacerClock;
  /** How old a run's newest report must be before the run is closed without its stragglers (tests shorten it). */
  readonly stragglerDeadlineMs?: number;
}

export type RotationHandler = LambdaHandler<RunSummary | SQSBatchResponse>;

const DEFAULT_CONCURRENCY = 8;

/**
 * Builds the handler, with its seams for tests and the benchmark: the
 * configuration is parsed here, once per container (index.ts does it at the
 * first invocation), and a ConfigError names the variable. Each event is
 * validated before any AWS call.
 */
export function createRotationHandler(deps: RotationDependencies = {}): RotationHandler {
  const config = parseRotationConfig(deps.env ?? process.env);
  const logger = deps.logger ?? createLogger(SERVICE_NAMES.rotation);
  const metrics = deps.metrics ?? createMetrics(SERVICE_NAMES.rotation, { logger });
  // Not an error: the settings are valid, but the compliance checks will flag every rotated key for days each cycle.
  const conflict = limitConflict(config.settings, config.complianceMaxKeyAgeDays);
  if (conflict !== undefined) logger.warn(conflict);
  const aws: AwsDependencies = { plugins: deps.plugins ?? NO_PLUGINS.plugins };
  const sqs = sqsClient({ region: config.region, deps: aws });
  const base: Omit<RunContext, 'now'> = {
    config,
    aws,
    logger,
    plan: deps.plan ?? planUser,
    concurrency: deps.concurrency ?? DEFAULT_CONCURRENCY,
    polling: deps.polling ?? DEFAULT_CREDENTIAL_REPORT_POLLING,
    ...(deps.trailClock ? { trailClock: deps.trailClock } : {}),
    deliveryConfigs: new RunDeliveryConfigCache(),
    runs: new RunCloser({
      s3: s3Client({ region: config.region, deps: aws }),
      bucket: config.runState.bucket,
      prefix: config.runState.prefix,
      queueDigest: async (message) => {
        await sqs.send(new SendMessageCommand({ QueueUrl: config.notificationQueueUrl, MessageBody: JSON.stringify(message) }));
      },
      logger,
      now: () => deps.now?.() ?? new Date(),
      ...(deps.stragglerDeadlineMs !== undefined ? { deadlineMs: deps.stragglerDeadlineMs } : {}),
      complianceMaxKeyAgeDays: config.complianceMaxKeyAgeDays,
    }),
  };
  return invocationShell(logger, async (event) => {
    const context: RunContext = { ...base, now: deps.now?.() ?? new Date() };
    const envelope = sqsEnvelope(event);
    if (envelope.kind === 'invalid') throw rejected(new RotationEventError(envelope.field, envelope.problem), logger);
    // Each message is one account: a failed account is retried alone; a malformed message ends in the DLQ, where the alarm sees it.
    if (envelope.kind === 'sqs') {
      const response = await processSqsBatch(
        envelope.event,
        rotationRequest,
        (request, record) => measured(toRotationJob(request, { fromInventory: sentBy(record, config.inventoryRoleId) }), context, metrics).then(() => undefined),
        { logger, failureMessage: 'account run failed; the message returns to the queue' },
      );
      metrics.count(RUN_METRICS.accountsFailed, response.batchItemFailures.length);
      return response;
    }
    // A console event: a bad one throws (naming the field) before anything touches AWS.
    let job;
    try {
      job = parseRotationRequest(event);
    } catch (error) {
      throw rejected(error, logger);
    }
    try {
      return await measured(job, context, metrics);
    } catch (error) {
      metrics.count(RUN_METRICS.accountsFailed);
      throw error;
    }
  }, metrics);
}

/** One account run and its metrics line(s); a run that throws writes none (its retry will). */
async function measured(job: RotationJob, context: RunContext, metrics: Metrics): Promise<RunSummary> {
  const summary = await runAccount(job, context);
  const measures = accountMetrics(summary, job.runId !== undefined && !job.reactivate);
  metrics.publish(measures.actions, { Mode: measures.mode });
  if (measures.standings) metrics.publish(measures.standings);
  for (const [kind, counts] of deliveryMetrics(summary)) metrics.publish(counts, { TargetKind: kind });
  return summary;
}

/**
 * Whether a queue message was sent by the role with this unique id: SQS sets
 * SenderId (`AROA…:<session>` for a role's session) from the signature, and
 * the queue policy lets only the inventory and the named operators send.
 */
function sentBy(record: SQSRecord, roleId: string | undefined): boolean {
  return roleId !== undefined && record.attributes.SenderId.startsWith(`${roleId}:`);
}

function rejected(error: unknown, logger: Logger): unknown {
  logger.error('invalid event; nothing done', { error: describeError(error) });
  return error;
}
