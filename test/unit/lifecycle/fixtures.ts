import { DAY_MS, DEFAULT_LIFECYCLE_SETTINGS, planUser } from '../../../functions/core/lifecycle';
import type { AccessKeyState, KeyStatus, LifecycleSettings, PlannedAction, UserPlan, UserTags } from '../../../functions/core/lifecycle';

/** Day 0 of every scenario: midnight UTC, so "day n" is an exact lifecycle boundary. */
export const DAY0 = Date.UTC(2025, 0, 1);

export function day(n: number, plusMs = 0): Date {
  return new Date(DAY0 + n * DAY_MS + plusMs);
}

export function key(id: string, status: KeyStatus, createdDay: number, lastUsedDay?: number): AccessKeyState {
  return { id, status, createdAt: day(createdDay), lastUsedAt: lastUsedDay === undefined ? undefined : day(lastUsedDay) };
}

/** Settings with defaults for whatever a test does not care about. */
export function settingsWith(overrides: Partial<LifecycleSettings> = {}): LifecycleSettings {
  return { ...DEFAULT_LIFECYCLE_SETTINGS, ...overrides };
}

export const POSTPONE = settingsWith({ inUseKeyAction: 'Postpone' });

export interface PlanOptions {
  readonly settings?: LifecycleSettings;
  readonly exempt?: boolean;
  readonly forceRotate?: boolean;
  readonly deactivateOld?: boolean;
  readonly tags?: UserTags;
}

export function plan(keys: readonly AccessKeyState[], now: Date, options: PlanOptions = {}): UserPlan {
  return planUser({
    userName: 'alice',
    keys,
    settings: options.settings ?? DEFAULT_LIFECYCLE_SETTINGS,
    exempt: options.exempt ?? false,
    forceRotate: options.forceRotate ?? false,
    ...(options.deactivateOld !== undefined ? { deactivateOld: options.deactivateOld } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
    now,
  });
}

/** A plan as one readable line per action, so a failing test shows the whole decision. */
export function summary(actions: readonly PlannedAction[]): string[] {
  return actions.map((action) => {
    const what = action.type === 'WARN' ? `WARN(${action.announces ?? '?'})@${action.milestone ?? '?'}` : action.type;
    const deadline = action.deadline ? ` until ${dayOf(action.deadline)}` : '';
    return `${what} ${action.keyId} ${action.reason} ${action.severity} due ${dayOf(action.dueAt)}${deadline}`;
  });
}

/** A date as "day n" relative to DAY0 (with the remainder in ms when it is not a whole day). */
export function dayOf(date: Date): string {
  const offset = date.getTime() - DAY0;
  const whole = Math.floor(offset / DAY_MS);
  const rest = offset - whole * DAY_MS;
  return rest === 0 ? String(whole) : `${whole}+${rest}ms`;
}
