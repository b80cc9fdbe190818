import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { mapWithConcurrency } from '../../functions/core/async/map-with-concurrency';
import { context, type LambdaHandler } from './lambda-runtime';

export interface DrainResult {
  readonly delivered: number;
  readonly failed: number;
}

interface BatchResponse {
  readonly batchItemFailures?: ReadonlyArray<{ readonly itemIdentifier: string }>;
}

/** An event source mapping's shape: how many messages per invocation, how many invocations at once. */
export interface MappingSettings {
  readonly batchSize: number;
  readonly concurrency: number;
  /**
   * The SenderId Lambda would show, `<role id>:<session>`, of the one principal
   * the queue's policy lets send (the rotation queue: the inventory function).
   * moto reports one fixed SenderId for every message, which matches no role,
   * so a handler that checks its producer would see a stranger.
   */
  readonly sender?: string;
}

/** One invocation with up to 10 messages at a time: the simplest mapping, and an upper bound on wall time. */
export const ONE_AT_A_TIME: MappingSettings = { batchSize: 10, concurrency: 1 };

/**
 * Does what Lambda's SQS event source mapping does: receive messages, invoke
 * the handler with batches of them (several invocations at once, as the
 * mapping's maximum concurrency allows), delete the ones it did not report as
 * failed. Failed ones stay (a real queue would redeliver them after the
 * visibility timeout; the caller reports them instead of waiting).
 */
export async function drainQueue(
  sqs: SQSClient,
  queueUrl: string,
  queueArn: string,
  functionName: string,
  handler: LambdaHandler,
  mapping: MappingSettings = ONE_AT_A_TIME,
): Promise<DrainResult> {
  let delivered = 0;
  let failed = 0;
  for (;;) {
    const received = await sqs.send(
      // The system attributes (SenderId, SentTimestamp, ...) are part of every record Lambda delivers, and the handlers check them.
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 3600, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'] }),
    );
    const all = received.Messages ?? [];
    if (all.length === 0) return { delivered, failed };
    const batches: Message[][] = [];
    for (let i = 0; i < all.length; i += mapping.batchSize) batches.push(all.slice(i, i + mapping.batchSize));
    let progressed = false;
    const results = await mapWithConcurrency(batches, mapping.concurrency, (batch) => invoke(sqs, queueUrl, queueArn, functionName, handler, batch, mapping.sender));
    for (const result of results) {
      delivered += result.delivered;
      failed += result.failed;
      progressed ||= result.delivered > 0;
    }
    if (!progressed) return { delivered, failed };
  }
}

async function invoke(
  sqs: SQSClient,
  queueUrl: string,
  queueArn: string,
  functionName: string,
  handler: LambdaHandler,
  messages: readonly Message[],
  sender: string | undefined,
): Promise<DrainResult> {
  const event = {
    Records: messages.map((m) => ({
      messageId: m.MessageId,
      receiptHandle: m.ReceiptHandle,
      body: m.Body,
      attributes: { ...m.Attributes, ...(sender ? { SenderId: sender } : {}) },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
  const response = (await handler(event, context(functionName))) as BatchResponse | undefined;
  const failedIds = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  const done = messages.filter((m) => !failedIds.has(m.MessageId ?? ''));
  if (done.length > 0) {
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
  return { delivered: done.length, failed: failedIds.size };
}
