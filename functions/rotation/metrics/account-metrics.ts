import { ACTION_METRICS, DELIVERY_METRICS, STANDING_METRICS, TARGET_KINDS, type Mode, type TargetKindDimension } from '../../../contract/metrics';
import type { Standing } from '../../core/compliance';
import type { ActionOutcome, ResultActionType } from '../../core/messages/notification';
import type { MetricValues } from '../../core/metrics/metrics';
import type { RunSummary } from '../result/summary';

/** The lines one account run writes: what it did (by mode), and, for a run of the schedule, where the keys stand. */
export interface AccountMetrics {
  readonly mode: Mode;
  readonly actions: MetricValues;
  readonly standings?: MetricValues;
}

// In enforce mode an action is DONE; in audit mode the same action is PLANNED: either way it is what the mode stands for.
const TAKEN: readonly ActionOutcome[] = ['DONE', 'PLANNED'];
const FAILED: readonly ActionOutcome[] = ['FAILED', 'ROLLED_BACK'];

const ACTION_OF: Readonly<Partial<Record<ResultActionType, keyof typeof ACTION_METRICS>>> = {
  ROTATE: 'rotated',
  DEACTIVATE: 'deactivated',
  DELETE: 'deleted',
  POSTPONE: 'postponed',
  REACTIVATE: 'reactivated',
  WARN: 'remindersDue',
};

// Postponed keys are counted by KeysPostponed, the action the run took on each of them.
const STANDING_OF: Readonly<Record<Exclude<Standing, 'postponed'>, keyof typeof STANDING_METRICS>> = {
  compliant: 'compliant',
  rotationDue: 'rotationDue',
  inGrace: 'inGrace',
  overdue: 'overdue',
  exempt: 'exempt',
  held: 'held',
  replaced: 'replaced',
};

/**
 * Pure: the metrics of one account run, from its summary. Every metric is
 * written, zeros included, so that a quiet day is a zero on the dashboard
 * rather than a gap. Standings only for a run of the schedule (the
 * inventory's, with a run id): a console run of one account is not a census,
 * and counting it would inflate the day's sum.
 */
export function accountMetrics(summary: RunSummary, scheduled: boolean): AccountMetrics {
  const actions: Record<string, number> = Object.fromEntries(Object.values(ACTION_METRICS).map((name) => [name, 0]));
  for (const [type, byOutcome] of Object.entries(summary.actions) as [ResultActionType, Partial<Record<ActionOutcome, number>>][]) {
    for (const [outcome, count] of Object.entries(byOutcome) as [ActionOutcome, number][]) {
      const metric = ACTION_OF[type];
      if (FAILED.includes(outcome)) actions[ACTION_METRICS.failed] = (actions[ACTION_METRICS.failed] ?? 0) + count;
      else if (metric !== undefined && TAKEN.includes(outcome)) actions[ACTION_METRICS[metric]] = (actions[ACTION_METRICS[metric]] ?? 0) + count;
    }
  }
  actions[ACTION_METRICS.usersFailed] = summary.users.failed;
  const keys = summary.keys;
  return {
    mode: summary.dryRun ? 'audit' : 'enforce',
    actions,
    ...(scheduled && keys
      ? { standings: Object.fromEntries(Object.entries(STANDING_OF).map(([standing, metric]) => [STANDING_METRICS[metric], keys[standing as Standing]])) }
      : {}),
  };
}

/** DeliveriesSucceeded and DeliveriesFailed per target kind; nothing when the run delivered nothing (audit mode, no targets). */
export function deliveryMetrics(summary: RunSummary): [TargetKindDimension, MetricValues][] {
  const deliveries = summary.deliveries;
  if (!deliveries) return [];
  return TARGET_KINDS.map((kind) => [kind, { [DELIVERY_METRICS.succeeded]: deliveries[kind]?.succeeded ?? 0, [DELIVERY_METRICS.failed]: deliveries[kind]?.failed ?? 0 }]);
}
