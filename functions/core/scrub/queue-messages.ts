import type { SendMessageBatchCommandInput, SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { ClientPlugin } from '../aws/plugins';
import { scrubber } from './scrub';

/**
 * SQS client middleware: the body of every message sent (SendMessage,
 * SendMessageBatch) passes the one scrubber before it is signed and sent, so
 * no code path that queues a message can put a secret on a queue. It runs
 * first (priority high), so the SDK's MD5 check compares against the body
 * actually sent.
 */
export const scrubQueueMessages: ClientPlugin = {
  applyToStack: (stack) => {
    stack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'SendMessageCommand') {
          const input = args.input as SendMessageCommandInput;
          return next({ ...args, input: { ...input, MessageBody: scrub(input.MessageBody) } });
        }
        if (context.commandName === 'SendMessageBatchCommand') {
          const input = args.input as SendMessageBatchCommandInput;
          const Entries = input.Entries?.map((entry) => ({ ...entry, MessageBody: scrub(entry.MessageBody) }));
          return next({ ...args, input: { ...input, Entries } });
        }
        return next(args);
      },
      { step: 'initialize', priority: 'high', name: 'scrubQueueMessages' },
    );
  },
};

function scrub(body: string | undefined): string | undefined {
  return body === undefined ? undefined : scrubber.text(body);
}
