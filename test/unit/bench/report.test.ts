import { markdownReport } from '../../../bench/report';
import type { BenchResults, ScenarioResult, SideFigures } from '../../../bench/results';
import { summarize } from '../../../bench/stats';
import { BEFORE_LEDGER, evaluateTargets } from '../../../bench/targets';

const one = (n: number) => summarize([n]);

function side(label: string, calls: number, idle: number, ops: Record<string, number>, own = 0, accountWide = 6): SideFigures {
  return {
    label,
    reps: 1,
    runSeconds: one(0.5),
    totalCalls: one(calls),
    callsByOperation: Object.fromEntries(Object.entries(ops).map(([op, n]) => [op, one(n)])),
    callsPerUser: one(calls / 100),
    callsPerIdleUser: one(idle),
    callsOnIdleUsers: one(own),
    accountWideCalls: one(accountWide),
    correct: [true],
    problems: [],
  };
}

function account(product: SideFigures, firstRun?: SideFigures, users = 100): ScenarioResult {
  return {
    id: `account-${users}`,
    title: `1 account, ${users} users`,
    accounts: 1,
    usersPerAccount: users,
    dueUsers: users / 50,
    status: 'measured',
    baseline: side('baseline (per-user scan)', 302, 3.02, { 'IAM.ListAccessKeys': 100 }),
    product,
    ...(firstRun ? { firstRun } : {}),
    notes: [],
  };
}

function results(...scenarios: ScenarioResult[]): BenchResults {
  return {
    command: 'npm run bench -- --scenarios account-100',
    startedAt: '2026-12-06T09:00:00.000Z',
    machine: { cpus: 2, cpuModel: 'test', memoryGb: 4, node: 'v20' },
    source: 'abc1234',
    options: {},
    totalSeconds: 60,
    scenarios,
    bundles: [],
    targets: evaluateTargets(scenarios),
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
    expect(row(report, 'product, later runs')[target]).toBe('≤ 0.1, none of its own');
    expect(report.indexOf('| product, first run')).toBeLessThan(report.indexOf('| product, later runs'));
    // The calls by operation name both runs.
    expect(report).toMatch(/\| operation +\| baseline \| product, first run \| product, later runs \|/);
    expect(report).toMatch(/\| S3\.PutObject +\| +– \| +1 \| +– \|/);
  });

  it('judges the later runs, never the first run: 0.1 per idle user, and no call of an idle user its own', () => {
    const pass = evaluateTargets([account(later, first)]);
    expect(pass.find((t) => t.name.includes('no call of its own'))).toMatchObject({ verdict: 'PASS', detail: 'worst repetition: account-100 0' });
    expect(pass.find((t) => t.name.startsWith('at most 0.1'))).toMatchObject({ verdict: 'PASS' });
    // An idle user listed again at a later run (its key not named from the ledger) is a call of its own.
    const listed = evaluateTargets([account(side('product, later runs', 23, 0.092, {}, 1), first)]);
    expect(listed.find((t) => t.name.includes('no call of its own'))).toMatchObject({ verdict: 'FAIL', detail: 'worst repetition: account-100 1' });
    expect(listed.find((t) => t.name.startsWith('at most 0.1'))).toMatchObject({ verdict: 'PASS' });
  });

  it('judges how the calls naming no user grow from 1,000 to 5,000 users against the growth before the ledger', () => {
    const at = (users: number, accountWide: number): ScenarioResult => account(side('product, later runs', 0, 0.01, {}, 0, accountWide), undefined, users);
    const same = evaluateTargets([at(1000, 10), at(5000, 14)]).find((t) => t.name.includes('grow by at most'));
    expect(same).toMatchObject({ verdict: 'PASS', detail: '10 to 14 calls for 4,000 more users: 0.0010 per user' });
    // A call per 100 users hidden among the account-wide calls (a per-user cost not naming its user) fails it.
    const hidden = evaluateTargets([at(1000, 20), at(5000, 64)]).find((t) => t.name.includes('grow by at most'));
    expect(hidden).toMatchObject({ verdict: 'FAIL' });
    expect(evaluateTargets([at(1000, 10)]).find((t) => t.name.includes('grow by at most'))).toMatchObject({ verdict: 'NOT MEASURED' });
  });

  it('renders results from before the first-run row without one', () => {
    const report = markdownReport(results(account(side('product', 19, 0.051, {}))));
    expect(report).not.toContain('first run');
    expect(row(report, 'product')).toContain('≤ 0.1, none of its own');
    expect(report).toContain(`Before the ledger, account-100's later runs cost ${BEFORE_LEDGER.account100CallsPerIdleUser} per idle user`);
  });
});
