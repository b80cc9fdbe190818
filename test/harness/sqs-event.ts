import type { SQSEvent, SQSRecord } from 'aws-lambda';

let sequence = 0;

/**
 * One SQS record as Lambda's event source mapping delivers it, every field
 * the Powertools SQS schema checks included; `body` as JSON unless a string.
 */
export function sqsRecord(body: unknown, options: { messageId?: string; queue?: string; region?: string } = {}): SQSRecord {
  const messageId = options.messageId ?? `msg-${++sequence}`;
  const region = options.region ?? 'us-east-1';
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1767225600000',
      SenderId: 'AROAEXAMPLE:asa-iam-key-rotation',
      ApproximateFirstReceiveTimestamp: '1767225600001',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${region}:123456789012:${options.queue ?? 'asa-iam-key-rotation-queue'}`,
    awsRegion: region,
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
