import { DEPLOYED } from './deployed';
import { COST_ASSUMPTIONS } from './models/cost-model';
import { modelInputs } from './models/inputs';
import { costModelMarkdown, duration, timeModelMarkdown } from './models/markdown';
import { PRICES } from './models/prices';
import { TIME_ASSUMPTIONS, timeModel } from './models/time-model';
import { attributionTable, bundlesTable, functionsTable, inventoryTable, timingsTable } from './report-scale';
import type { BenchResults, ScenarioResult, SideFigures } from './results';
import { formatSummary, ratio, type Summary } from './stats';
import { BEFORE_LEDGER, idleTargetText } from './targets';
import { markdownTable } from './table';

const table = markdownTable;

const fmt = (s: Summary | undefined, digits: number): string => (s ? formatSummary(s, digits) : '–');

function times(a: number | undefined, b: number | undefined): string {
  const r = a !== undefined && b !== undefined ? ratio(a, b) : undefined;
  return r === undefined ? '–' : `${r < 0.01 ? r.toFixed(4) : r.toFixed(3)}×`;
}

function sideRow(s: ScenarioResult, side: SideFigures, baseline: SideFigures | undefined): string[] {
  const isBaseline = side === baseline;
  const row = isBaseline ? 'baseline' : side === s.firstRun ? 'first run' : 'later runs';
  return [
    s.id,
    side.label,
    `${s.accounts * s.usersPerAccount} (${s.dueUsers})`,
    fmt(side.totalCalls, 0),
    side.attempts ? fmt(side.attempts, 0) : '=',
    fmt(side.callsPerUser, 3),
    fmt(side.callsPerIdleUser, 3),
    idleTargetText(s.id, row),
    fmt(side.scanSeconds, 2),
    fmt(side.runSeconds, 2),
    isBaseline ? '1' : times(side.totalCalls.median, baseline?.totalCalls.median),
    isBaseline ? '1' : times(side.runSeconds?.median, baseline?.runSeconds?.median),
    `${side.correct.filter(Boolean).length}/${side.correct.length}`,
  ];
}

function summaryTable(scenarios: readonly ScenarioResult[]): string {
  const rows: string[][] = [];
  for (const s of scenarios.filter((x) => !x.id.startsWith('org-'))) {
    const throttled = s.id.endsWith('-throttled');
    if (s.baseline && !throttled) rows.push(sideRow(s, s.baseline, s.baseline));
    // An account's first run (empty key ledger) next to its later runs: the targets judge the later runs.
    if (s.firstRun) rows.push(sideRow(s, s.firstRun, s.baseline));
    if (s.product) rows.push(sideRow(s, s.product, s.baseline));
    else rows.push([s.id, s.status, '', '', '', '', '', '', '', '', '', '', '']);
  }
  const header = ['scenario', 'side', 'users (due)', 'AWS calls', 'requests', 'calls/user', 'calls/idle user', 'idle target', 'scan s', 'run s', 'calls vs base', 'time vs base', 'correct'];
  return table(header, rows, new Set([2, 3, 4, 5, 6, 8, 9, 10, 11]));
}

function memoryTable(scenarios: readonly ScenarioResult[]): string | undefined {
  const rows = scenarios
    .filter((s) => s.memory)
    .map((s) => [s.id, fmt(s.memory?.maxRssMb, 0), fmt(s.memory?.rssAfterRequireMb, 0), fmt(s.memory?.invokeSeconds, 2)]);
  if (rows.length === 0) return undefined;
  return table(['scenario', 'peak RSS MB', 'RSS after require MB', 'invocation s (cold)'], rows, new Set([1, 2, 3]));
}

function operationsOf(s: ScenarioResult): Readonly<Record<string, Summary>> {
  return s.inventory?.callsByOperation ?? s.product?.callsByOperation ?? {};
}

function operationsTable(s: ScenarioResult): string {
  const first = s.firstRun?.callsByOperation;
  const ops = [...new Set([...Object.keys(s.baseline?.callsByOperation ?? {}), ...Object.keys(first ?? {}), ...Object.keys(operationsOf(s))])].sort();
  const showAttempts = s.product?.attemptsByOperation !== undefined;
  const rows = ops.map((op) => [
    op,
    s.id.endsWith('-throttled') ? '' : fmt(s.baseline?.callsByOperation[op], 0),
    ...(first ? [fmt(first[op], 0)] : []),
    fmt(operationsOf(s)[op], 0),
    ...(showAttempts ? [fmt(s.product?.attemptsByOperation?.[op], 0)] : []),
  ]);
  const header = ['operation', 'baseline', ...(first ? ['product, first run'] : []), first ? 'product, later runs' : 'product', ...(showAttempts ? ['product requests (with retries)'] : [])];
  return `${s.title} (${s.id})\n\n${table(header, rows, new Set([1, 2, 3, 4]))}`;
}

function modelSections(results: BenchResults): string[] {
  const inputs = modelInputs(results.scenarios);
  if (!inputs) {
    const missing = 'Not computed: the models need a pipeline scenario measured with the product (run `--scenarios pipeline`).';
    return [`### Wall time of a daily run (model)\n\n${missing}`, `### Cost of a month of daily runs (model)\n\n${missing}`];
  }
  const time = timeModel(inputs, DEPLOYED, TIME_ASSUMPTIONS);
  return [
    `### Wall time of a daily run (model)\n\n${timeModelMarkdown(time, inputs, DEPLOYED, TIME_ASSUMPTIONS)}`,
    `### Cost of a month of daily runs (model)\n\n${costModelMarkdown(inputs, DEPLOYED, PRICES, COST_ASSUMPTIONS, time)}`,
  ];
}

/** `brief` leaves out most per-operation tables (docs/performance.md); bench/results.json always has them. */
export function markdownReport(results: BenchResults, options: { brief?: boolean } = {}): string {
  const parts: string[] = [];
  const m = results.machine;
  parts.push(
    `Command: \`${results.command}\` (source ${results.source}, ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${duration(results.totalSeconds)})  \n` +
      `Machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}; AWS emulated by moto on the same cores.  \n` +
      `Figures: median ±half the range over the repetitions; "idle" users have nothing due; requests include SDK retries.`,
  );
  parts.push(`### Calls and time\n\n${summaryTable(results.scenarios)}`);
  const attribution = attributionTable(results.scenarios);
  if (attribution) {
    parts.push(
      `### Calls by whom they are for\n\n` +
        `Every call is charged to the user it names, by user name, user ARN, secret name or ARN, or access key id; the rest name no user (role, listings, credential report, queues, mail). Calls per idle user = (all calls − calls naming a due user) ÷ users with nothing due. ` +
        `Later runs name idle users' keys from the key ledger rather than listing them ("calls naming an idle user", judged in the targets); the ledger's own calls are per account: ` +
        `its S3 read at every run and its write when something in the account changed (here, every later run rotates its due users), and delivery.yaml is read once per container and run. ` +
        `Before the ledger, account-100's later runs cost ${BEFORE_LEDGER.account100CallsPerIdleUser} per idle user.\n\n${attribution}`,
    );
  }
  const inventory = inventoryTable(results.scenarios);
  if (inventory) parts.push(`### Inventory of an Organization in nested OUs\n\n${inventory}`);
  const functions = functionsTable(results.scenarios);
  if (functions) parts.push(`### The pipelines, function by function\n\nEach queue delivered in its deployed batch size, one invocation at a time; seconds on moto; logs at the deployed level.\n\n${functions}`);
  const memory = memoryTable(results.scenarios);
  parts.push(`### Peak memory of the rotation handler\n\n${memory ?? 'Not measured (no bundled rotation handler).'}`);
  parts.push(`### Bundles\n\n${bundlesTable(results)}`);
  parts.push(...modelSections(results));
  const timings = timingsTable(results);
  if (timings) parts.push(`### How long each part of the run took here\n\n${timings}`);
  const brief = new Set(['account-5000', 'org-1000']);
  const withCalls = results.scenarios.filter((s) => (s.product || s.inventory || !s.id.endsWith('-throttled')) && (!options.brief || brief.has(s.id)));
  if (withCalls.length > 0) parts.push(`### Calls by operation (median per run)\n\n${withCalls.map(operationsTable).join('\n\n')}`);
  const notes = results.scenarios.flatMap((s) => [
    ...s.notes.map((n) => `- ${s.id}: ${n}`),
    ...[...(s.product?.problems ?? []), ...(s.inventory?.problems ?? [])].map((p) => `- ${s.id}: problem: ${p}`),
  ]);
  if (notes.length > 0) parts.push(`### Notes\n\n${notes.join('\n')}`);
  parts.push(`### Targets\n\n${results.targets.map((t) => `- ${t.verdict}: ${t.name} (${t.detail})`).join('\n')}`);
  return parts.join('\n\n');
}
