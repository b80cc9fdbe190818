import type { KeyRow } from '../compliance/row';
import type { ActionReason, ActionType, Severity } from '../lifecycle/types';

/**
 * What the rotation function puts on the notification queue: one message per
 * recipient. It carries what happened and what will happen; never a secret.
 * Key ids are not secret (they appear in CloudTrail) and owners need them to
 * know which key to replace.
 */
export type RecipientRole = 'ACCOUNT' | 'OWNER' | 'ADMIN';

export type ActionOutcome = 'DONE' | 'PLANNED' | 'FAILED' | 'ROLLED_BACK';

/** The engine's actions, and the operator's Reactivate, which is not the engine's. */
export type ReportedActionType = ActionType | 'REACTIVATE';
export type ReportedReason =
  | ActionReason
  | 'REACTIVATION_REQUESTED'
  /** Only in messages queued by a rotation function from before WarningDays, which warned before rotations. */
  | 'ROTATION_UPCOMING';

/** Why a run changed nothing. */
export type AuditReason =
  /** DryRunFlag is True for the whole deployment. */
  | 'DRY_RUN_FLAG'
  /** The request asked for audit mode (console `dryrun`, or the inventory's). */
  | 'REQUESTED'
  /** The account is not in EnforcedScope (staged rollout). */
  | 'OUTSIDE_ENFORCED_SCOPE'
  /** EnforcedScope names OUs and the request did not come through the inventory, which resolves them. */
  | 'SCOPE_UNRESOLVED';

export interface ReportedLastUse {
  /** ISO 8601. */
  readonly at: string;
  readonly service?: string;
  readonly region?: string;
}

export interface ReportedAction {
  readonly type: ReportedActionType;
  readonly keyId: string;
  readonly reason: ReportedReason;
  readonly severity: Severity;
  /** ISO 8601. For WARN, when the announced action will happen; for POSTPONE, when the deactivation was due. */
  readonly dueAt: string;
  readonly announces?: Exclude<ActionType, 'WARN' | 'POSTPONE'>;
  /** For WARN: the WarningDays milestone it stands for; the notifier sends each milestone of a key once per recipient. */
  readonly milestone?: number;
  /** PLANNED in dry run, and for WARN. */
  readonly outcome: ActionOutcome;
  /** For an action that stops or will stop a key: whether it is in use (used within InUseWindow days). */
  readonly inUse?: boolean;
  /** For the same actions: where and when the key was last used. */
  readonly lastUse?: ReportedLastUse;
  /** For POSTPONE: ISO 8601, the date the key is deactivated at the latest. */
  readonly deadline?: string;
  /** For REACTIVATE: ISO 8601, until when the user is on hold (IAMKeyRotationHold). */
  readonly holdUntil?: string;
  /** For ROTATE of an SES SMTP user: the regions whose SMTP passwords the secret now holds (SmtpPasswords). */
  readonly smtpRegions?: readonly string[];
  /** For ROTATE: where the new key was stored (name only). */
  readonly secretName?: string;
  /**
   * For ROTATE: the secret's ARN, which names its region and account. A reader
   * in another account (central mode) must use it as the secret id.
   */
  readonly secretArn?: string;
  /** For ROTATE: the new key's id. */
  readonly newKeyId?: string;
  readonly error?: string;
}

export interface ReportedUser {
  readonly userName: string;
  readonly actions: readonly ReportedAction[];
  /** Set when the user failed as a whole (e.g. rollback after a failed secret write). */
  readonly failure?: string;
}

export interface HeldUserReport {
  readonly userName: string;
  /** ISO 8601: nothing is done to the user's keys until then. */
  readonly until: string;
}

export interface NotificationMessage {
  readonly version: 1;
  readonly recipient: { readonly email: string; readonly role: RecipientRole };
  readonly accountId: string;
  readonly accountName?: string;
  readonly dryRun: boolean;
  /** Set when dryRun is: why nothing was changed. */
  readonly auditReason?: AuditReason;
  /** ISO 8601, the rotation run's `now`. */
  readonly generatedAt: string;
  readonly runId?: string;
  readonly expectedAccounts?: number;
  readonly settings: {
    readonly rotationPeriodDays: number;
    readonly inactiveBufferDays: number;
    readonly recoveryGracePeriodDays: number;
  };
  readonly users: readonly ReportedUser[];
  /** Users on hold (IAMKeyRotationHold), for the admin. */
  readonly held?: readonly HeldUserReport[];
  /** Things to know that are not failures: ignored tag values, forced users that do not exist. */
  readonly notes?: readonly string[];
  /** Failures not tied to one user (e.g. the account could not be reached). */
  readonly failures: readonly string[];
  /**
   * ADMIN report of a scheduled run only: a row for every key of the account,
   * idle users included, as the run found them (the digest's compliance view
   * and the auditors' reports/<date>/keys.csv). It is written to
   * Runs/<runId>/<accountId>.json, never queued.
   */
  readonly keyRows?: readonly KeyRow[];
}
