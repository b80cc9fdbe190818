import type { SQSEvent, SQSRecord } from 'aws-lambda';

/** SQS invokes with `Records` from `aws:sqs`; anything else is a direct (console) invocation. */
export function isSqsEvent(event: unknown): event is SQSEvent {
  if (typeof event !== 'object' || event === null) return false;
  const records = (event as { Records?: unknown }).Records;
  return (
    Array.isArray(records) &&
    records.length > 0 &&
    records.every(
      (record: unknown) =>
        typeof record === 'object' && record !== null && (record as Partial<SQSRecord>).eventSource === 'aws:sqs',
    )
  );
}
