import { applyPlan, DAY_MS, planUser } from '../../../functions/core/lifecycle';
import type { AccessKeyState, LifecycleSettings, PlannedAction } from '../../../functions/core/lifecycle';
import { DAY0, day, dayOf } from './fixtures';

/**
 * How the application holding a user's key behaves (the timeline of
 * docs/design.md#4-key-lifecycle, for each): it uses its key an hour after each daily run, and
 *  - `switches` picks up a new key later on the day it appears;
 *  - `stays` keeps its key until that key stops working;
 *  - `switches-when-postponed` stays, but moves on once the owner is told the key's deactivation is postponed;
 *  - `never-uses` never uses any key.
 */
export type AppBehaviour = 'switches' | 'stays' | 'switches-when-postponed' | 'never-uses';
export const APP_BEHAVIOURS: readonly AppBehaviour[] = ['switches', 'stays', 'switches-when-postponed', 'never-uses'];

const USE_OFFSET_MS = 3_600_000;

export interface DailyRun {
  /** What each day's run decided, as compact lines ("ROTATE K0 due 90 INFO"), sorted. */
  readonly log: Map<number, string[]>;
  readonly keys: AccessKeyState[];
}

/** One line per action without the reason: type (a reminder with its milestone), key, due day (and deadline), severity. */
export function compact(action: PlannedAction): string {
  const what = action.type === 'WARN' ? `WARN(${action.announces ?? '?'})@${action.milestone ?? '?'}` : action.type;
  return `${what} ${action.keyId} due ${dayOf(action.dueAt)}${action.deadline ? ` until ${dayOf(action.deadline)}` : ''} ${action.severity}`;
}

/**
 * Runs the engine once a day at midnight UTC from day 0 to `lastDay` for a
 * user whose single key K0 was created on day 0 (or the given keys from the given day), applying each plan before the
 * next day as the scheduled function would in enforce mode. New keys are named
 * after the day they were created on ("NEW-day90").
 */
export function runDaily(
  settings: LifecycleSettings,
  app: AppBehaviour,
  lastDay: number,
  start: { readonly keys?: readonly AccessKeyState[]; readonly firstDay?: number } = {},
): DailyRun {
  const log = new Map<number, string[]>();
  let keys: AccessKeyState[] = [...(start.keys ?? [{ id: 'K0', status: 'Active', createdAt: day(0) }])];
  // The application holds the newest active key it was given.
  let held: string | undefined = [...keys].filter((k) => k.status === 'Active').sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).at(-1)?.id;
  for (let d = start.firstDay ?? 0; d <= lastDay; d++) {
    const now = day(d);
    const result = planUser({ userName: 'alice', keys, settings, exempt: false, forceRotate: false, now });
    const lines = result.actions.map(compact).sort();
    if (lines.length > 0) log.set(d, lines);
    keys = applyPlan(keys, result, now, `NEW-day${d}`);
    if (app === 'never-uses') continue;
    const newestActive = [...keys].filter((k) => k.status === 'Active').sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).at(-1);
    // A key that stopped working breaks the application, and its owner fixes it with the newest key.
    if (!keys.some((k) => k.id === held && k.status === 'Active')) held = newestActive?.id;
    const usedAt = new Date(now.getTime() + USE_OFFSET_MS);
    keys = keys.map((k) => (k.id === held ? { ...k, lastUsedAt: usedAt, lastUsedService: 's3', lastUsedRegion: 'eu-west-1' } : k));
    const postponed = result.actions.some((a) => a.type === 'POSTPONE' && a.keyId === held);
    if (app === 'switches' || (app === 'switches-when-postponed' && postponed)) held = newestActive?.id;
  }
  return { log, keys };
}

/** A day as a number relative to DAY0 (for keys' creation days). */
export function dayNumber(date: Date): number {
  return Math.round((date.getTime() - DAY0) / DAY_MS);
}
