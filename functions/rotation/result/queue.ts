import type { SQSClient } from '@aws-sdk/client-sqs';
import { DEFAULT_BATCH_RETRY, MAX_BATCH_BYTES, sendMessageBatches, type BatchRetry } from '../../core/aws/sqs-batch-send';
import type { NotificationMessage } from '../../core/messages/notification';
import { NotificationQueueError } from '../errors';

// One account's messages go out one batch at a time, each entry tried at most three times.
const NOTIFICATION_RETRY: BatchRetry = { ...DEFAULT_BATCH_RETRY, maxAttempts: 3, concurrency: 1 };

/**
 * Puts the messages on the notification queue in as few SendMessageBatch
 * calls as the limits allow, through the one batch sender
 * (core/aws/sqs-batch-send.ts), which retries entries SQS failed on its side.
 * Throws NotificationQueueError naming what was not queued.
 */
export async function queueNotifications(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly NotificationMessage[],
  retry: BatchRetry = NOTIFICATION_RETRY,
): Promise<number> {
  const entries = messages.map(fitToQueue).map((message, index) => ({
    id: `m${index}`,
    body: JSON.stringify(message),
    label: `${message.recipient.role}:${message.recipient.email}`,
  }));
  const result = await sendMessageBatches(sqs, queueUrl, entries, retry);
  const unsent = entries.length - result.sent;
  if (unsent > 0) {
    const labels = new Map(entries.map((entry) => [entry.id, entry.label]));
    const named = result.failed.map((failure) => `${labels.get(failure.id) ?? failure.id}: ${failure.code} ${failure.message}`);
    throw new NotificationQueueError(`${unsent} of ${entries.length} notifications not queued: ${named.join('; ')}`);
  }
  return result.sent;
}

/**
 * A message to one recipient lists the users with something to say; an
 * account with thousands of them on its first enforce run could outgrow an
 * SQS message (the account's full result goes to Runs/ in S3, not here). Such
 * a message keeps the users that fit, and a note saying how many more there
 * are and where they are listed: the admin digest and the run's keys.csv.
 */
export function fitToQueue(message: NotificationMessage): NotificationMessage {
  if (fits(message)) return message;
  let low = 0;
  let high = message.users.length;
  // The largest number of users that fits with the note, found by halving.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(cut(message, middle))) low = middle;
    else high = middle - 1;
  }
  return cut(message, low);
}

function cut(message: NotificationMessage, users: number): NotificationMessage {
  const more = message.users.length - users;
  const note = `${more} more user(s) of this account have news that did not fit in this message; the administrator's digest and the run's keys.csv list them all`;
  return { ...message, users: message.users.slice(0, users), notes: [...(message.notes ?? []), note] };
}

function fits(message: NotificationMessage): boolean {
  return Buffer.byteLength(JSON.stringify(message)) <= MAX_BATCH_BYTES;
}
