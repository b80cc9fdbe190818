import type { AccessKeyState, ActionReason, ActionType, PlannedAction, Severity } from './types';

/** Builders that keep each action's shape in one place; every dueAt is a fresh Date. */

export function act(type: Exclude<ActionType, 'WARN'>, key: AccessKeyState, reason: ActionReason, dueAt: number, severity: Severity = 'INFO'): PlannedAction {
  return { type, keyId: key.id, reason, dueAt: new Date(dueAt), severity };
}

export function warn(announces: Exclude<ActionType, 'WARN'>, key: AccessKeyState, reason: ActionReason, dueAt: number): PlannedAction {
  return { type: 'WARN', keyId: key.id, reason, dueAt: new Date(dueAt), announces, severity: 'INFO' };
}
