import type { SQSClient } from '@aws-sdk/client-sqs';
import { sendMessageBatches, type BatchRetry } from '../core/aws/sqs-batch-send';
import type { RotationRequest } from '../core/messages/rotation-request';
import type { Logger } from '../core/log/logger';
import { EnqueueError } from './errors';

/**
 * Sends one message per request through the one batch sender
 * (core/aws/sqs-batch-send.ts: 10 to a SendMessageBatch, service-side
 * failures retried with backoff, a call that throws stops further batches).
 * Whatever could not be enqueued ends in one EnqueueError naming the
 * accounts. Returns how many messages were enqueued.
 */
export async function enqueueRotationRequests(
  sqs: SQSClient,
  queueUrl: string,
  requests: readonly RotationRequest[],
  policy: BatchRetry,
  logger: Logger,
): Promise<number> {
  // The account id is unique within a run (the selection is deduplicated) and a valid entry id.
  const entries = requests.map((request) => ({ id: request.account, body: JSON.stringify(request) }));
  const result = await sendMessageBatches(sqs, queueUrl, entries, policy, (attempt, failures) =>
    logger.warn('rotation requests not enqueued, retrying them', {
      attempt,
      accounts: failures.map((failure) => failure.id),
      codes: [...new Set(failures.map((failure) => failure.code))],
    }),
  );
  const failed = result.failed.map(({ id, code, message }) => ({ account: id, code, message }));
  if (result.error !== undefined) throw new EnqueueError(failed, result.sent, requests.length, { cause: result.error });
  if (failed.length > 0) throw new EnqueueError(failed, result.sent, requests.length);
  return result.sent;
}
