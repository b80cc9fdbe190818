/**
 * The contract of the lifecycle engine: what it reads about one IAM user and
 * what it decides. Pure data, no AWS types, so the engine can be tested
 * exhaustively and the rotation function can map SDK shapes onto it.
 */

export type KeyStatus = 'Active' | 'Inactive';

export interface AccessKeyState {
  readonly id: string;
  readonly status: KeyStatus;
  readonly createdAt: Date;
  /** Undefined when IAM has no last-used date: the key has never been used. */
  readonly lastUsedAt?: Date | undefined;
  /**
   * When the key was deactivated, if known (IAM does not record it; the
   * rotation function may, and applyPlan does). The recovery grace period of an
   * inactive key never ends before this date + RecoveryGracePeriod, so a key
   * deactivated late (first deployment, an outage, an expired exemption) still
   * gets its full grace period. Undefined: not known, counted from the rotation.
   */
  readonly deactivatedAt?: Date | undefined;
}

/** Whole days; validated by `parseLifecycleSettings`. */
export interface LifecycleSettings {
  /** R: age at which the newest active key is replaced. */
  readonly rotationPeriodDays: number;
  /** B: days after the rotation at which the replaced key is deactivated. */
  readonly inactiveBufferDays: number;
  /** G: days after deactivation at which the replaced key is deleted. */
  readonly recoveryGracePeriodDays: number;
  /** W: how many days before an action its warning starts. 0 turns warnings off. */
  readonly warningLeadDays: number;
}

export interface PlanInput {
  readonly userName: string;
  /** At most two keys (the IAM limit), in any order. */
  readonly keys: readonly AccessKeyState[];
  readonly settings: LifecycleSettings;
  /** Exempt users are never touched: the plan is empty. */
  readonly exempt: boolean;
  /**
   * Rotate the newest active key now, whatever its age (console `ForceRotate`),
   * except a key created less than FORCED_ROTATION_MIN_AGE_DAYS ago: that is a
   * repeated request, and rotating again would churn keys (see plan.ts).
   */
  readonly forceRotate: boolean;
  readonly now: Date;
}

export type ActionType = 'WARN' | 'ROTATE' | 'DEACTIVATE' | 'DELETE';

/** Why an action is in the plan; one name per row of the lifecycle table (DESIGN.md section 4). */
export type ActionReason =
  | 'ROTATION_DUE'
  | 'FORCED_ROTATION'
  | 'DEACTIVATION_DUE'
  | 'DELETION_DUE'
  | 'NEVER_USED'
  | 'MAKE_ROOM_INACTIVE'
  | 'MAKE_ROOM_LEAST_RECENTLY_USED'
  | 'LONE_INACTIVE_EXPIRED'
  | 'ROTATION_UPCOMING'
  | 'DEACTIVATION_UPCOMING'
  | 'DELETION_UPCOMING';

export type Severity = 'INFO' | 'WARNING' | 'CRITICAL';

export interface PlannedAction {
  readonly type: ActionType;
  /** The key acted on; for ROTATE, the key being replaced. */
  readonly keyId: string;
  readonly reason: ActionReason;
  /** When the action is (or was) due; for WARN, when the announced action will happen. */
  readonly dueAt: Date;
  /** For WARN: which action is announced. */
  readonly announces?: Exclude<ActionType, 'WARN'>;
  readonly severity: Severity;
}

export interface UserPlan {
  readonly userName: string;
  /** In the order they must be applied (make room, rotate, then retire). */
  readonly actions: readonly PlannedAction[];
}
