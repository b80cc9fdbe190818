import type { ActionReason, LifecycleSettings, PlannedAction } from '../lifecycle/types';
import { isoDay } from './dates';
import { usedWhere } from '../text/used-where';

export interface ReasonContext {
  readonly settings: LifecycleSettings;
  /** Whole days old at the plan's date. */
  readonly ageDays: number;
  readonly dueNow: boolean;
  /** The run that takes the action (for a warning, the run that warns). */
  readonly at?: Date;
}

/**
 * One sentence per row of the lifecycle table (the engine's reasons), in the
 * words of the parameters a reader can look up. Exhaustive over ActionReason:
 * a reason the engine adds does not compile until it has its sentence here.
 */
const SENTENCES: Readonly<Record<ActionReason, (action: PlannedAction, context: ReasonContext) => string>> = {
  ROTATION_DUE: (action, context) => rotation(action, context),
  FORCED_ROTATION: () => 'rotation forced by an operator (ForceRotate)',
  DEACTIVATION_DUE: (action, context) => deactivation(action, context),
  DEACTIVATION_UPCOMING: (action, context) => deactivation(action, context),
  DELETION_DUE: (action, context) => deletion(action, context),
  DELETION_UPCOMING: (action, context) => deletion(action, context),
  NEVER_USED: ({ dueAt }, { settings }) => `never used, so deactivated as soon as it is replaced (${isoDay(dueAt)}) and deleted RecoveryGracePeriod (${settings.recoveryGracePeriodDays} days) later`,
  MAKE_ROOM_INACTIVE: () => 'inactive, deleted before its grace period ends to make room for the new key (IAM allows two)',
  MAKE_ROOM_LEAST_RECENTLY_USED: () =>
    'two active keys and a rotation due: the less recently used one is deactivated, and deleted at the next run a day later when the other is rotated (IAM allows two)',
  KEY_IN_USE: (action) => `still in use${lastUse(action)}: deactivation postponed (InUseKeyAction Postpone), at the latest ${action.deadline ? isoDay(action.deadline) : 'at B + P'}`,
  POSTPONEMENT_ENDED: (action, { settings }) =>
    action.pendingDeliveries && action.pendingDeliveries.length > 0
      ? `${pendingText(action)} still lacked the new key at the end of MaxPostponeDays (${settings.maxPostponeDays} days): deactivated anyway`
      : `still in use${lastUse(action)} at the end of MaxPostponeDays (${settings.maxPostponeDays} days): deactivated anyway`,
  DELIVERY_PENDING: (action) => `kept active: ${pendingText(action)} lacks the new key; at the latest ${action.deadline ? isoDay(action.deadline) : 'at B + P'}`,
  SWITCHED: () => 'every delivery target has the new key and it is in use, while this one is not: deactivated early (DeactivateWhenSwitched)',
  DEACTIVATE_OLD_REQUESTED: () => 'replaced by a forced rotation with DeactivateOld: deactivated once the new key is stored',
  LONE_INACTIVE_EXPIRED: (action, { settings, dueNow }) =>
    `inactive and not replaced; InactiveBuffer + RecoveryGracePeriod (${settings.inactiveBufferDays + settings.recoveryGracePeriodDays} days) ${dueNow ? 'ended' : 'ends'} ${isoDay(action.dueAt)}`,
};

/** "GitHub acme/app (HTTP 503) and SSM /x (AccessDeniedException)". */
function pendingText(action: PlannedAction): string {
  const items = (action.pendingDeliveries ?? []).map((item) => `${item.target} (${item.failure})`);
  return items.length <= 1 ? (items[0] ?? 'a delivery target') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

function lastUse(action: PlannedAction): string {
  const use = action.lastUse;
  if (!use) return '';
  return ` (last used ${isoDay(use.at)}${usedWhere(use)})`;
}

function rotation(action: PlannedAction, { settings, ageDays, dueNow, at }: ReasonContext): string {
  // Due already, even when a later run takes it (it waits a day for a make-room deletion).
  return dueNow || (at !== undefined && isoDay(action.dueAt) < isoDay(at))
    ? `${ageDays} days old, RotationPeriod is ${settings.rotationPeriodDays}: rotation due since ${isoDay(action.dueAt)}`
    : `reaches RotationPeriod (${settings.rotationPeriodDays} days) on ${isoDay(action.dueAt)}`;
}

function deactivation(action: PlannedAction, { settings, dueNow }: ReasonContext): string {
  return `replaced; InactiveBuffer (${settings.inactiveBufferDays} days after the rotation) ${dueNow ? 'ended' : 'ends'} ${isoDay(action.dueAt)}`;
}

function deletion(action: PlannedAction, { settings, dueNow }: ReasonContext): string {
  return `inactive; RecoveryGracePeriod (${settings.recoveryGracePeriodDays} days) ${dueNow ? 'ended' : 'ends'} ${isoDay(action.dueAt)}`;
}

/** The sentence for a key's actions: the first explains the next action, later ones follow ("then ..."). */
export function reasonFor(actions: readonly PlannedAction[], context: ReasonContext): string {
  const [first, ...rest] = actions;
  if (first === undefined) return 'nothing scheduled';
  const lead = first.severity === 'CRITICAL' ? 'CRITICAL: ' : first.severity === 'WARNING' ? 'WARNING: ' : '';
  const then = rest.map((action) => `; then ${action.type === 'WARN' ? 'warned' : action.type}: ${SENTENCES[action.reason](action, context)}`);
  return `${lead}${SENTENCES[first.reason](first, context)}${then.join('')}`;
}
