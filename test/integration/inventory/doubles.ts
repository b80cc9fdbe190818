import type { Account, ListAccountsCommandInput, ListAccountsCommandOutput } from '@aws-sdk/client-organizations';
import type {
  BatchResultErrorEntry,
  SendMessageBatchCommandInput,
  SendMessageBatchCommandOutput,
} from '@aws-sdk/client-sqs';
import type { ClientPlugin } from '../../../functions/core/aws/plugins';

/**
 * Test doubles as SDK middleware: the handler keeps its real clients, and a
 * plugin answers (or alters) chosen operations before they reach moto.
 */

const METADATA = { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 };

export interface ListAccountsPage {
  readonly accounts: readonly Account[];
  readonly nextToken?: string;
}

/**
 * Answers ListAccounts from fixed pages, as AWS pages them (moto does not
 * return empty pages). The first call gets pages[0]; a call with token T gets
 * the page after the one that returned T. Records the tokens it was sent.
 */
export class PagedListAccounts {
  readonly tokensSent: (string | undefined)[] = [];

  constructor(private readonly pages: readonly ListAccountsPage[]) {}

  readonly plugin: ClientPlugin = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          if (context.commandName !== 'ListAccountsCommand') return next(args);
          const token = (args.input as ListAccountsCommandInput).NextToken;
          this.tokensSent.push(token);
          const index = token === undefined ? 0 : this.pages.findIndex((page) => page.nextToken === token) + 1;
          const page = this.pages[index];
          if (index === 0 && token !== undefined) throw new Error(`unknown NextToken ${token}`);
          if (!page) throw new Error(`no page after token ${token}`);
          const output: ListAccountsCommandOutput = {
            Accounts: [...page.accounts],
            NextToken: page.nextToken,
            $metadata: METADATA,
          };
          return { output, response: {} };
        },
        { step: 'initialize', name: 'testPagedListAccounts' },
      );
    },
  };
}

/** Fails the n-th call (1-based) of an operation, after the earlier ones succeeded. */
export function failNthCall(operation: string, n: number, errorName = 'ServiceException'): ClientPlugin {
  let calls = 0;
  return {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          if (context.commandName === `${operation}Command` && ++calls === n) {
            const error = new Error(`injected failure of ${operation} call ${n}`);
            error.name = errorName;
            throw error;
          }
          return next(args);
        },
        { step: 'initialize', name: `testFail${operation}${n}` },
      );
    },
  };
}

/**
 * Makes SendMessageBatch fail chosen entries the way SQS does: the call
 * succeeds, the entries come back in `Failed`, and only the others reach the
 * queue. `decide` gets the call number (1-based) and an entry id, and returns
 * the failure to report, or undefined to let the entry through. Records the
 * entry ids of every call.
 */
export class FailingBatchEntries {
  readonly calls: string[][] = [];

  constructor(private readonly decide: (call: number, id: string) => Omit<BatchResultErrorEntry, 'Id'> | undefined) {}

  readonly plugin: ClientPlugin = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          if (context.commandName !== 'SendMessageBatchCommand') return next(args);
          const input = args.input as SendMessageBatchCommandInput;
          const entries = input.Entries ?? [];
          this.calls.push(entries.map((entry) => entry.Id ?? '?'));
          const call = this.calls.length;
          const failed: BatchResultErrorEntry[] = [];
          const passed = entries.filter((entry) => {
            const failure = entry.Id === undefined ? undefined : this.decide(call, entry.Id);
            if (failure) failed.push({ Id: entry.Id, ...failure });
            return !failure;
          });
          if (passed.length === 0) {
            const output: SendMessageBatchCommandOutput = { Successful: [], Failed: failed, $metadata: METADATA };
            return { output, response: {} };
          }
          const result = await next({ ...args, input: { ...input, Entries: passed } });
          const output = result.output as SendMessageBatchCommandOutput;
          output.Failed = [...(output.Failed ?? []), ...failed];
          return result;
        },
        { step: 'initialize', name: 'testFailingBatchEntries' },
      );
    },
  };
}

export const INTERNAL_ERROR = { Code: 'InternalError', SenderFault: false, Message: 'injected' } as const;
export const SENDER_FAULT = { Code: 'InvalidParameterValue', SenderFault: true, Message: 'injected' } as const;
