import { ACCOUNT_ID } from '../../core/config/values';
import { firstIssue } from '../../core/schema/issues';
import * as z from '../../core/schema/zod';
import type { RotationRequest } from '../../core/messages/rotation-request';
import { RotationEventError } from '../errors';

/** One account's run, validated: what the handler works from, whatever the event's source. */
export interface RotationJob {
  readonly accountId: string;
  readonly accountName?: string;
  /** The account's contact (console `email`, or the Organization's account email from the inventory). */
  readonly email?: string;
  /** True when this event asks for audit mode; it can only add dry run, never lift the configured one. */
  readonly dryRun: boolean;
  /** User names to rotate now whatever their keys' age (console `ForceRotate`), deduplicated. */
  readonly forceRotate: readonly string[];
  readonly runId?: string;
  readonly expectedAccounts?: number;
}

// IAM user names: letters, digits and +=,.@_- up to 64 characters.
const USER_NAME = /^[\w+=,.@-]{1,64}$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const TRUE_OR_FALSE = /^(true|false)$/i;

const userName = z.string({ error: 'must be an IAM user name' }).check(z.regex(USER_NAME, { error: 'must be an IAM user name' }));

// Strict: a misspelt `dryRun` or `forceRotate` must not silently turn an audit into a real rotation.
export const rotationRequest = z.strictObject({
  account: z
    .string({ error: 'is required: the 12-digit id of the account to rotate, e.g. "111122223333"' })
    .check(z.regex(ACCOUNT_ID, { error: 'must be a 12-digit account id' })),
  name: z.optional(z.string({ error: 'must be a string' }).check(z.maxLength(256, { error: 'must be at most 256 characters' }))),
  email: z.optional(
    z.string({ error: 'must be an email address' }).check(z.refine((value) => value.trim() === '' || EMAIL.test(value.trim()), { error: 'must be an email address' })),
  ),
  dryrun: z.optional(z.union([z.boolean(), z.string().check(z.regex(TRUE_OR_FALSE))], { error: 'must be true or false' })),
  ForceRotate: z.optional(
    z.union([userName, z.array(userName, { error: 'must be a user name or a list of user names' })], {
      error: 'must be a user name or a list of user names',
    }),
  ),
  runId: z.optional(z.string({ error: 'must be a string' }).check(z.minLength(1), z.maxLength(256))),
  expectedAccounts: z.optional(z.int({ error: 'must be a whole number' }).check(z.minimum(0))),
}) satisfies z.ZodMiniType<RotationRequest>;

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

/** A validated request (a console event, or an SQS body the batch processor parsed) as the run's job. */
export function toRotationJob(request: z.output<typeof rotationRequest>): RotationJob {
  const { account, name, email, dryrun, ForceRotate, runId, expectedAccounts } = request;
  const force = ForceRotate === undefined ? [] : typeof ForceRotate === 'string' ? [ForceRotate] : ForceRotate;
  return {
    accountId: account,
    ...(name?.trim() ? { accountName: name.trim() } : {}),
    ...(email?.trim() ? { email: email.trim() } : {}),
    dryRun: typeof dryrun === 'string' ? dryrun.toLowerCase() === 'true' : (dryrun ?? false),
    forceRotate: [...new Set(force)],
    ...(runId ? { runId } : {}),
    ...(expectedAccounts !== undefined ? { expectedAccounts } : {}),
  };
}

function toEventError(issue: z.core.$ZodIssue | undefined): RotationEventError {
  if (!issue) return new RotationEventError('event', 'is invalid');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? 'event';
    return new RotationEventError(
      key,
      'unknown field (expected "account", "name", "email", "ForceRotate", "dryrun"; names are case-sensitive)',
    );
  }
  const field = issue.path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`))
    .join('');
  return new RotationEventError(field || 'event', issue.message);
}
