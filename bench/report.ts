import { formatBytes } from '../scripts/lib/artifacts';
import type { BenchResults, ScenarioResult, SideFigures } from './results';
import { formatSummary, ratio, type Summary } from './stats';

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (rightAligned.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const fmt = (s: Summary | undefined, digits: number): string => (s ? formatSummary(s, digits) : '–');

function times(a: number | undefined, b: number | undefined): string {
  const r = a !== undefined && b !== undefined ? ratio(a, b) : undefined;
  return r === undefined ? '–' : `${r < 0.01 ? r.toFixed(4) : r.toFixed(3)}×`;
}

function sideRow(s: ScenarioResult, side: SideFigures, baseline: SideFigures | undefined): string[] {
  const isBaseline = side === baseline;
  return [
    s.id,
    side.label,
    `${s.accounts * s.usersPerAccount} (${s.dueUsers})`,
    fmt(side.totalCalls, 0),
    side.attempts ? fmt(side.attempts, 0) : '=',
    fmt(side.callsPerUser, 3),
    fmt(side.callsPerIdleUser, 3),
    fmt(side.scanSeconds, 2),
    fmt(side.runSeconds, 2),
    isBaseline ? '1' : times(side.totalCalls.median, baseline?.totalCalls.median),
    isBaseline ? '1' : times(side.runSeconds?.median, baseline?.runSeconds?.median),
    `${side.correct.filter(Boolean).length}/${side.correct.length}`,
  ];
}

function summaryTable(scenarios: readonly ScenarioResult[]): string {
  const rows: string[][] = [];
  for (const s of scenarios) {
    const throttled = s.id.endsWith('-throttled');
    if (s.baseline && !throttled) rows.push(sideRow(s, s.baseline, s.baseline));
    if (s.product) rows.push(sideRow(s, s.product, s.baseline));
    else rows.push([s.id, s.status, '', '', '', '', '', '', '', '', '', '']);
  }
  const header = ['scenario', 'side', 'users (due)', 'AWS calls', 'requests', 'calls/user', 'calls/idle user', 'scan s', 'run s', 'calls vs base', 'time vs base', 'correct'];
  return table(header, rows, new Set([2, 3, 4, 5, 6, 7, 8, 9, 10]));
}

function operationsTable(s: ScenarioResult): string {
  const ops = [...new Set([...Object.keys(s.baseline?.callsByOperation ?? {}), ...Object.keys(s.product?.callsByOperation ?? {})])].sort();
  const showAttempts = s.product?.attemptsByOperation !== undefined;
  const rows = ops.map((op) => [
    op,
    s.id.endsWith('-throttled') ? '' : fmt(s.baseline?.callsByOperation[op], 0),
    fmt(s.product?.callsByOperation[op], 0),
    ...(showAttempts ? [fmt(s.product?.attemptsByOperation?.[op], 0)] : []),
  ]);
  const header = ['operation', 'baseline', 'product', ...(showAttempts ? ['product requests (with retries)'] : [])];
  return `${s.title} (${s.id})\n\n${table(header, rows, new Set([1, 2, 3]))}`;
}

function memoryTable(scenarios: readonly ScenarioResult[]): string | undefined {
  const rows = scenarios
    .filter((s) => s.memory)
    .map((s) => [s.id, fmt(s.memory?.maxRssMb, 0), fmt(s.memory?.rssAfterRequireMb, 0), fmt(s.memory?.invokeSeconds, 2)]);
  if (rows.length === 0) return undefined;
  return table(['scenario', 'peak RSS MB', 'RSS after require MB', 'invocation s (cold)'], rows, new Set([1, 2, 3]));
}

/** `brief` leaves out the per-operation tables (README); bench/results.json always has them. */
export function markdownReport(results: BenchResults, options: { brief?: boolean } = {}): string {
  const parts: string[] = [];
  const m = results.machine;
  parts.push(
    `Command: \`${results.command}\` (source ${results.source}, ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${results.totalSeconds.toFixed(0)} s)  \n` +
      `Machine: ${m.cpus} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}; AWS emulated by moto on the same cores.  \n` +
      `Figures: median ±half the range over the repetitions; "idle" users have nothing due; requests include SDK retries.`,
  );
  parts.push(`### Calls and time\n\n${summaryTable(results.scenarios)}`);
  const memory = memoryTable(results.scenarios);
  parts.push(`### Peak memory of the rotation handler\n\n${memory ?? 'Not measured (no bundled rotation handler).'}`);
  const bundleRows = results.bundles.map((b) =>
    b.missing
      ? [b.function, b.zip, '–', '–', `not measured: ${b.missing}`]
      : [b.function, b.zip, formatBytes(b.zipBytes ?? 0), formatBytes(b.indexJsBytes ?? 0), fmt(b.requireMs, 1)],
  );
  parts.push(`### Bundles\n\n${table(['function', 'zip', 'zip size', 'index.js', 'require ms (fresh node)'], bundleRows, new Set([2, 3, 4]))}`);
  const withCalls = results.scenarios.filter((s) => (s.product || !s.id.endsWith('-throttled')) && (!options.brief || s.id === 'account-5000'));
  if (withCalls.length > 0) parts.push(`### Calls by operation (median per run)\n\n${withCalls.map(operationsTable).join('\n\n')}`);
  const notes = results.scenarios.flatMap((s) => [
    ...s.notes.map((n) => `- ${s.id}: ${n}`),
    ...(s.product?.problems ?? []).map((p) => `- ${s.id}: problem: ${p}`),
  ]);
  if (notes.length > 0) parts.push(`### Notes\n\n${notes.join('\n')}`);
  parts.push(`### Targets\n\n${results.targets.map((t) => `- ${t.verdict}: ${t.name} (${t.detail})`).join('\n')}`);
  return parts.join('\n\n');
}
