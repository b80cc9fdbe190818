/**
 * The CloudWatch metrics the functions write (embedded metric format) and the
 * dashboard in the main template reads: one list, so that a renamed metric
 * cannot leave a dashboard widget showing nothing.
 */

/** Powertools' switch: `true` writes no metrics (the demo and the bench, which print their own report). */
export const METRICS_DISABLED = 'POWERTOOLS_METRICS_DISABLED';

/** The one namespace of every metric of this tool. */
export const METRICS_NAMESPACE = 'IAMKeyRotation';

/**
 * Dimensions. Powertools adds `service` (POWERTOOLS_SERVICE_NAME, set by the
 * template) to every metric; `Mode` separates what enforce mode did from
 * what audit mode would have done. No dimension carries an account id, a
 * user name or any other text a user controls: cardinality stays at most 2
 * per metric, and per-account numbers live in the key report (S3).
 */
export const METRIC_DIMENSIONS = { service: 'service', mode: 'Mode', targetKind: 'TargetKind' } as const;
export const MODES = ['enforce', 'audit'] as const;
export type Mode = (typeof MODES)[number];

/** Counted per account run, by `Mode` (in audit mode: what enforce mode would have done). */
export const ACTION_METRICS = {
  rotated: 'KeysRotated',
  deactivated: 'KeysDeactivated',
  deleted: 'KeysDeleted',
  postponed: 'KeysPostponed',
  reactivated: 'KeysReactivated',
  /** Actions on keys that failed or were rolled back. */
  failed: 'KeyActionsFailed',
  /** Users the run could not finish (their keys unreadable, a failed action, an unsaved record). */
  usersFailed: 'UsersFailed',
  /** Reminders the run planned (WarningDays); the notifier sends each milestone once: see RemindersSent. */
  remindersDue: 'RemindersDue',
} as const;

/**
 * Where the keys stand at a scheduled run (one point per account and run, no
 * `Mode`): summed over a day, the Organization's count.
 */
export const STANDING_METRICS = {
  compliant: 'KeysCompliant',
  rotationDue: 'KeysRotationDue',
  inGrace: 'KeysInGrace',
  overdue: 'KeysOverdue',
  exempt: 'KeysExempt',
  held: 'KeysHeld',
  /** Old keys replaced by a fresh one and still active: the deactivation comes after InactiveBuffer. */
  replaced: 'KeysAwaitingDeactivation',
} as const;

/** Delivery targets (issue 21), by the closed dimension TargetKind. */
export const TARGET_KINDS = ['github', 'gitlab', 'ssm'] as const;
export type TargetKindDimension = (typeof TARGET_KINDS)[number];

/** Deliveries of new keys per account run, one line per target kind (enforce mode only: audit mode delivers nothing). */
export const DELIVERY_METRICS = {
  succeeded: 'DeliveriesSucceeded',
  failed: 'DeliveriesFailed',
} as const;

/** Counted per invocation of the rotation function. */
export const RUN_METRICS = {
  /** Account runs that failed as a whole (role not assumable, users not listable, result not stored or queued) or messages that did not parse: SQS retries them. */
  accountsFailed: 'AccountRunsFailed',
} as const;

/** Counted per invocation of the notifier. */
export const MAIL_METRICS = {
  /** Emails that went out (owner, account, admin, digest). */
  sent: 'MailsSent',
  /** Messages not mailed: rejected for good, or returned to the queue for a retry. */
  failed: 'MailsFailed',
  /** Reminders in the mails that went out (each milestone of a key once per recipient). */
  remindersSent: 'RemindersSent',
  digestsSent: 'DigestsSent',
} as const;

/** Counted per inventory run. */
export const INVENTORY_METRICS = {
  accountsQueued: 'AccountsQueued',
} as const;

type Values<T> = T[keyof T];
export type MetricName =
  | Values<typeof ACTION_METRICS>
  | Values<typeof STANDING_METRICS>
  | Values<typeof RUN_METRICS>
  | Values<typeof DELIVERY_METRICS>
  | Values<typeof MAIL_METRICS>
  | Values<typeof INVENTORY_METRICS>;

/**
 * How many metrics the functions publish, each a billed custom metric: the
 * action counts once per Mode, every other metric once (its `service` is the
 * one function that writes it).
 */
export const PUBLISHED_METRIC_COUNT =
  Object.keys(ACTION_METRICS).length * MODES.length +
  Object.keys(STANDING_METRICS).length +
  Object.keys(RUN_METRICS).length +
  Object.keys(DELIVERY_METRICS).length * TARGET_KINDS.length +
  Object.keys(MAIL_METRICS).length +
  Object.keys(INVENTORY_METRICS).length;
