import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { NotificationMessage } from '../../core/messages/notification';
import { NotificationQueueError, describeError } from '../errors';

// SQS allows 10 entries and 256 KiB per batch; stay under with room for attributes.
const MAX_ENTRIES = 10;
const MAX_BATCH_BYTES = 240 * 1024;
const ATTEMPTS = 3;

/**
 * Puts the messages on the notification queue in as few SendMessageBatch
 * calls as the limits allow, retrying entries SQS failed on its side.
 * Throws NotificationQueueError naming what was not queued.
 */
export async function queueNotifications(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly NotificationMessage[],
): Promise<number> {
  const entries = messages.map(fitToQueue).map((message, index) => ({
    Id: `m${index}`,
    MessageBody: JSON.stringify(message),
    label: `${message.recipient.role}:${message.recipient.email}`,
  }));
  const tooBig = entries.filter((entry) => Buffer.byteLength(entry.MessageBody) > MAX_BATCH_BYTES);
  if (tooBig.length > 0) {
    throw new NotificationQueueError(`messages over ${MAX_BATCH_BYTES} bytes not queued: ${tooBig.map((e) => e.label).join(', ')}`);
  }
  let sent = 0;
  const failed: string[] = [];
  for (const batch of toBatches(entries)) {
    let pending: SendMessageBatchRequestEntry[] = batch.map(({ Id, MessageBody }) => ({ Id, MessageBody }));
    for (let attempt = 1; pending.length > 0 && attempt <= ATTEMPTS; attempt++) {
      let response;
      try {
        response = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
      } catch (error) {
        if (attempt === ATTEMPTS) failed.push(...pending.map((entry) => `${entry.Id}: ${describeError(error)}`));
        continue;
      }
      sent += response.Successful?.length ?? 0;
      const retry = new Set((response.Failed ?? []).filter((f) => !f.SenderFault).map((f) => f.Id));
      for (const f of response.Failed ?? []) if (f.SenderFault) failed.push(`${f.Id}: ${f.Code ?? ''} ${f.Message ?? ''}`);
      pending = pending.filter((entry) => retry.has(entry.Id));
      if (attempt === ATTEMPTS) failed.push(...pending.map((entry) => `${entry.Id}: not accepted after ${ATTEMPTS} attempts`));
    }
  }
  if (failed.length > 0) {
    const labels = new Map(entries.map((entry) => [entry.Id, entry.label]));
    const named = failed.map((line) => {
      const id = line.slice(0, line.indexOf(':'));
      return `${labels.get(id) ?? id}${line.slice(line.indexOf(':'))}`;
    });
    throw new NotificationQueueError(`${failed.length} of ${entries.length} notifications not queued: ${named.join('; ')}`);
  }
  return sent;
}

/**
 * A message to one recipient lists the users with something to say; an
 * account with thousands of them on its first enforce run could outgrow an
 * SQS message (the account's full report goes to Runs/ in S3, not here). Such
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

function toBatches<T extends { MessageBody: string }>(entries: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.MessageBody);
    if (current.length === MAX_ENTRIES || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
