import { ACCOUNT_ID, EMAIL_ADDRESS } from '../config/values';
import { ACTION_REASONS, ACTION_TYPES, SEVERITIES } from '../lifecycle/types';
import * as z from '../schema/zod';
import { runIdSchema } from './run-id';

/**
 * The NotificationMessage contract, written once: the rotation function's
 * messages are typed from this schema (core/messages/notification.ts,
 * z.output), and the notifier checks each message against it. So a field or
 * a reason cannot be added on one side only. Not strict on unknown keys: the
 * rotation function may add fields before the notifier learns to show them,
 * and an old notifier must keep working.
 */

/** A run id becomes part of S3 keys (Runs/<runId>/, Digests/<runId>.json): the one schema of every end (run-id.ts). */
export const runId = runIdSchema;

/**
 * The engine's actions, the operator's Reactivate, which is not the engine's, and Deliver: a key that failed to reach a
 * delivery target at an earlier run reached it at this one (issue 21), which no plan decides.
 */
export const RESULT_ACTION_TYPES = [...ACTION_TYPES, 'REACTIVATE', 'DELIVER'] as const;
/**
 * The engine's reasons, the operator's, a later run's delivery (DELIVERY_RETRIED), and one only older rotation functions
 * sent (they warned before rotations, before WarningDays).
 */
export const RESULT_REASONS = [...ACTION_REASONS, 'REACTIVATION_REQUESTED', 'DELIVERY_RETRIED', 'ROTATION_UPCOMING'] as const;
export const ACTION_OUTCOMES = ['DONE', 'PLANNED', 'FAILED', 'ROLLED_BACK'] as const;
export const RECIPIENT_ROLES = ['ACCOUNT', 'OWNER', 'ADMIN'] as const;
/**
 * Why a run changed nothing: DryRunFlag is True for the deployment; the
 * request asked for audit mode (console `dryrun`, or the inventory's); the
 * account is not in EnforcedScope (staged rollout); EnforcedScope names OUs
 * and the request did not come through the inventory, which resolves them.
 */
export const AUDIT_REASONS = ['DRY_RUN_FLAG', 'REQUESTED', 'OUTSIDE_ENFORCED_SCOPE', 'SCOPE_UNRESOLVED'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const isoDate = z.string().check(z.refine((value) => !Number.isNaN(Date.parse(value)), { error: 'must be an ISO 8601 date' }));
const days = z.int().check(z.minimum(0));
const day = z.string().check(z.regex(DAY, { error: 'must be a date YYYY-MM-DD' }));

const lastUse = z.object({ at: isoDate, service: z.optional(z.string()), region: z.optional(z.string()) });

/**
 * Where a new key went (issue 21): the target in an owner's words ("GitHub
 * acme/app (environment production)"), when, and on failure the status or
 * error code ("HTTP 503") and plain words, never a token or a value.
 */
const delivery = z.object({
  target: z.string(),
  kind: z.enum(['github', 'gitlab', 'ssm']),
  delivered: z.boolean(),
  at: isoDate,
  failure: z.optional(z.string()),
  error: z.optional(z.string()),
});

/**
 * Key ids are not secret (they appear in CloudTrail) and owners need them to
 * know which key to replace; a secret never travels in a message.
 */
const action = z.object({
  type: z.enum(RESULT_ACTION_TYPES),
  keyId: z.string().check(z.minLength(1)),
  reason: z.enum(RESULT_REASONS),
  severity: z.enum(SEVERITIES),
  // For WARN, when the announced action will happen; for POSTPONE, when the deactivation was due.
  dueAt: isoDate,
  announces: z.optional(z.enum(['ROTATE', 'DEACTIVATE', 'DELETE'])),
  // For WARN: the WarningDays milestone it stands for; the notifier sends each milestone of a key once per recipient.
  milestone: z.optional(z.int().check(z.minimum(1))),
  // PLANNED in dry run, and for WARN.
  outcome: z.enum(ACTION_OUTCOMES),
  // For an action that stops or will stop a key: whether it is in use (used within InUseWindow days), and where and when last.
  inUse: z.optional(z.boolean()),
  lastUse: z.optional(lastUse),
  // Where the key is still used, from CloudTrail (docs/ledger.md): one or two plain lines and at most one line of
  // advice, for a key about to be or just switched off, or postponed. Absent when it was not looked up.
  evidence: z.optional(z.array(z.string())),
  // For POSTPONE: the date the key is deactivated at the latest.
  deadline: z.optional(isoDate),
  // For REACTIVATE: until when the user is on hold (IAMKeyRotationHold).
  holdUntil: z.optional(isoDate),
  // For ROTATE of an SES SMTP user: the regions whose SMTP passwords the secret now holds.
  smtpRegions: z.optional(z.array(z.string())),
  // For ROTATE: where the new key was stored (name; the ARN names its region and account, which a reader in another
  // account must use as the secret id), and the new key's id.
  secretName: z.optional(z.string()),
  secretArn: z.optional(z.string().check(z.regex(/^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/, { error: 'must be a Secrets Manager secret ARN' }))),
  newKeyId: z.optional(z.string()),
  // For ROTATE: where the new key was delivered, or failed to be (delivery.yaml; docs/delivery.md). For DELIVER: the
  // targets the key (keyId) reached at this run after failing at an earlier one.
  deliveries: z.optional(z.array(delivery)),
  // For a POSTPONE (DELIVERY_PENDING), or a DEACTIVATE at its end: the targets still lacking the new key.
  pendingDeliveries: z.optional(z.array(z.object({ target: z.string(), failure: z.string() }))),
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
  exemptUntil: z.nullable(day),
  nextAction: z.nullable(z.enum(['ROTATE', 'DEACTIVATE', 'DELETE', 'POSTPONE'])),
  nextActionDate: z.nullable(day),
  reason: z.string(),
});

/** What the rotation function puts on the notification queue: one message per recipient, what happened and what will happen. */
export const notificationMessage = z.object({
  version: z.literal(1, { error: 'must be 1 (a message from a newer rotation function?)' }),
  recipient: z.object({
    email: z.string().check(z.regex(EMAIL_ADDRESS, { error: 'must be an email address' })),
    role: z.enum(RECIPIENT_ROLES),
  }),
  accountId: z.string().check(z.regex(ACCOUNT_ID, { error: 'must be a 12-digit account id' })),
  accountName: z.optional(z.string()),
  dryRun: z.boolean(),
  // Set when dryRun is: why nothing was changed.
  auditReason: z.optional(z.enum(AUDIT_REASONS)),
  // The rotation run's `now`.
  generatedAt: isoDate,
  // A scheduled run's (the inventory's): which run, and how many accounts it enqueued.
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
      // Set when the user failed as a whole (e.g. rollback after a failed secret write).
      failure: z.optional(z.string()),
    }),
  ),
  // Users on hold (IAMKeyRotationHold), for the admin: nothing is done to their keys until `until`.
  held: z.optional(z.array(z.object({ userName: z.string().check(z.minLength(1)), until: isoDate }))),
  // Things to know that are not failures: ignored tag values, forced users that do not exist.
  notes: z.optional(z.array(z.string())),
  // Failures not tied to one user (e.g. the account could not be reached).
  failures: z.array(z.string()),
  // The account result of a scheduled run only (the admin's message): a row for every key of the account, idle users included, as the run found
  // them (the digest's compliance view, the auditors' keys.csv). Written to Runs/<runId>/<accountId>.json, never queued.
  keyRows: z.optional(z.array(keyRow)),
  // The account result of a scheduled run only: the distinct addresses the owner tag names in the account (users with
  // keys), whether mailed this run or not, so that npm run doctor can name the ones the SES sandbox would refuse.
  ownerAddresses: z.optional(z.array(z.string().check(z.regex(EMAIL_ADDRESS, { error: 'must be an email address' })))),
  // The account result of a scheduled run only: the account's contact (its Organizations email), mailed on days with news,
  // so that npm run doctor can check it against the SES sandbox too.
  contactAddress: z.optional(z.string().check(z.regex(EMAIL_ADDRESS, { error: 'must be an email address' }))),
});
