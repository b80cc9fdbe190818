import { MAX_SETTING_DAYS } from '../lifecycle/settings';
import { applyPlan } from '../lifecycle/simulate';
import { DAY_MS } from '../lifecycle/time';
import type { AccessKeyState, LifecycleSettings, PlanInput, PlannedAction, Planner, UserPlan } from '../lifecycle/types';

/** What the engine will do next to one key, and when. */
export interface KeyOutlook {
  /** The key's actions at that run, in plan order; the first is the next action. A warning stands for the action it announces. */
  readonly actions: readonly PlannedAction[];
  /** The run that takes them (for a warning, the run that warns). */
  readonly at: Date;
  /** True: the run at `from` takes them. */
  readonly dueNow: boolean;
}

export interface OutlookInput {
  readonly userName: string;
  readonly keys: readonly AccessKeyState[];
  readonly settings: LifecycleSettings;
  /** The engine's plan at `from`, when the caller already has it (the rotation function's own plan). */
  readonly planned?: UserPlan | undefined;
  readonly from: Date;
  readonly plan: Planner;
}

// Beyond any date the settings can produce (each period is at most MAX_SETTING_DAYS); a key with nothing by then has nothing scheduled.
const HORIZON_DAYS = 4 * MAX_SETTING_DAYS;
// A user's keys go through at most rotate, deactivate, delete before each existing key has had its turn; this bounds a buggy engine.
const MAX_EVENTS = 8;
const NEW_KEY_ID = 'planned-new-key-';

/**
 * Asks the engine, never a copy of its rules, what happens next to each key,
 * as if the tool ran every day from `from` on and nobody else touched the
 * keys: the actions planned at `from`; else the action announced; else the
 * first later run that acts on the key, after the runs before it have done
 * what they plan (a key's rotation date can depend on an older key being
 * deleted first). Between two such runs nothing changes, and once an action
 * is due it stays due, so the next run that acts is found by bisection over
 * days instead of planning every day. Warnings are off for that search: they
 * are not actions on a key.
 */
export function keyOutlooks(input: OutlookInput): Map<string, KeyOutlook | undefined> {
  const outlooks = new Map<string, KeyOutlook | undefined>();
  const first = input.planned ?? input.plan(planInput(input, input.keys, input.from, input.settings));
  for (const key of input.keys) {
    const mine = first.actions.filter((action) => action.keyId === key.id);
    const due = mine.filter((action) => action.type !== 'WARN');
    const warning = mine.find((action) => action.type === 'WARN');
    if (due.length > 0) outlooks.set(key.id, { actions: due, at: input.from, dueNow: true });
    else if (warning) outlooks.set(key.id, { actions: [warning], at: input.from, dueNow: false });
  }

  const quiet = { ...input.settings, warningDays: [] };
  let state = applyPlan(input.keys, { ...first, actions: first.actions.filter((action) => action.type !== 'WARN') }, input.from, `${NEW_KEY_ID}0`);
  let at = input.from;
  for (let event = 1; event <= MAX_EVENTS && input.keys.some((key) => !outlooks.has(key.id) && state.some((s) => s.id === key.id)); event++) {
    const next = nextRun(input, state, at, quiet);
    if (next === undefined) break;
    for (const key of input.keys) {
      const actions = next.plan.actions.filter((action) => action.keyId === key.id);
      if (!outlooks.has(key.id) && actions.length > 0) outlooks.set(key.id, { actions, at: next.at, dueNow: false });
    }
    state = applyPlan(state, next.plan, next.at, `${NEW_KEY_ID}${event}`);
    at = next.at;
  }
  for (const key of input.keys) if (!outlooks.has(key.id)) outlooks.set(key.id, undefined);
  return outlooks;
}

/** The first run after `from` whose plan for these keys acts, by bisection (nothing at day 0, something from some day on). */
function nextRun(input: OutlookInput, keys: readonly AccessKeyState[], from: Date, settings: LifecycleSettings): { at: Date; plan: UserPlan } | undefined {
  const runAt = (day: number): Date => new Date(from.getTime() + day * DAY_MS);
  // A postponement changes nothing and is planned again every day while the key is in use: like a warning, it is not
  // what the search looks for (the deactivation that ends it is).
  const planOn = (day: number): UserPlan => {
    const plan = input.plan(planInput(input, keys, runAt(day), settings));
    return { ...plan, actions: plan.actions.filter((action) => action.type !== 'POSTPONE') };
  };
  if (planOn(HORIZON_DAYS).actions.length === 0) return undefined;
  let low = 0;
  let high = HORIZON_DAYS;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (planOn(middle).actions.length > 0) high = middle;
    else low = middle;
  }
  return { at: runAt(high), plan: planOn(high) };
}

function planInput(input: OutlookInput, keys: readonly AccessKeyState[], now: Date, settings: LifecycleSettings): PlanInput {
  return { userName: input.userName, keys, settings, exempt: false, forceRotate: false, now };
}
