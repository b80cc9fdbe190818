import { formatBytes } from '../scripts/lib/artifacts';
import type { BundleFigures } from './bundles';
import { DEPLOYED } from './deployed';
import { duration } from './models/markdown';
import type { BenchResults, ScenarioResult } from './results';
import { formatSummary, type Summary } from './stats';
import { markdownTable } from './table';

const fmt = (s: Summary | undefined, digits: number): string => (s ? formatSummary(s, digits) : '–');

function serviceCalls(calls: Readonly<Record<string, Summary>>, service: string): number {
  return Object.entries(calls)
    .filter(([op]) => op.startsWith(`${service}.`))
    .reduce((sum, [, s]) => sum + s.median, 0);
}

/** The organization scenarios: what one inventory run costs over 1,000 accounts. */
export function inventoryTable(scenarios: readonly ScenarioResult[]): string | undefined {
  const rows = scenarios.flatMap((s) => {
    const inv = s.inventory;
    if (!inv) return s.id.startsWith('org-') ? [[s.id, s.status, '', '', '', '', '', '', '', '']] : [];
    return [
      [
        s.id,
        inv.scope,
        inv.accountsInScope.toLocaleString('en-US'),
        String(serviceCalls(inv.callsByOperation, 'Organizations')),
        String(serviceCalls(inv.callsByOperation, 'SQS')),
        String(serviceCalls(inv.callsByOperation, 'STS')),
        fmt(inv.totalCalls, 0),
        fmt(inv.seconds, 2),
        formatBytes(inv.logBytes.median),
        `${inv.correct.filter(Boolean).length}/${inv.correct.length}`,
      ],
    ];
  });
  if (rows.length === 0) return undefined;
  const header = ['scenario', 'scope', 'accounts enqueued', 'Organizations calls', 'SQS calls', 'STS calls', 'AWS calls', 'inventory s', 'logged', 'correct'];
  return markdownTable(header, rows, new Set([2, 3, 4, 5, 6, 7, 8]));
}

/** The pipelines per function: invocations as the mappings deliver them, billed seconds, logs. */
export function functionsTable(scenarios: readonly ScenarioResult[]): string | undefined {
  const rows = scenarios.flatMap((s) =>
    Object.entries(s.product?.functions ?? {}).map(([key, f]) => [
      s.id,
      key,
      fmt(f.invocations, 0),
      fmt(f.seconds, 2),
      fmt(f.maxSeconds, 2),
      formatBytes(f.logBytes.median),
      fmt(f.logLines, 0),
    ]),
  );
  if (rows.length === 0) return undefined;
  const header = ['scenario', 'function', 'invocations', 'seconds (sum)', 'longest invocation s', `logged (${DEPLOYED.logLevel})`, 'log lines'];
  return markdownTable(header, rows, new Set([2, 3, 4, 5, 6]));
}

/** Accounts of the pipelines: calls per due user and the account-wide calls, attributed by what each call names. */
export function attributionTable(scenarios: readonly ScenarioResult[]): string | undefined {
  const rows = scenarios.flatMap((s) =>
    [s.baseline, s.firstRun, s.product].flatMap((side) =>
      side && side.accountWideCalls && !(s.id.endsWith('-throttled') && side === s.baseline)
        ? [[s.id, side.label, fmt(side.callsPerDueUser, 2), fmt(side.callsOnIdleUsers, 0), fmt(side.accountWideCalls, 0), (side.accountWideCalls.median / Math.max(1, s.accounts)).toFixed(1), fmt(side.callsPerIdleUser, 3)]]
        : [],
    ),
  );
  if (rows.length === 0) return undefined;
  return markdownTable(['scenario', 'side', 'calls/due user', 'calls naming an idle user', 'calls naming no user', 'per account', 'calls/idle user'], rows, new Set([2, 3, 4, 5, 6]));
}

function bundleCells(b: BundleFigures | undefined): [string, string, string] {
  if (!b) return ['–', '–', '–'];
  if (b.missing) return ['–', '–', `not measured: ${b.missing}`];
  return [formatBytes(b.zipBytes ?? 0), formatBytes(b.indexJsBytes ?? 0), fmt(b.requireMs, 1)];
}

/** The zips of the working tree, unpacked and required in a fresh `node` in this run. */
export function bundlesTable(results: BenchResults): string {
  const rows = results.bundles.map((b) => [b.function, b.zip, ...bundleCells(b)]);
  return markdownTable(['function', 'zip', 'zip size', 'index.js', 'require ms (fresh node)'], rows, new Set([2, 3, 4]));
}

export function timingsTable(results: BenchResults): string | undefined {
  const timings = results.timings ?? [];
  if (timings.length === 0) return undefined;
  const seeding = new Map(results.scenarios.filter((s) => s.seedSeconds !== undefined).map((s) => [s.id, s.seedSeconds ?? 0]));
  // A timing's label starts with its scenario's id ("account-1000 + throttled").
  const seedOf = (label: string): number | undefined => seeding.get(label.split(' ')[0] ?? label);
  const rows = timings.map((t) => {
    const seed = seedOf(t.scenario);
    return [t.scenario, duration(t.seconds), seed === undefined ? '' : duration(seed)];
  });
  rows.push(['**whole run**', `**${duration(results.totalSeconds)}**`, '']);
  return markdownTable(['scenario', 'took on this machine', 'of which seeding moto'], rows, new Set([1, 2]));
}
