import { ACCOUNT_ID } from '../config/values';
import type { DeepReadonly } from '../schema/readonly';
import * as z from '../schema/zod';
import { runIdSchema } from './run-id';

/**
 * What the inventory enqueues for the rotation function, one per account,
 * written once as a schema; the type is derived from it. The same shape is
 * what users type into the Lambda console, kept from the classic solution
 * (plus the operator events ForceRotate, DeactivateOld and Reactivate).
 */

// IAM user names: letters, digits and +=,.@_- up to 64 characters.
const USER_NAME = /^[\w+=,.@-]{1,64}$/;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const TRUE_OR_FALSE = /^(true|false)$/i;

const userName = z.string({ error: 'must be an IAM user name' }).check(z.regex(USER_NAME, { error: 'must be an IAM user name' }));
// The same words whichever branch of the union fails: no validator text reaches the person at the console.
const trueOrFalse = z.union([z.boolean(), z.string().check(z.regex(TRUE_OR_FALSE, { error: 'must be true or false' }))], { error: 'must be true or false' });

// Strict: a misspelt `dryRun` or `forceRotate` must not silently turn an audit into a real rotation.
export const rotationRequest = z.strictObject({
  account: z
    .string({ error: 'is required: the 12-digit id of the account to rotate, e.g. "111122223333"' })
    .check(z.regex(ACCOUNT_ID, { error: 'must be a 12-digit account id' })),
  name: z.optional(z.string({ error: 'must be a string' }).check(z.maxLength(256, { error: 'must be at most 256 characters' }))),
  email: z.optional(
    z.string({ error: 'must be an email address' }).check(z.refine((value) => value.trim() === '' || EMAIL.test(value.trim()), { error: 'must be an email address' })),
  ),
  dryrun: z.optional(trueOrFalse),
  ForceRotate: z.optional(
    z.union([z.literal('*'), userName, z.array(userName, { error: 'must be a user name, a list of user names, or "*"' })], {
      error: 'must be a user name, a list of user names, or "*" for every user that is not exempt',
    }),
  ),
  DeactivateOld: z.optional(trueOrFalse),
  Reactivate: z.optional(userName),
  // Set by the inventory when EnforcedScope is: whether the account is inside it (OU membership resolved once per run).
  // It can only ever add audit mode.
  enforcedScope: z.optional(z.enum(['inside', 'outside'], { error: 'must be "inside" or "outside"' })),
  // Set by the inventory: the scheduled run this account belongs to, and how many accounts it enqueued, so the
  // close-run step knows when the run is complete. The run id becomes part of S3 keys (Runs/<runId>/).
  runId: z.optional(runIdSchema),
  expectedAccounts: z.optional(z.int({ error: 'must be a whole number' }).check(z.minimum(1))),
});

export type RotationRequest = DeepReadonly<z.output<typeof rotationRequest>>;
