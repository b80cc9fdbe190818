import type { ActionReason, ActionType, Severity } from '../lifecycle/types';

/**
 * What the rotation function puts on the notification queue: one message per
 * recipient. It carries what happened and what will happen; never a secret.
 * Key ids are not secret (they appear in CloudTrail) and owners need them to
 * know which key to replace.
 */
export type RecipientRole = 'ACCOUNT' | 'OWNER' | 'ADMIN';

export type ActionOutcome = 'DONE' | 'PLANNED' | 'FAILED' | 'ROLLED_BACK';

export interface ReportedAction {
  readonly type: ActionType;
  readonly keyId: string;
  readonly reason: ActionReason;
  readonly severity: Severity;
  /** ISO 8601. For WARN, when the announced action will happen. */
  readonly dueAt: string;
  readonly announces?: Exclude<ActionType, 'WARN'>;
  /** PLANNED in dry run, and for WARN. */
  readonly outcome: ActionOutcome;
  /** For ROTATE: where the new key was stored (name only). */
  readonly secretName?: string;
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

export interface NotificationMessage {
  readonly version: 1;
  readonly recipient: { readonly email: string; readonly role: RecipientRole };
  readonly accountId: string;
  readonly accountName?: string;
  readonly dryRun: boolean;
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
  /** Failures not tied to one user (e.g. the account could not be reached). */
  readonly failures: readonly string[];
}
