import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { parser } from '@aws-lambda-powertools/batch/parser';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describeError } from '../errors/describe';
import type { Logger } from '../log/logger';
import type { z } from '../schema/zod';

/** What is wrong with an event that has `Records` but is no SQS batch: the field and the problem. */
export interface EnvelopeProblem {
  readonly field: string;
  readonly problem: string;
}

/**
 * Tells an SQS batch from any other event. An event with `Records` must be
 * one: `{ "Records": [...] }` and nothing else, each record from `aws:sqs`
 * with its messageId (without which a failure could not be reported). The
 * rest of each record, and its body, are checked record by record by the
 * batch processor, so that one bad message fails alone.
 */
export function sqsEnvelope(event: unknown): { readonly kind: 'other' } | { readonly kind: 'sqs'; readonly event: SQSEvent } | ({ readonly kind: 'invalid' } & EnvelopeProblem) {
  if (typeof event !== 'object' || event === null || Array.isArray(event) || !('Records' in event)) return { kind: 'other' };
  const extra = Object.keys(event).find((key) => key !== 'Records');
  if (extra !== undefined) return { kind: 'invalid', field: extra, problem: 'unknown field (an SQS event has only "Records")' };
  const records: unknown = (event as { Records: unknown }).Records;
  if (!Array.isArray(records) || records.length === 0) return { kind: 'invalid', field: 'Records', problem: 'must be a non-empty list of SQS records' };
  for (const [index, record] of records.entries()) {
    const candidate = (typeof record === 'object' && record !== null ? record : {}) as Partial<Record<keyof SQSRecord, unknown>>;
    if (candidate.eventSource !== 'aws:sqs') {
      return { kind: 'invalid', field: `Records[${index}].eventSource`, problem: 'must be aws:sqs (the function reads only its queue)' };
    }
    if (typeof candidate.messageId !== 'string' || candidate.messageId.length === 0) {
      return { kind: 'invalid', field: `Records[${index}].messageId`, problem: 'must be the message id' };
    }
  }
  return { kind: 'sqs', event: event as SQSEvent };
}

export interface SqsBatchOptions {
  readonly logger: Logger;
  /** Logged with the messageId and the error of every record returned to the queue. */
  readonly failureMessage: string;
}

/**
 * One SQS batch through Powertools' batch processor and its parser: each
 * record is checked against Powertools' SQS record schema with its body, as
 * JSON, against `body`; `handle` gets the parsed body. A record that fails
 * either way is listed in batchItemFailures, so SQS redelivers it alone and,
 * after maxReceiveCount, moves it to the dead-letter queue and its alarm.
 * Records are handled one after the other: IAM and SES limit the rate, and
 * order keeps the notifier's digest simple. A batch that fails entirely is
 * reported the same way rather than thrown: the result then says which
 * messages, and the DLQ alarm is the signal either way.
 */
export async function processSqsBatch<S extends z.ZodMiniType>(
  event: SQSEvent,
  body: S,
  handle: (body: z.output<S>, record: SQSRecord) => Promise<void>,
  options: SqsBatchOptions,
): Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS, { parser, innerSchema: body, transformer: 'json', logger: options.logger });
  processor.register(event.Records, (record: SQSRecord & { body: z.output<S> }) => handle(record.body, record), {
    processInParallel: false,
    throwOnFullBatchFailure: false,
  });
  await processor.process();
  processor.failureMessages.forEach((record, index) => {
    options.logger.error(options.failureMessage, {
      messageId: (record as SQSRecord).messageId,
      error: describeError(processor.errors[index]),
    });
  });
  return processor.response();
}
