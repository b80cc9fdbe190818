import { firstIssue } from '../../core/schema/issues';
import * as z from '../../core/schema/zod';
import { rotationRequest } from '../../core/messages/rotation-request';
import { RotationEventError } from '../errors';

/** One account's run, validated: what the handler works from, whatever the event's source. */
export interface RotationJob {
  readonly accountId: string;
  readonly accountName?: string;
  /** The account's contact (console `email`, or the Organization's account email from the inventory). */
  readonly email?: string;
  /** True when this event asks for audit mode; it can only add dry run, never lift the configured one. */
  readonly dryRun: boolean;
  /** User names to rotate now whatever their keys' age (operator `ForceRotate`), deduplicated. */
  readonly forceRotate: readonly string[];
  /** `ForceRotate: "*"`: every user of the account that is neither exempt nor on hold. */
  readonly forceAll: boolean;
  /** `DeactivateOld`: the replaced keys of forced users are deactivated in the same run. */
  readonly deactivateOld: boolean;
  /** Operator `Reactivate`: undo this tool's latest deactivation for this user; nothing else is done in the run. */
  readonly reactivate?: string;
  /**
   * The account's place in EnforcedScope as the request states it: `outside`
   * from anyone (it only adds audit mode), `inside` only from the inventory
   * (a message its execution role sent), which resolved the scope's OUs.
   */
  readonly enforcedScope?: 'inside' | 'outside';
  readonly runId?: string;
  readonly expectedAccounts?: number;
}

export { rotationRequest };

/**
 * Validates one request (a console event, or one SQS message's parsed body)
 * before anything touches AWS. Errors name the field users typed.
 */
export function parseRotationRequest(input: unknown): RotationJob {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RotationEventError(
      'event',
      'must be a JSON object such as {"account": "111122223333", "name": "Workload", "email": "owner@example.com"}',
    );
  }
  const parsed = rotationRequest.safeParse(input);
  if (!parsed.success) throw toEventError(firstIssue(parsed.error.issues));
  return toRotationJob(parsed.data);
}

/** Every field a request may carry, in the schema's order: what an unknown-field error lists. */
const FIELDS = Object.keys(rotationRequest.shape);

export interface RequestOrigin {
  /** True only for a queue message the inventory's execution role sent: it alone may say `enforcedScope: "inside"`. */
  readonly fromInventory: boolean;
}

/**
 * A request that passed the schema (a console event, or an SQS body the
 * batch processor parsed) as the run's job, with the rules between fields.
 * A request may narrow the scope (`enforcedScope: "outside"`), never widen
 * it: `inside` counts only from the inventory, which resolved the OUs; from
 * anyone else it is dropped and the function decides alone (audit mode for
 * an account it cannot place).
 */
export function toRotationJob(request: z.output<typeof rotationRequest>, origin: RequestOrigin = { fromInventory: false }): RotationJob {
  const { account, name, email, dryrun, ForceRotate, DeactivateOld, Reactivate, enforcedScope, runId, expectedAccounts } = request;
  const deactivateOld = flag(DeactivateOld);
  if (deactivateOld && ForceRotate === undefined) {
    throw new RotationEventError('DeactivateOld', 'needs ForceRotate: it deactivates the keys that a forced rotation replaces');
  }
  if (Reactivate !== undefined && (ForceRotate !== undefined || DeactivateOld !== undefined)) {
    throw new RotationEventError('Reactivate', 'cannot be combined with ForceRotate or DeactivateOld: send them as two events');
  }
  const forceAll = ForceRotate === '*';
  const force = ForceRotate === undefined || forceAll ? [] : typeof ForceRotate === 'string' ? [ForceRotate] : ForceRotate;
  return {
    accountId: account,
    ...(name?.trim() ? { accountName: name.trim() } : {}),
    ...(email?.trim() ? { email: email.trim() } : {}),
    dryRun: flag(dryrun),
    forceRotate: [...new Set(force)],
    forceAll,
    deactivateOld,
    ...(Reactivate !== undefined ? { reactivate: Reactivate } : {}),
    ...(enforcedScope === 'outside' || (enforcedScope === 'inside' && origin.fromInventory) ? { enforcedScope } : {}),
    ...(runId ? { runId } : {}),
    ...(expectedAccounts !== undefined ? { expectedAccounts } : {}),
  };
}

function flag(value: boolean | string | undefined): boolean {
  return typeof value === 'string' ? value.toLowerCase() === 'true' : (value ?? false);
}

function toEventError(issue: z.core.$ZodIssue | undefined): RotationEventError {
  if (!issue) return new RotationEventError('event', 'is invalid');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? 'event';
    return new RotationEventError(key, `unknown field (expected ${FIELDS.map((f) => `"${f}"`).join(', ')}; names are case-sensitive)`);
  }
  const field = issue.path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`))
    .join('');
  return new RotationEventError(field || 'event', issue.message);
}
