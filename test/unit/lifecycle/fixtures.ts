import { DAY_MS, DEFAULT_LIFECYCLE_SETTINGS, planUser } from '../../../functions/core/lifecycle';
import type { AccessKeyState, KeyStatus, LifecycleSettings, PlannedAction, UserPlan } from '../../../functions/core/lifecycle';

/** Day 0 of every scenario: midnight UTC, so "day n" is an exact lifecycle boundary. */
export const DAY0 = Date.UTC(2025, 0, 1);

export function day(n: number, plusMs = 0): Date {
  return new Date(DAY0 + n * DAY_MS + plusMs);
}

export function key(id: string, status: KeyStatus, createdDay: number, lastUsedDay?: number): AccessKeyState {
  return { id, status, createdAt: day(createdDay), lastUsedAt: lastUsedDay === undefined ? undefined : day(lastUsedDay) };
}

export interface PlanOptions {
  readonly settings?: LifecycleSettings;
  readonly exempt?: boolean;
  readonly forceRotate?: boolean;
}

export function plan(keys: readonly AccessKeyState[], now: Date, options: PlanOptions = {}): UserPlan {
  return planUser({
    userName: 'alice',
    keys,
    settings: options.settings ?? DEFAULT_LIFECYCLE_SETTINGS,
    exempt: options.exempt ?? false,
    forceRotate: options.forceRotate ?? false,
    now,
  });
}

/** A plan as one readable line per action, so a failing test shows the whole decision. */
export function summary(actions: readonly PlannedAction[]): string[] {
  return actions.map((action) => {
    const what = action.type === 'WARN' ? `WARN(${action.announces ?? '?'})` : action.type;
    return `${what} ${action.keyId} ${action.reason} ${action.severity} due ${dayOf(action.dueAt)}`;
  });
}

/** A date as "day n" relative to DAY0 (with the remainder in ms when it is not a whole day). */
export function dayOf(date: Date): string {
  const offset = date.getTime() - DAY0;
  const whole = Math.floor(offset / DAY_MS);
  const rest = offset - whole * DAY_MS;
  return rest === 0 ? String(whole) : `${whole}+${rest}ms`;
}
