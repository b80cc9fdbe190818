import { ACCOUNT_ID, EMAIL_ADDRESS } from '../config/values';
import * as z from '../schema/zod';

/**
 * Runtime check of the NotificationMessage contract (functions/core/messages).
 * Not strict on unknown keys: the rotation function may add fields before
 * the notifier learns to show them, and an old notifier must keep working.
 */
/** A run id becomes part of S3 keys (Runs/<runId>/, Digests/<runId>.json): no slashes, nothing that could walk out of its folder. */
export const runId = z.string().check(z.regex(/^[\w.:-]{1,128}$/, { error: 'must be 1-128 letters, digits, . : _ or -' }));

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const isoDate = z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), { error: 'must be an ISO 8601 date' }));
const days = z.int().check(z.minimum(0));

const lastUse = z.object({ at: isoDate, service: z.optional(z.string()), region: z.optional(z.string()) });

const action = z.object({
  type: z.enum(['WARN', 'ROTATE', 'DEACTIVATE', 'DELETE', 'POSTPONE', 'REACTIVATE']),
  keyId: z.string().check(z.minLength(1)),
  reason: z.enum([
    'ROTATION_DUE',
    'FORCED_ROTATION',
    'DEACTIVATION_DUE',
    'DELETION_DUE',
    'NEVER_USED',
    'MAKE_ROOM_INACTIVE',
    'MAKE_ROOM_LEAST_RECENTLY_USED',
    'LONE_INACTIVE_EXPIRED',
    'KEY_IN_USE',
    'POSTPONEMENT_ENDED',
    'DEACTIVATE_OLD_REQUESTED',
    'REACTIVATION_REQUESTED',
    'ROTATION_UPCOMING',
    'DEACTIVATION_UPCOMING',
    'DELETION_UPCOMING',
  ]),
  severity: z.enum(['INFO', 'WARNING', 'CRITICAL']),
  dueAt: isoDate,
  announces: z.optional(z.enum(['ROTATE', 'DEACTIVATE', 'DELETE'])),
  milestone: z.optional(z.int().check(z.minimum(1))),
  outcome: z.enum(['DONE', 'PLANNED', 'FAILED', 'ROLLED_BACK']),
  inUse: z.optional(z.boolean()),
  lastUse: z.optional(lastUse),
  deadline: z.optional(isoDate),
  holdUntil: z.optional(isoDate),
  smtpRegions: z.optional(z.array(z.string())),
  secretName: z.optional(z.string()),
  secretArn: z.optional(z.string().check(z.regex(/^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/, { error: 'must be a Secrets Manager secret ARN' }))),
  newKeyId: z.optional(z.string()),
  error: z.optional(z.string()),
});

/** A KeyRow (functions/core/compliance/row.ts): every field present, null where absent. */
export const keyRow = z.object({
  accountId: z.string().check(z.regex(ACCOUNT_ID, { error: 'must be a 12-digit account id' })),
  accountName: z.nullable(z.string()),
  userName: z.string().check(z.minLength(1)),
  accessKeyId: z.nullable(z.string()),
  status: z.enum(['Active', 'Inactive']),
  createdAt: isoDate,
  ageDays: z.int(),
  lastUsedAt: z.nullable(isoDate),
  lastUsedService: z.nullable(z.string()),
  lastUsedRegion: z.nullable(z.string()),
  exemptReason: z.nullable(z.string()),
  exemptUntil: z.nullable(z.string().check(z.regex(DAY, { error: 'must be a date YYYY-MM-DD' }))),
  nextAction: z.nullable(z.enum(['ROTATE', 'DEACTIVATE', 'DELETE', 'POSTPONE'])),
  nextActionDate: z.nullable(z.string().check(z.regex(DAY, { error: 'must be a date YYYY-MM-DD' }))),
  reason: z.string(),
});

export const notificationMessage = z.object({
  version: z.literal(1, { error: 'must be 1 (a message from a newer rotation function?)' }),
  recipient: z.object({
    email: z.string().check(z.regex(EMAIL_ADDRESS, { error: 'must be an email address' })),
    role: z.enum(['ACCOUNT', 'OWNER', 'ADMIN']),
  }),
  accountId: z.string().check(z.regex(ACCOUNT_ID, { error: 'must be a 12-digit account id' })),
  accountName: z.optional(z.string()),
  dryRun: z.boolean(),
  auditReason: z.optional(z.enum(['DRY_RUN_FLAG', 'REQUESTED', 'OUTSIDE_ENFORCED_SCOPE', 'SCOPE_UNRESOLVED'])),
  generatedAt: isoDate,
  // Becomes part of an S3 key: no slashes, nothing that could walk out of Runs/.
  runId: z.optional(runId),
  expectedAccounts: z.optional(z.int().check(z.minimum(1))),
  settings: z.object({
    rotationPeriodDays: days,
    inactiveBufferDays: days,
    recoveryGracePeriodDays: days,
  }),
  users: z.array(
    z.object({
      userName: z.string().check(z.minLength(1)),
      actions: z.array(action),
      failure: z.optional(z.string()),
    }),
  ),
  held: z.optional(z.array(z.object({ userName: z.string().check(z.minLength(1)), until: isoDate }))),
  notes: z.optional(z.array(z.string())),
  failures: z.array(z.string()),
  keyRows: z.optional(z.array(keyRow)),
});

