import { z } from 'zod';
import { ACCOUNT_ID } from '../core/config/values';
import { InventoryEventError } from './errors';

/** What one invocation asks for, whatever its source. */
export interface InventoryRequest {
  readonly source: 'schedule' | 'console';
  /** Console narrowing: only these accounts (deduplicated); undefined means every account in scope. */
  readonly accounts?: readonly string[];
  /** Audit mode for this run only, passed on to every rotation request. */
  readonly dryrun: boolean;
  /**
   * Ties the run's messages together for the admin digest. Taken from the
   * event or the invocation, never generated: Lambda retries an asynchronous
   * invocation with the same event id and request id, so a retried run
   * reuses its runId and the notifier can recognise the duplicates.
   */
  readonly runId: string;
}

const TRUE_OR_FALSE = /^(true|false)$/i;

// Strict: a misspelt key (`acounts`) must not silently widen the run to the whole Organization.
const consoleEvent = z.strictObject({
  accounts: z
    .array(z.string({ error: 'must be a string' }).regex(ACCOUNT_ID, { error: 'must be a 12-digit account id' }), {
      error: 'must be a list of 12-digit account ids',
    })
    .min(1, { error: 'must list at least one account (leave it out to run for every account)' })
    .optional(),
  dryrun: z
    .union([z.boolean(), z.string().regex(TRUE_OR_FALSE, { error: 'must be true or false' })], { error: 'must be true or false' })
    .optional(),
});

export function isScheduledEvent(event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const record = event as Record<string, unknown>;
  return record.source === 'aws.events' || 'detail-type' in record;
}

/**
 * Validates the event before anything touches AWS. A scheduled EventBridge
 * event is a normal run; anything else is a console event, `{}` included.
 */
export function parseInventoryEvent(event: unknown, requestId: string): InventoryRequest {
  if (isScheduledEvent(event)) {
    const id = (event as { id?: unknown }).id;
    return { source: 'schedule', dryrun: false, runId: typeof id === 'string' && id.length > 0 ? id : requestId };
  }
  const input = event ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new InventoryEventError('event', 'must be a JSON object such as {"accounts": ["111122223333"], "dryrun": true}');
  }
  const parsed = consoleEvent.safeParse(input);
  if (!parsed.success) throw toEventError(parsed.error.issues[0]);
  const { accounts, dryrun } = parsed.data;
  return {
    source: 'console',
    ...(accounts ? { accounts: [...new Set(accounts)] } : {}),
    dryrun: typeof dryrun === 'string' ? dryrun.toLowerCase() === 'true' : (dryrun ?? false),
    runId: requestId,
  };
}

function toEventError(issue: z.core.$ZodIssue | undefined): InventoryEventError {
  if (!issue) return new InventoryEventError('event', 'is invalid');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? 'event';
    // The rotation function's console event is the one users know; point them at this one's shape.
    const hint = key === 'account' ? '; the inventory takes "accounts": ["111122223333", ...]' : '';
    return new InventoryEventError(key, `unknown field (expected "accounts" and/or "dryrun")${hint}`);
  }
  const field = issue.path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`))
    .join('');
  return new InventoryEventError(field || 'event', issue.message);
}
