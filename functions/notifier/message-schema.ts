import { z } from 'zod';
import { ACCOUNT_ID } from '../core/config/values';
import type { NotificationMessage } from '../core/messages/notification';
import { NotificationMessageError } from './errors';
import { EMAIL_ADDRESS, zodField } from './zod-field';

/**
 * Runtime check of the NotificationMessage contract (functions/core/messages).
 * Not strict on unknown keys: the rotation function may add fields before
 * the notifier learns to show them, and an old notifier must keep working.
 */
const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), { error: 'must be an ISO 8601 date' });
const days = z.number().int().min(0);

const lastUse = z.object({ at: isoDate, service: z.string().optional(), region: z.string().optional() });

const action = z.object({
  type: z.enum(['WARN', 'ROTATE', 'DEACTIVATE', 'DELETE', 'POSTPONE', 'REACTIVATE']),
  keyId: z.string().min(1),
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
  announces: z.enum(['ROTATE', 'DEACTIVATE', 'DELETE']).optional(),
  outcome: z.enum(['DONE', 'PLANNED', 'FAILED', 'ROLLED_BACK']),
  inUse: z.boolean().optional(),
  lastUse: lastUse.optional(),
  deadline: isoDate.optional(),
  holdUntil: isoDate.optional(),
  smtpRegions: z.array(z.string()).optional(),
  secretName: z.string().optional(),
  newKeyId: z.string().optional(),
  error: z.string().optional(),
});

const schema = z.object({
  version: z.literal(1, { error: 'must be 1 (a message from a newer rotation function?)' }),
  recipient: z.object({
    email: z.string().regex(EMAIL_ADDRESS, { error: 'must be an email address' }),
    role: z.enum(['ACCOUNT', 'OWNER', 'ADMIN']),
  }),
  accountId: z.string().regex(ACCOUNT_ID, { error: 'must be a 12-digit account id' }),
  accountName: z.string().optional(),
  dryRun: z.boolean(),
  auditReason: z.enum(['DRY_RUN_FLAG', 'REQUESTED', 'OUTSIDE_ENFORCED_SCOPE', 'SCOPE_UNRESOLVED']).optional(),
  generatedAt: isoDate,
  // Becomes part of an S3 key: no slashes, nothing that could walk out of Runs/.
  runId: z
    .string()
    .regex(/^[\w.:-]{1,128}$/, { error: 'must be 1-128 letters, digits, . : _ or -' })
    .optional(),
  expectedAccounts: z.number().int().min(1).optional(),
  settings: z.object({
    rotationPeriodDays: days,
    inactiveBufferDays: days,
    recoveryGracePeriodDays: days,
  }),
  users: z.array(
    z.object({
      userName: z.string().min(1),
      actions: z.array(action),
      failure: z.string().optional(),
    }),
  ),
  held: z.array(z.object({ userName: z.string().min(1), until: isoDate })).optional(),
  notes: z.array(z.string()).optional(),
  failures: z.array(z.string()),
});

export function parseNotificationMessage(input: unknown): NotificationMessage {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const { field, message } = zodField(parsed.error.issues[0]);
    throw new NotificationMessageError(field, message);
  }
  // ADMIN with runId but no expectedAccounts cannot join a digest; the notifier then mails it at once.
  const message: NotificationMessage = parsed.data;
  return message;
}
