/**
 * One CloudWatch dashboard: what the tool did and would do (its own metrics,
 * contract/metrics), where the Organization's keys stand, the mail, the
 * queues' depths and the functions' errors, throttles and durations. The
 * body is built from typed widgets and then given to Fn::Sub, which fills in
 * the region and the names CloudFormation chose (queues, functions).
 */
import { CloudWatch, Fn } from 'cloudform';
import { SERVICE_NAMES } from '../../contract/env/powertools';
import {
  ACTION_METRICS,
  DELIVERY_METRICS,
  INVENTORY_METRICS,
  MAIL_METRICS,
  METRIC_DIMENSIONS,
  METRICS_NAMESPACE,
  RUN_METRICS,
  STANDING_METRICS,
  TARGET_KINDS,
  type MetricName,
  type Mode,
  type TargetKindDimension,
} from '../../contract/metrics';
import type { FunctionKey } from '../../contract/names';
import { FUNCTION_IDS, IDS } from './logical-ids';

export const DASHBOARD_ID = 'Dashboard';

const DAY = 86_400;
const FIVE_MINUTES = 300;
const REGION = '${AWS::Region}';
const KEYS: readonly FunctionKey[] = ['rotation', 'inventory', 'notifier'];

/**
 * A metric line of a widget, as the dashboard body schema writes it:
 * namespace, name, then dimension name and value pairs; CloudWatch labels it
 * with the metric's name and dimensions.
 */
type MetricLine = readonly [string, string, ...string[]];

/** Widgets without x and y: CloudWatch lays them out in order, left to right. */
interface MetricWidget {
  readonly type: 'metric';
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly stacked?: true;
    readonly stat: 'Sum' | 'Maximum' | 'Average';
    readonly period: number;
    readonly metrics: readonly MetricLine[];
  };
}

interface TextWidget {
  readonly type: 'text';
  readonly width: number;
  readonly height: number;
  readonly properties: { readonly markdown: string };
}

type Widget = MetricWidget | TextWidget;

/** One of the tool's metrics, as written by `key`'s function (its `service` dimension) and, for actions, in `mode`. */
const own = (key: FunctionKey, name: MetricName, mode?: Mode): MetricLine => [
  METRICS_NAMESPACE,
  name,
  METRIC_DIMENSIONS.service,
  SERVICE_NAMES[key],
  ...(mode ? [METRIC_DIMENSIONS.mode, mode] : []),
];

/** A delivery metric of the rotation function for one target kind (issue 21). */
const delivered = (name: MetricName, kind: TargetKindDimension): MetricLine => [
  METRICS_NAMESPACE,
  name,
  METRIC_DIMENSIONS.service,
  SERVICE_NAMES.rotation,
  METRIC_DIMENSIONS.targetKind,
  kind,
];

const queueDepth = (queueId: string): MetricLine => ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', `\${${queueId}.QueueName}`];

const lambda = (metric: 'Errors' | 'Throttles' | 'Duration', key: FunctionKey): MetricLine => ['AWS/Lambda', metric, 'FunctionName', `\${${FUNCTION_IDS[key]}}`];

/**
 * The schema's shorthand, which keeps the template under CloudFormation's
 * inline size limit: a value equal to the one at the same place in the line
 * before is written ".".
 */
export function abbreviated(lines: readonly MetricLine[]): MetricLine[] {
  return lines.map((line, index) => {
    const before = lines[index - 1];
    return line.map((value, at) => (before !== undefined && before.length === line.length && before[at] === value ? '.' : value)) as unknown as MetricLine;
  });
}

const widget = (
  title: string,
  metrics: readonly MetricLine[],
  options: { stat?: MetricWidget['properties']['stat']; period?: number; stacked?: true; width?: number } = {},
): MetricWidget => ({
  type: 'metric',
  width: options.width ?? 12,
  height: 6,
  properties: {
    title,
    region: REGION,
    ...(options.stacked ? { stacked: true } : {}),
    stat: options.stat ?? 'Sum',
    period: options.period ?? DAY,
    metrics: abbreviated(metrics),
  },
});

const actions = (mode: Mode): MetricLine[] =>
  [ACTION_METRICS.rotated, ACTION_METRICS.deactivated, ACTION_METRICS.deleted, ACTION_METRICS.postponed, ACTION_METRICS.reactivated].map((name) =>
    own('rotation', name, mode),
  );

const NOTE = `Namespace ${METRICS_NAMESPACE}. Per day: enforce = done, audit = what enforce mode would do. Standings: summed over the day's scheduled runs, one point per account. Per key: the S3 inventory.`;

export const WIDGETS: readonly Widget[] = [
  { type: 'text', width: 24, height: 1, properties: { markdown: NOTE } },
  widget('Keys acted on (enforce)', actions('enforce'), { stacked: true }),
  widget('What enforce mode would do (audit)', actions('audit'), { stacked: true }),
  widget('Where the keys stand', Object.values(STANDING_METRICS).map((name) => own('rotation', name)), { stacked: true }),
  widget('Failures', [
    own('rotation', ACTION_METRICS.failed, 'enforce'),
    own('rotation', ACTION_METRICS.usersFailed, 'enforce'),
    own('rotation', ACTION_METRICS.usersFailed, 'audit'),
    own('rotation', RUN_METRICS.accountsFailed),
    own('notifier', MAIL_METRICS.failed),
  ]),
  widget('Mail and reminders', [
    own('notifier', MAIL_METRICS.sent),
    own('notifier', MAIL_METRICS.digestsSent),
    own('notifier', MAIL_METRICS.remindersSent),
    own('rotation', ACTION_METRICS.remindersDue, 'enforce'),
    own('rotation', ACTION_METRICS.remindersDue, 'audit'),
    own('inventory', INVENTORY_METRICS.accountsQueued),
  ]),
  // A failed delivery keeps an old key active (docs/delivery.md): a FAILED line that stays up is a target to fix.
  widget('Key deliveries by target kind', [
    ...TARGET_KINDS.map((kind) => delivered(DELIVERY_METRICS.succeeded, kind)),
    ...TARGET_KINDS.map((kind) => delivered(DELIVERY_METRICS.failed, kind)),
  ]),
  widget('Messages waiting', [IDS.rotationQueue, IDS.notificationQueue, IDS.rotationDlq, IDS.notificationDlq].map(queueDepth), {
    stat: 'Maximum',
    period: FIVE_MINUTES,
  }),
  widget('Function errors and throttles', KEYS.flatMap((key) => [lambda('Errors', key), lambda('Throttles', key)]), { period: FIVE_MINUTES }),
  widget('Function duration, maximum (ms)', KEYS.map((key) => lambda('Duration', key)), { stat: 'Maximum', period: FIVE_MINUTES }),
];

/** JSON with one widget a line: in the committed YAML a changed widget is a changed line. */
export function dashboardBody(widgets: readonly Widget[]): string {
  return `{"widgets":[\n${widgets.map((item) => JSON.stringify(item)).join(',\n')}\n]}`;
}

export const dashboard = {
  [DASHBOARD_ID]: new CloudWatch.Dashboard({
    DashboardName: Fn.Sub('${AWS::StackName}-iam-key-rotation', {}),
    DashboardBody: Fn.Sub(dashboardBody(WIDGETS), {}),
  }),
};
