import {
  SQSClient,
  type BatchResultErrorEntry,
  type SendMessageBatchCommandInput,
  type SendMessageBatchCommandOutput,
} from '@aws-sdk/client-sqs';
import { withPlugins } from '../../functions/core/aws/plugins';
import { DEFAULT_BATCH_RETRY, type BatchRetry } from '../../functions/core/aws/sqs-batch-send';

export type BatchFailure = Omit<BatchResultErrorEntry, 'Id'>;
/** Per call: entries to fail by id, or an error for the whole call. */
export type BatchReply = (call: number) => { failed?: Partial<Record<string, BatchFailure>>; throws?: Error };

export const INTERNAL: BatchFailure = { Code: 'InternalError', SenderFault: false, Message: 'try again' };
export const SENDER: BatchFailure = { Code: 'InvalidMessageContents', SenderFault: true, Message: 'bad' };

/**
 * Fault injection: an SQS client whose SendMessageBatch never leaves the
 * process (moto cannot fail single entries of a batch): the reply function
 * decides, per call, which entries fail. Records every call's entries.
 */
export function fakeSqsBatch(reply: BatchReply): { sqs: SQSClient; calls: { ids: string[]; bodies: string[] }[] } {
  const calls: { ids: string[]; bodies: string[] }[] = [];
  const sqs = withPlugins(new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }), {
    plugins: [
      {
        applyToStack: (stack) =>
          stack.add(
            () => async (args) => {
              const entries = (args.input as SendMessageBatchCommandInput).Entries ?? [];
              const ids = entries.map((entry) => entry.Id ?? '?');
              calls.push({ ids, bodies: entries.map((entry) => entry.MessageBody ?? '') });
              const outcome = reply(calls.length);
              if (outcome.throws) throw outcome.throws;
              const byId = outcome.failed ?? {};
              const failed = ids.flatMap((id) => {
                const failure = byId[id];
                return failure ? [{ Id: id, ...failure }] : [];
              });
              const output: SendMessageBatchCommandOutput = {
                Successful: ids.filter((id) => !byId[id]).map((Id) => ({ Id, MessageId: `m-${Id}`, MD5OfMessageBody: '' })),
                Failed: failed,
                $metadata: {},
              };
              return { output, response: {} };
            },
            { step: 'initialize', name: 'fakeSqs' },
          ),
      },
    ],
  });
  return { sqs, calls };
}

/** The default retry policy with a fixed jitter and no real waiting: the backoffs asked for are recorded in `sleeps`. */
export function recordingRetry(overrides: Partial<BatchRetry> = {}): BatchRetry & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { ...DEFAULT_BATCH_RETRY, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms), sleeps, ...overrides };
}
