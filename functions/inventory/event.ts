import { randomUUID } from 'node:crypto';
import { ACCOUNT_ID } from '../core/config/values';
import { ownAccount, type InvocationContext } from '../core/lambda/context';
import { describeIssue, firstIssue } from '../core/schema/issues';
import * as z from '../core/schema/zod';
import { InventoryEventError } from './errors';
import { isScheduleClaim, parseScheduledEvent } from './schedule';

/** What one invocation asks for, whatever its source. */
export interface InventoryRequest {
  readonly source: 'schedule' | 'console';
  /** Console narrowing: only these accounts (deduplicated); undefined means every account in scope. */
  readonly accounts?: readonly string[];
  /** Audit mode for this run only, passed on to every rotation request. */
  readonly dryrun: boolean;
  /**
   * Ties the run's messages together for the admin digest. Taken from the
   * event or the invocation, never generated when Lambda gives one: Lambda
   * retries an asynchronous invocation with the same event id and request id,
   * so a retried run reuses its runId and the notifier can recognise the duplicates.
   */
  readonly runId: string;
}

/** Where the invocation runs: a scheduled event must come from this account's rule in this region. */
export interface InventoryOrigin {
  readonly region: string | undefined;
  readonly context: InvocationContext | undefined;
}

const TRUE_OR_FALSE = /^(true|false)$/i;

// Strict: a misspelt key (`acounts`) must not silently widen the run to the whole Organization.
const consoleEvent = z.strictObject({
  accounts: z.optional(
    z
      .array(z.string({ error: 'must be a string' }).check(z.regex(ACCOUNT_ID, { error: 'must be a 12-digit account id' })), {
        error: 'must be a list of 12-digit account ids',
      })
      .check(z.minLength(1, { error: 'must list at least one account (leave it out to run for every account)' })),
  ),
  dryrun: z.optional(
    z.union([z.boolean(), z.string().check(z.regex(TRUE_OR_FALSE, { error: 'must be true or false' }))], { error: 'must be true or false' }),
  ),
});

const EXAMPLE = '{"accounts": ["111122223333"], "dryrun": true}';

/**
 * Validates the event before anything touches AWS. Only the exact shape of
 * the EventBridge rule's scheduled event is the schedule (a run of every
 * account in scope, enforcing unless the stack is in audit mode); everything
 * else is a console event, `{}` included, and is validated strictly: an
 * unknown field is an error naming it. A console test event that carried a
 * stray `detail-type` used to pass for the schedule and start a full run.
 */
export async function parseInventoryEvent(event: unknown, origin: InventoryOrigin): Promise<InventoryRequest> {
  if (isScheduleClaim(event)) {
    const scheduled = await parseScheduledEvent(event, { region: origin.region, account: ownAccount(origin.context) });
    return { source: 'schedule', dryrun: false, runId: scheduled.id };
  }
  const input = event ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new InventoryEventError('event', `must be a JSON object such as ${EXAMPLE}`);
  }
  const parsed = consoleEvent.safeParse(input);
  if (!parsed.success) throw toEventError(firstIssue(parsed.error.issues));
  const { accounts, dryrun } = parsed.data;
  return {
    source: 'console',
    ...(accounts ? { accounts: [...new Set(accounts)] } : {}),
    dryrun: typeof dryrun === 'string' ? dryrun.toLowerCase() === 'true' : (dryrun ?? false),
    runId: origin.context?.awsRequestId ?? randomUUID(),
  };
}

function toEventError(issue: Parameters<typeof describeIssue>[0]): InventoryEventError {
  const { field, problem } = describeIssue(issue);
  if (issue?.code !== 'unrecognized_keys') return new InventoryEventError(field, problem);
  // The rotation function's console event is the one users know; point them at this one's shape.
  const hint =
    field === 'account'
      ? '; the inventory takes "accounts": ["111122223333", ...]'
      : ['detail-type', 'source', 'detail'].includes(field)
        ? '; only the schedule rule\'s own event is a scheduled run'
        : '';
  return new InventoryEventError(field, `unknown field (expected "accounts" and/or "dryrun")${hint}`);
}
