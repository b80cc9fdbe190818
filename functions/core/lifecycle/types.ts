import type { IN_USE_KEY_ACTIONS } from '../../../contract/names';

/**
 * The contract of the lifecycle engine: what it reads about one IAM user and
 * what it decides. Pure data, no AWS types, so the engine can be tested
 * exhaustively and the rotation function can map SDK shapes onto it.
 */

export type KeyStatus = 'Active' | 'Inactive';

/**
 * Why this tool deactivated a key that it will delete at the next run to make
 * room for a rotation of the user's other key (IAM allows two keys). A forced
 * rotation must survive the night between the two runs: the next run is a
 * scheduled one, and only this mark tells it that a forced rotation is pending.
 */
export type RoomFor = 'ROTATION' | 'FORCED_ROTATION' | 'FORCED_ROTATION_DEACTIVATE_OLD';

export interface AccessKeyState {
  readonly id: string;
  readonly status: KeyStatus;
  readonly createdAt: Date;
  /** Undefined when IAM has no last-used date: the key has never been used. */
  readonly lastUsedAt?: Date | undefined;
  /** The service and region of the last use (GetAccessKeyLastUsed), when IAM knows them. */
  readonly lastUsedService?: string | undefined;
  readonly lastUsedRegion?: string | undefined;
  /**
   * When this tool deactivated the key (its record on the user, tag
   * IAMKeyRotationDeactivated; IAM itself does not record it). Only read for an
   * inactive key. Undefined: not deactivated by this tool, or not known; the
   * grace period then counts from the rotation (docs/design.md#4-key-lifecycle).
   */
  readonly deactivatedAt?: Date | undefined;
  /** Set when this tool deactivated the key to make room for a rotation (see RoomFor). */
  readonly madeRoomFor?: RoomFor | undefined;
}

/** What happens to a replaced key that is still in use on its deactivation date. */
export type InUseKeyAction = (typeof IN_USE_KEY_ACTIONS)[number];

/** Whole days; validated by `parseLifecycleSettings`. */
export interface LifecycleSettings {
  /** R: age at which the newest active key is replaced. */
  readonly rotationPeriodDays: number;
  /** B: days after the rotation at which the replaced key is deactivated. */
  readonly inactiveBufferDays: number;
  /** G: days after deactivation at which the replaced key is deleted. */
  readonly recoveryGracePeriodDays: number;
  /**
   * WarningDays: the reminder milestones, in days before an action, largest
   * first, each at least 1. A deactivation gets a reminder at each, a deletion
   * at the largest only, a rotation none (the old key keeps working). Empty: no
   * reminders.
   */
  readonly warningDays: readonly number[];
  /** U: a key last used less than U days ago is in use. */
  readonly inUseWindowDays: number;
  /** Deactivate: the policy date holds (CRITICAL when in use). Postpone: wait while in use, at most P days. */
  readonly inUseKeyAction: InUseKeyAction;
  /** P: with Postpone, the longest a key in use is kept active past its deactivation date. */
  readonly maxPostponeDays: number;
  /**
   * DeactivateWhenSwitched (default false): a replaced key is deactivated before
   * its date once every delivery target has the new key, the new key has been
   * used and the old one has not been for U days.
   */
  readonly deactivateWhenSwitched?: boolean;
}

/** A delivery target that lacks the user's current key, and why (its last failure, e.g. "HTTP 503"). */
export interface PendingDelivery {
  /** The target in an owner's words ("GitHub acme/app (environment production)"). */
  readonly target: string;
  readonly failure: string;
}

/** Where the user's current key was to be delivered (issue 21), as the delivery records say. */
export interface DeliveryState {
  /** How many targets the configuration names for the user; 0: no delivery. */
  readonly targets: number;
  /** The targets that do not have the current key yet. */
  readonly pending: readonly PendingDelivery[];
}

/** The user's own lifecycle tags, raw as IAM returns them (the engine reads and judges them). */
export interface UserTags {
  /** IAMKeyRotationPeriod: whole days, shorter than RotationPeriod. */
  readonly period?: string | undefined;
  /** IAMKeyRotationHold: an ISO date until which nothing is done to the user's keys. */
  readonly hold?: string | undefined;
}

export interface PlanInput {
  readonly userName: string;
  /** At most two keys (the IAM limit), in any order. */
  readonly keys: readonly AccessKeyState[];
  readonly settings: LifecycleSettings;
  /** Exempt users are never touched: the plan is empty. */
  readonly exempt: boolean;
  readonly tags?: UserTags;
  /**
   * Rotate the newest active key now, whatever its age (operator event
   * `ForceRotate`), except a key created less than FORCED_ROTATION_MIN_AGE_DAYS
   * ago: that is a repeated request, and rotating again would churn keys.
   */
  readonly forceRotate: boolean;
  /** With forceRotate: deactivate the replaced key in the same run, once the new key is stored (`DeactivateOld`). */
  readonly deactivateOld?: boolean;
  /**
   * The deliveries of the current key. While a target lacks it, the replaced
   * key is kept active past its date as if in use (up to MaxPostponeDays),
   * whatever InUseKeyAction says: the workload there still runs on it.
   */
  readonly delivery?: DeliveryState;
  readonly now: Date;
}

/** The engine's actions; the notification contract's schema is built from this list (core/messages). */
export const ACTION_TYPES = ['WARN', 'ROTATE', 'DEACTIVATE', 'DELETE', 'POSTPONE'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/**
 * Why an action is in the plan; one name per row of the lifecycle table
 * (docs/design.md#4-key-lifecycle). Written once: the type, the queue
 * contract's schema and the texts (Record<ActionReason, …>) all come from
 * this list, so a reason added here is accepted by the notifier and does not
 * compile until it has its texts.
 */
export const ACTION_REASONS = [
  'ROTATION_DUE',
  'FORCED_ROTATION',
  'DEACTIVATION_DUE',
  'DELETION_DUE',
  'NEVER_USED',
  'MAKE_ROOM_INACTIVE',
  'MAKE_ROOM_LEAST_RECENTLY_USED',
  'LONE_INACTIVE_EXPIRED',
  'KEY_IN_USE',
  'DELIVERY_PENDING',
  'SWITCHED',
  'POSTPONEMENT_ENDED',
  'DEACTIVATE_OLD_REQUESTED',
  'DEACTIVATION_UPCOMING',
  'DELETION_UPCOMING',
] as const;
export type ActionReason = (typeof ACTION_REASONS)[number];

export const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A key's last use as IAM reports it (GetAccessKeyLastUsed). */
export interface KeyUse {
  readonly at: Date;
  readonly service?: string;
  readonly region?: string;
}

export interface PlannedAction {
  readonly type: ActionType;
  /** The key acted on; for ROTATE, the key being replaced. */
  readonly keyId: string;
  readonly reason: ActionReason;
  /**
   * When the action is (or was) due; for WARN, when the announced action will
   * happen; for POSTPONE, when the deactivation was due.
   */
  readonly dueAt: Date;
  /** For WARN: which action is announced. */
  readonly announces?: Exclude<ActionType, 'WARN' | 'POSTPONE' | 'ROTATE'>;
  /**
   * For WARN: the WarningDays value this reminder stands for. It is emitted at
   * every run while the days left until the action are at most this value and
   * more than the next smaller one, so a missed run does not lose it; whoever
   * sends it keeps a record so that it reaches each recipient once.
   */
  readonly milestone?: number;
  readonly severity: Severity;
  /** For an action that stops, or will stop, a key (DEACTIVATE, POSTPONE, WARN of a deactivation): whether it is in use now. */
  readonly inUse?: boolean;
  /** For the same actions: the key's last use, when it was ever used. */
  readonly lastUse?: KeyUse;
  /** For POSTPONE: the date the key is deactivated at the latest, in use or not. */
  readonly deadline?: Date;
  /** For a DEACTIVATE that makes room: the rotation the next run carries on with (recorded on the user). */
  readonly madeRoomFor?: RoomFor;
  /** For a POSTPONE (DELIVERY_PENDING) or a DEACTIVATE at its end: the targets that still lack the new key. */
  readonly pendingDeliveries?: readonly PendingDelivery[];
}

export interface UserPlan {
  readonly userName: string;
  /** In the order they must be applied (make room, rotate, then retire). */
  readonly actions: readonly PlannedAction[];
  /** Set when the user is on hold (tag IAMKeyRotationHold): nothing is done until then. */
  readonly heldUntil?: Date;
}

/** The engine's decision for one user (planUser); callers take it as a parameter so tests can plan otherwise. */
export type Planner = (input: PlanInput) => UserPlan;
