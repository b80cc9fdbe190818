import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { MAX_PARTS, type NotificationMessage } from '../../core/messages/notification';
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
  const entries = messages.flatMap(splitToFit).map((message, index) => ({
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
 * An account with thousands of users or keys can outgrow one SQS message.
 * Such a message is split into parts: halves of its users and of its key
 * rows, again until each part fits, numbered `part: { index, count }`. The
 * held users, notes and failures go in part 1 only, so that parts put back
 * together (the digest's run store does) say each thing once; a key owner or
 * account contact gets each part as an email of its own rather than none.
 */
export function splitToFit(message: NotificationMessage): NotificationMessage[] {
  const parts = halves(message);
  if (parts.length === 1) return parts;
  if (parts.length > MAX_PARTS) throw new NotificationQueueError(`${message.recipient.role}:${message.recipient.email}: ${parts.length} parts, more than ${MAX_PARTS}`);
  return parts.map((part, index) => ({ ...part, part: { index: index + 1, count: parts.length } }));
}

// Room for the part number added after the split.
const PART_BYTES = JSON.stringify({ part: { index: MAX_PARTS, count: MAX_PARTS } }).length;

function halves(message: NotificationMessage): NotificationMessage[] {
  const rows = message.keyRows ?? [];
  if (Buffer.byteLength(JSON.stringify(message)) + PART_BYTES <= MAX_BATCH_BYTES || (message.users.length < 2 && rows.length < 2)) return [message];
  const users = Math.ceil(message.users.length / 2);
  const keys = Math.ceil(rows.length / 2);
  const { held: _held, notes: _notes, ...rest } = message;
  return [
    ...halves({ ...message, users: message.users.slice(0, users), ...(message.keyRows ? { keyRows: rows.slice(0, keys) } : {}) }),
    ...halves({ ...rest, users: message.users.slice(users), ...(message.keyRows ? { keyRows: rows.slice(keys) } : {}), failures: [] }),
  ];
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
