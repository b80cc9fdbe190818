import type { FunctionKey } from '../../contract/names';
import type { Deployed } from '../deployed';
import type { ModelInputs } from './inputs';
import type { Prices } from './prices';

/** What the cost model assumes beyond what the bench measures. */
export interface CostAssumptions {
  readonly runsPerMonth: number;
  /** Users per account, each with one access key; every one rotated within a rotation period. */
  readonly usersPerAccount: number;
  /** Share of the users rotated per daily run: 1 / RotationPeriod. */
  readonly rotatingPerDay: number;
  /** Regions each secret is replicated to (CredentialReplicationRegions; empty by default). */
  readonly replicaRegions: number;
  /** GetSecretValue calls per rotation: the user (or its application) reads the new key once. */
  readonly readsPerRotation: number;
  /** Bytes of Lambda's own START, END and REPORT lines per invocation (not measurable on moto). */
  readonly platformLogBytesPerInvocation: number;
  /** The rotation's metrics per account run (embedded metric format: the action line, the standings line, the invocation line); the bench runs with metrics off. */
  readonly metricLogBytesPerAccountRun: number;
  /** SQS requests of one event source mapping polling an empty queue, per month: 5 pollers long-polling 20 s (AWS does not publish the number of pollers). */
  readonly idlePollingRequestsPerMapping: number;
  /** SQS requests per invocation of a mapping: one ReceiveMessage, one DeleteMessageBatch. */
  readonly sqsRequestsPerInvocation: number;
}

export const COST_ASSUMPTIONS: CostAssumptions = {
  runsPerMonth: 30,
  usersPerAccount: 100,
  rotatingPerDay: 1 / 90,
  replicaRegions: 0,
  readsPerRotation: 1,
  platformLogBytesPerInvocation: 330,
  // Three EMF lines of about 670, 600 and 250 bytes (their metadata names each metric once).
  metricLogBytesPerAccountRun: 1_300,
  idlePollingRequestsPerMapping: 5 * 3 * 60 * 24 * 30,
  sqsRequestsPerInvocation: 2,
};

export const COST_ACCOUNTS = [10, 100, 1000] as const;

export interface CostLine {
  readonly item: string;
  /** How the quantity was reached, for the reader to check. */
  readonly basis: string;
  /** Monthly quantity and dollars at each modelled size, in COST_ACCOUNTS order. */
  readonly quantities: readonly string[];
  readonly dollars: readonly number[];
}

const GB = 2 ** 30;
const FUNCTIONS: readonly FunctionKey[] = ['inventory', 'rotation', 'notifier'];

function count(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)} M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)} k`;
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : String(Number(n.toFixed(1)));
}

/**
 * A month of daily runs at 10, 100 and 1,000 accounts, line by line. Per-run
 * figures are the pipeline's, per member account, scaled linearly; work on
 * rotated users is scaled from the bench's due share to `rotatingPerDay`.
 */
export function costModel(inputs: ModelInputs, deployed: Deployed, prices: Prices, a: CostAssumptions): CostLine[] {
  const per = inputs.perAccount;
  const runs = a.runsPerMonth;
  const rotationsPerAccount = a.usersPerAccount * a.rotatingPerDay;
  const lines: CostLine[] = [];
  const line = (item: string, basis: string, quantity: (n: number) => number, dollars: (q: number) => number, unit = ''): void => {
    const qs = COST_ACCOUNTS.map(quantity);
    lines.push({ item, basis, quantities: qs.map((q) => `${count(q)}${unit}`), dollars: qs.map(dollars) });
  };

  const invocations = (n: number): Record<FunctionKey, number> => ({
    inventory: 1,
    rotation: n + 1,
    notifier: Math.max(1, Math.ceil(per.notifierInvocations * n)),
  });
  const seconds = (n: number): Record<FunctionKey, number> => ({
    inventory: inputs.inventory.secondsPerAccount * (n + 1),
    rotation: per.rotationSeconds * (n + 1),
    notifier: per.notifierSeconds * n,
  });
  line(
    'Lambda requests',
    `inventory 1, rotation 1 per account (batch size ${deployed.mappings.rotation.batchSize}), notifier ${per.notifierInvocations.toFixed(2)} per account, per run`,
    (n) => runs * FUNCTIONS.reduce((sum, key) => sum + invocations(n)[key], 0),
    (q) => (q / 1e6) * prices.lambdaRequestsPerMillion,
  );
  line(
    'Lambda compute',
    `measured durations x memory (${FUNCTIONS.map((k) => `${k} ${deployed.functions[k].memoryMb} MB`).join(', ')}), ${deployed.functions.rotation.architecture}`,
    (n) => runs * FUNCTIONS.reduce((sum, key) => sum + (seconds(n)[key] * deployed.functions[key].memoryMb) / 1024, 0),
    (q) => q * prices.lambdaArmGbSecond,
    ' GB-s',
  );
  line(
    'SQS requests',
    `${per.sqsSends.toFixed(2)} sends per account and run, ${a.sqsRequestsPerInvocation} per invocation of a mapping, ${count(a.idlePollingRequestsPerMapping)} idle polls per mapping a month, first ${count(prices.sqsFreeRequestsPerMonth)} free`,
    (n) =>
      runs * (per.sqsSends * n + a.sqsRequestsPerInvocation * (invocations(n).rotation + invocations(n).notifier)) + 2 * a.idlePollingRequestsPerMapping,
    (q) => (Math.max(0, q - prices.sqsFreeRequestsPerMonth) / 1e6) * prices.sqsRequestsPerMillion,
  );
  const secrets = (n: number): number => n * a.usersPerAccount * (1 + a.replicaRegions);
  line(
    'Secrets Manager secrets',
    `one per user once every user has been rotated (${a.usersPerAccount} users per account${a.replicaRegions ? `, ${a.replicaRegions} replica Regions` : ''})`,
    secrets,
    (q) => q * prices.secretPerMonth,
  );
  line(
    'Secrets Manager API calls',
    `${inputs.secretsCallsPerRotation.toFixed(1)} calls per rotation (measured) + ${a.readsPerRotation} read by the user; ${rotationsPerAccount.toFixed(2)} rotations per account a day`,
    (n) => runs * n * rotationsPerAccount * (inputs.secretsCallsPerRotation + a.readsPerRotation),
    (q) => (q / 1e4) * prices.secretsApiCallsPer10k,
  );
  const unconditionalKeys = deployed.kmsKeys.filter((k) => !k.condition).length;
  line(
    'KMS keys',
    `${deployed.kmsKeys.map((k) => k.id + (k.condition ? ` (only if ${k.condition})` : '')).join(', ')}; secrets use aws/secretsmanager by default`,
    () => unconditionalKeys,
    (q) => q * prices.kmsKeyPerMonth,
  );
  const logBytes = (n: number): number =>
    runs *
    (FUNCTIONS.reduce((sum, key) => sum + per.logBytes[key] * n, 0) +
      a.metricLogBytesPerAccountRun * n +
      a.platformLogBytesPerInvocation * FUNCTIONS.reduce((sum, key) => sum + invocations(n)[key], 0));
  line(
    'CloudWatch Logs ingested',
    `${count(FUNCTIONS.reduce((sum, key) => sum + per.logBytes[key], 0))} bytes logged per account and run (measured at ${deployed.logLevel}) + ${count(a.metricLogBytesPerAccountRun)} of metrics (assumed) + ${a.platformLogBytesPerInvocation} per invocation`,
    (n) => logBytes(n) / GB,
    (q) => q * prices.logsIngestedPerGb,
    ' GB',
  );
  line(
    'CloudWatch Logs stored',
    `${deployed.logRetentionDays} days retained (LogRetentionDays), uncompressed: an upper bound`,
    (n) => ((logBytes(n) / GB) * deployed.logRetentionDays) / a.runsPerMonth,
    (q) => q * prices.logsStoredPerGbMonth,
    ' GB',
  );
  line(
    'CloudWatch alarms, metrics, dashboards',
    `${deployed.alarms} alarms, ${deployed.metricFilterMetrics} metric-filter and ${deployed.publishedMetrics} published (EMF) custom metrics, whatever the number of accounts; ${deployed.dashboards} dashboard(s) (first ${prices.freeDashboards} free)`,
    () => deployed.alarms + deployed.metricFilterMetrics + deployed.publishedMetrics + deployed.dashboards,
    () =>
      deployed.alarms * prices.alarmPerMonth +
      (deployed.metricFilterMetrics + deployed.publishedMetrics) * prices.customMetricPerMonth +
      Math.max(0, deployed.dashboards - prices.freeDashboards) * prices.dashboardPerMonth,
  );
  line(
    'SES emails',
    `${per.emails.toFixed(2)} emails per account and run, as measured`,
    (n) => runs * per.emails * n,
    (q) => (q / 1000) * prices.sesPer1000Emails,
  );
  return lines;
}

export function monthlyTotals(lines: readonly CostLine[]): number[] {
  return COST_ACCOUNTS.map((_, i) => lines.reduce((sum, line) => sum + (line.dollars[i] ?? 0), 0));
}
