import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { NO_PLUGINS, type AwsDependencies } from '../core/aws/plugins';
import type { Env } from '../core/config/values';
import { planUser } from '../core/lifecycle';
import { createLogger, type Logger } from '../core/log/logger';
import { parseRotationConfig, type RotationConfig } from './config/config';
import { describeError } from './errors';
import { parseRotationMessageBody, parseRotationRequest } from './event/request';
import { isSqsEvent } from './event/source';
import type { Planner } from './observe/account';
import { DEFAULT_REPORT_POLLING, type ReportPolling } from './observe/credential-report';
import { runAccount, type RunContext } from './run';
import type { RunSummary } from './report/summary';

export interface RotationDependencies extends Partial<AwsDependencies> {
  /** Read once, at the first invocation; defaults to process.env. */
  readonly env?: Env;
  /** The run's clock; defaults to the real time at each invocation. */
  readonly now?: () => Date;
  readonly logger?: Logger;
  /** The lifecycle engine; replaceable only to test the shell around it. */
  readonly plan?: Planner;
  readonly concurrency?: number;
  readonly polling?: ReportPolling;
}

export type RotationHandler = (event: unknown) => Promise<RunSummary | SQSBatchResponse>;

const DEFAULT_CONCURRENCY = 8;

/**
 * The handler, with its seams for tests and the benchmark. Configuration is
 * parsed at the first invocation (once per cold start), before the event, so
 * a bad parameter fails every invocation the same way; the event is
 * validated before any AWS call.
 */
export function createRotationHandler(deps: RotationDependencies = {}): RotationHandler {
  let config: RotationConfig | undefined;
  const logger = deps.logger ?? createLogger('rotation');
  return async (event) => {
    config ??= parseRotationConfig(deps.env ?? process.env);
    const context: RunContext = {
      config,
      aws: { plugins: deps.plugins ?? NO_PLUGINS.plugins },
      now: deps.now?.() ?? new Date(),
      logger,
      plan: deps.plan ?? planUser,
      concurrency: deps.concurrency ?? DEFAULT_CONCURRENCY,
      polling: deps.polling ?? DEFAULT_REPORT_POLLING,
    };
    if (isSqsEvent(event)) return handleBatch(event, context);
    // A console event: a bad one throws (naming the field) before anything touches AWS.
    return runAccount(parseRotationRequest(event), context);
  };
}

/**
 * Each message is one account. A failed account is listed in
 * batchItemFailures so SQS retries only it; a malformed message is listed
 * too, so it ends in the dead-letter queue where the alarm sees it, rather
 * than vanishing.
 */
async function handleBatch(event: SQSEvent, context: RunContext): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await runAccount(parseRotationMessageBody(record.body), context);
    } catch (error) {
      context.logger.error('account run failed; the message will be retried', {
        messageId: record.messageId,
        error: describeError(error),
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
