import { markdownReport } from '../../../bench/report';
import type { BenchResults, ScenarioResult, SideFigures } from '../../../bench/results';
import { summarize } from '../../../bench/stats';
import { BEFORE_LEDGER, evaluateTargets } from '../../../bench/targets';

const one = (n: number) => summarize([n]);

function side(label: string, calls: number, idle: number, ops: Record<string, number>): SideFigures {
  return {
    label,
    reps: 1,
    runSeconds: one(0.5),
    totalCalls: one(calls),
    callsByOperation: Object.fromEntries(Object.entries(ops).map(([op, n]) => [op, one(n)])),
    callsPerUser: one(calls / 100),
    callsPerIdleUser: one(idle),
    accountWideCalls: one(6),
    correct: [true],
    problems: [],
  };
}

function account(product: SideFigures, firstRun?: SideFigures): ScenarioResult {
  return {
    id: 'account-100',
    title: '1 account, 100 users',
    accounts: 1,
    usersPerAccount: 100,
    dueUsers: 2,
    status: 'measured',
    baseline: side('baseline (per-user scan)', 302, 3.02, { 'IAM.ListAccessKeys': 100 }),
    product,
    ...(firstRun ? { firstRun } : {}),
    notes: [],
  };
}

function results(scenario: ScenarioResult): BenchResults {
  return {
    command: 'npm run bench -- --scenarios account-100',
    startedAt: '2026-12-06T09:00:00.000Z',
    machine: { cpus: 2, cpuModel: 'test', memoryGb: 4, node: 'v20' },
    source: 'abc1234',
    options: {},
    totalSeconds: 60,
    scenarios: [scenario],
    bundles: [],
    targets: evaluateTargets([scenario]),
  };
}

/** The summary table's row of one side, as cells. */
function row(report: string, label: string): string[] {
  const line = report.split('\n').find((candidate) => candidate.startsWith('| account-100 ') && candidate.includes(`| ${label} `));
  if (!line) throw new Error(`no row ${label} in\n${report}`);
  return line.split('|').map((cell) => cell.trim());
}

describe("the bench report: an account's first run and its later runs", () => {
  const later = side('product, later runs', 20, 0.061, { 'IAM.ListAccessKeys': 2, 'S3.GetObject': 1 });
  const first = side('product, first run (empty key ledger)', 118, 1.071, { 'IAM.ListAccessKeys': 100, 'S3.GetObject': 1, 'S3.PutObject': 1 });

  it('shows the first run as a row of its own, with its calls per idle user and no target, before the later runs', () => {
    const report = markdownReport(results(account(later, first)));
    const header = report.split('\n').find((line) => line.startsWith('| scenario ') && line.includes('idle target'));
    expect(header).toBeDefined();
    const columns = (header ?? '').split('|').map((cell) => cell.trim());
    const idle = columns.indexOf('calls/idle user');
    const target = columns.indexOf('idle target');
    expect(row(report, 'product, first run (empty key ledger)')[idle]).toBe('1.071');
    expect(row(report, 'product, first run (empty key ledger)')[target]).toBe('');
    expect(row(report, 'product, later runs')[idle]).toBe('0.061');
    expect(row(report, 'product, later runs')[target]).toBe(`≤ 0.1, no more than before the ledger (${BEFORE_LEDGER.callsPerIdleUser})`);
    expect(report.indexOf('| product, first run')).toBeLessThan(report.indexOf('| product, later runs'));
    // The calls by operation name both runs.
    expect(report).toMatch(/\| operation +\| baseline \| product, first run \| product, later runs \|/);
    expect(report).toMatch(/\| S3\.PutObject +\| +– \| +1 \| +– \|/);
  });

  it('judges the later runs against 0.1 and against the figure from before the ledger, never the first run', () => {
    const pass = evaluateTargets([account(later, first)]);
    expect(pass.find((t) => t.name.includes('before the key ledger'))).toMatchObject({ verdict: 'PASS' });
    expect(pass.find((t) => t.name.startsWith('at most 0.1'))).toMatchObject({ verdict: 'PASS' });
    const dearer = evaluateTargets([account(side('product, later runs', 22, 0.082, {}), first)]);
    expect(dearer.find((t) => t.name.includes('before the key ledger'))).toMatchObject({ verdict: 'FAIL', detail: 'worst repetition 0.082' });
    expect(dearer.find((t) => t.name.startsWith('at most 0.1'))).toMatchObject({ verdict: 'PASS' });
  });

  it('renders results from before the first-run row without one', () => {
    const report = markdownReport(results(account(side('product', 19, 0.051, {}))));
    expect(report).not.toContain('first run');
    expect(row(report, 'product')).toContain('≤ 0.1, no more than before the ledger (0.061)');
  });
});
