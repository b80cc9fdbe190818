import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { context, type LambdaHandler } from './lambda-runtime';

export interface DrainResult {
  readonly delivered: number;
  readonly failed: number;
}

interface BatchResponse {
  readonly batchItemFailures?: ReadonlyArray<{ readonly itemIdentifier: string }>;
}

/**
 * Does what Lambda's SQS event source mapping does: receive up to 10 messages,
 * invoke the handler with them, delete the ones it did not report as failed.
 * Failed ones stay (a real queue would redeliver them after the visibility
 * timeout; the demo reports them instead of waiting).
 */
export async function drainQueue(
  sqs: SQSClient,
  queueUrl: string,
  queueArn: string,
  functionName: string,
  handler: LambdaHandler,
): Promise<DrainResult> {
  let delivered = 0;
  let failed = 0;
  for (;;) {
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 3600, WaitTimeSeconds: 0 }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return { delivered, failed };
    const event = {
      Records: messages.map((m) => ({
        messageId: m.MessageId,
        receiptHandle: m.ReceiptHandle,
        body: m.Body,
        attributes: m.Attributes ?? {},
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
    delivered += done.length;
    failed += failedIds.size;
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
    if (done.length === 0) return { delivered, failed };
  }
}
