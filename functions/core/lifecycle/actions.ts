import { isInUse } from './schedule';
import type { AccessKeyState, ActionReason, ActionType, KeyUse, LifecycleSettings, PendingDelivery, PlannedAction, RoomFor, Severity } from './types';

/** Builders that keep each action's shape in one place; every Date is a fresh one. */

export function act(type: 'ROTATE' | 'DELETE', key: AccessKeyState, reason: ActionReason, dueAt: number, severity: Severity = 'INFO'): PlannedAction {
  return { type, keyId: key.id, reason, dueAt: new Date(dueAt), severity };
}

export function warn(
  announces: Exclude<ActionType, 'WARN' | 'POSTPONE' | 'ROTATE'>,
  key: AccessKeyState,
  reason: ActionReason,
  dueAt: number,
  milestone: number,
): PlannedAction {
  return { type: 'WARN', keyId: key.id, reason, dueAt: new Date(dueAt), announces, milestone, severity: 'INFO' };
}

/** What a person needs to know about a key that will stop, or stopped: is it in use, and where was it last used. */
export interface StopContext {
  readonly now: number;
  readonly settings: LifecycleSettings;
}

/** Stopping a key that is in use is CRITICAL: a workload is about to break, and the message says where it ran. */
export function deactivate(key: AccessKeyState, reason: ActionReason, dueAt: number, context: StopContext, madeRoomFor?: RoomFor): PlannedAction {
  const inUse = isInUse(key, context.now, context.settings);
  return {
    type: 'DEACTIVATE',
    keyId: key.id,
    reason,
    dueAt: new Date(dueAt),
    severity: inUse ? 'CRITICAL' : 'INFO',
    ...usage(key, inUse),
    ...(madeRoomFor ? { madeRoomFor } : {}),
  };
}

/** No change: the key is in use, so its deactivation waits until it is not, or until `deadline`. CRITICAL the day it starts. */
export function postpone(key: AccessKeyState, dueAt: number, deadline: number, startsToday: boolean): PlannedAction {
  return {
    type: 'POSTPONE',
    keyId: key.id,
    reason: 'KEY_IN_USE',
    dueAt: new Date(dueAt),
    severity: startsToday ? 'CRITICAL' : 'WARNING',
    ...usage(key, true),
    deadline: new Date(deadline),
  };
}

/**
 * No change: a delivery target lacks the new key, so the replaced key is
 * kept as if in use, whatever InUseKeyAction says. CRITICAL at every run:
 * someone must fix the target before `deadline`.
 */
export function holdForDelivery(key: AccessKeyState, dueAt: number, deadline: number, pending: readonly PendingDelivery[], context: StopContext): PlannedAction {
  return {
    type: 'POSTPONE',
    keyId: key.id,
    reason: 'DELIVERY_PENDING',
    dueAt: new Date(dueAt),
    severity: 'CRITICAL',
    ...usage(key, isInUse(key, context.now, context.settings)),
    deadline: new Date(deadline),
    pendingDeliveries: pending.map((item) => ({ ...item })),
  };
}

export function warnDeactivation(key: AccessKeyState, dueAt: number, milestone: number, context: StopContext): PlannedAction {
  return { ...warn('DEACTIVATE', key, 'DEACTIVATION_UPCOMING', dueAt, milestone), ...usage(key, isInUse(key, context.now, context.settings)) };
}

function usage(key: AccessKeyState, inUse: boolean): { inUse: boolean; lastUse?: KeyUse } {
  if (key.lastUsedAt === undefined) return { inUse };
  const lastUse: KeyUse = {
    at: new Date(key.lastUsedAt.getTime()),
    ...(key.lastUsedService ? { service: key.lastUsedService } : {}),
    ...(key.lastUsedRegion ? { region: key.lastUsedRegion } : {}),
  };
  return { inUse, lastUse };
}
