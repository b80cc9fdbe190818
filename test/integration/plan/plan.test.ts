import { CreateStackCommand, CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { readFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { KEY_ROW_FIELDS, type KeyRow } from '../../../functions/core/compliance';
import { LIMIT_COLUMN } from '../../../functions/core/compliance/max-key-age';
import { parseCsv } from '../../../functions/rotation/observe/credential-report';
import { MANAGEMENT_ACCOUNT_ID } from '../../../emulator/moto';
import { useMoto } from '../../harness/moto';
import { CallCounter, FaultInjector } from '../../harness/sdk-plugins';
import { emailHtmlProblems } from '../../unit/compliance/email-safe';
import { buildPlanWorld, day, denyAssumeRoleInto, LEDGER_NAME, plan, SECRET_LOOKALIKE, type PlanWorld } from './fixture';

const moto = useMoto();
let world: PlanWorld;

beforeAll(async () => {
  world = await buildPlanWorld(moto);
});

type PlanJsonRow = Pick<KeyRow, (typeof ISSUE_JSON_FIELDS)[number]>;
const rowsOf = (stdout: string): PlanJsonRow[] => JSON.parse(stdout) as PlanJsonRow[];
const find = (rows: readonly PlanJsonRow[], userName: string): PlanJsonRow => {
  const row = rows.find((candidate) => candidate.userName === userName);
  if (!row) throw new Error(`no row for ${userName} in ${rows.map((r) => r.userName).join(', ')}`);
  return row;
};

// The JSON interface issue 13 names, written out here so that the code cannot widen it unnoticed.
const ISSUE_JSON_FIELDS = [
  'accountId',
  'accountName',
  'userName',
  'accessKeyId',
  'status',
  'createdAt',
  'lastUsedAt',
  'lastUsedService',
  'lastUsedRegion',
  'exemptReason',
  'nextAction',
  'nextActionDate',
  'reason',
] as const;

describe('npm run plan: accounts, formats, dates', () => {
  test('--org --format json: one row per key of every ACTIVE account, with exactly the issue\'s fields; overdue exits 2', async () => {
    const { code, stdout, stderr } = await plan(['--org', '--format', 'json']);
    expect(code).toBe(2);
    const rows = rowsOf(stdout);
    for (const row of rows) expect(Object.keys(row)).toEqual([...ISSUE_JSON_FIELDS]);
    expect(new Set(rows.map((row) => row.accountId))).toEqual(new Set([MANAGEMENT_ACCOUNT_ID, world.accounts.payments, world.accounts.ledger, world.accounts.sandbox]));
    expect(rows.map((row) => row.userName).sort()).toEqual(['batch', 'fresh', 'glass', 'intern', 'legacy', 'mgmt-admin', 'retired', 'temp']);
    expect(stderr).toContain(`account ${world.accounts.closed} (Closed) not planned: not ACTIVE (SUSPENDED)`);
    expect(stderr).toMatch(/plan: exit 2: 1 key\(s\) overdue \(active and older than RotationPeriod \+ InactiveBuffer = 100 days\)/);

    // Examined (something due): the key id, and where it was last used.
    expect(find(rows, 'legacy')).toMatchObject({
      accountName: 'Payments',
      accessKeyId: expect.stringMatching(/^AKIA/),
      status: 'Active',
      // moto's moved clock adds a few ms to each instant: compare to the minute.
      createdAt: expect.stringMatching(new RegExp(`^${new Date(NOW_MINUS(400)).toISOString().slice(0, 16)}`)),
      lastUsedAt: expect.stringMatching(new RegExp(`^${new Date(NOW_MINUS(2)).toISOString().slice(0, 16)}`)),
      lastUsedService: 'sts',
      lastUsedRegion: 'us-east-1',
      exemptReason: null,
      nextAction: 'ROTATE',
      nextActionDate: day(0),
      reason: expect.stringMatching(/^400 days old, RotationPeriod is 90: rotation due since /),
    });
    // Nothing due: from the credential report, its id from one ListAccessKeys (--no-key-ids leaves it out).
    expect(find(rows, 'fresh')).toMatchObject({ accessKeyId: expect.stringMatching(/^AKIA/), nextAction: 'ROTATE', nextActionDate: day(80), exemptReason: null });
    expect(find(rows, 'glass')).toMatchObject({ exemptReason: 'group IAMKeyRotationExemptionGroup', nextAction: null, nextActionDate: null });
    expect(find(rows, 'temp')).toMatchObject({ exemptReason: `tag IAMKeyRotationExempt until ${day(20)}`, nextAction: 'ROTATE', nextActionDate: day(21) });
    // Five days before its rotation: no reminder comes before a rotation, so nothing to examine; its date from the look ahead.
    expect(find(rows, 'batch')).toMatchObject({ accessKeyId: expect.stringMatching(/^AKIA/), nextAction: 'ROTATE', nextActionDate: day(5) });
    expect(find(rows, 'retired')).toMatchObject({ status: 'Inactive', nextAction: 'DELETE', nextActionDate: day(0) });
  });

  test('--ou: accounts under the OU however deep, nothing else; CSV holds the same rows as JSON', async () => {
    const json = await plan(['--ou', world.ous.prod, '--format', 'json']);
    const csv = await plan(['--ou', world.ous.prod, '--format', 'csv']);
    expect([json.code, csv.code]).toEqual([2, 2]);
    const rows = rowsOf(json.stdout);
    expect(new Set(rows.map((row) => row.accountId))).toEqual(new Set([world.accounts.payments, world.accounts.ledger]));
    const [header, ...lines] = parseCsv(csv.stdout);
    // The inventory's columns, its ComplianceMaxKeyAge day last (empty: the limit is off by default).
    expect(header).toEqual([...KEY_ROW_FIELDS, LIMIT_COLUMN]);
    expect(new Set(lines.map((line) => line[KEY_ROW_FIELDS.length]))).toEqual(new Set(['']));
    // Key ids of examined keys are the same; the JSON's fields compare column by column (null is an empty field).
    const columns = ISSUE_JSON_FIELDS.map((field) => (header ?? []).indexOf(field));
    expect(lines.map((line) => columns.map((column) => line[column]))).toEqual(rows.map((row) => ISSUE_JSON_FIELDS.map((field) => String(row[field] ?? ''))));
    // The CSV's own columns (the inventory's, beyond the JSON's): age in days and the exemption's last day.
    const temp = lines.find((line) => line[header?.indexOf('userName') ?? -1] === 'temp') ?? [];
    expect([temp[header?.indexOf('ageDays') ?? -1], temp[header?.indexOf('exemptUntil') ?? -1]]).toEqual(['120', day(20)]);
    const legacy = lines.find((line) => line[header?.indexOf('userName') ?? -1] === 'legacy') ?? [];
    expect(legacy[header?.indexOf('exemptUntil') ?? -1]).toBe('');
  });

  test('--format table: grouped by account with its counts, totals and the age chart; no overdue key exits 0', async () => {
    const { code, stdout, stderr } = await plan(['--org', '--format', 'table']);
    expect(code).toBe(2);
    expect(stdout).toContain('IAM access key plan for 4 accounts, as of 2026-03-02 (UTC)');
    expect(stdout).toContain('8 keys: 4 compliant, 0 awaiting deactivation, 0 rotation due, 1 in grace, 1 overdue, 2 exempt, 0 held, 0 postponed');
    expect(stdout).toContain('the run on 2026-03-02 would rotate 1 key, deactivate 0 keys, delete 1 key once enforcing (DryRunFlag=False; in audit mode it emails this plan instead)');
    expect(stdout).toContain(`Payments (${world.accounts.payments}): 4 keys: 1 compliant, 1 overdue, 2 exempt`);
    expect(stdout).toContain(`${LEDGER_NAME} (${world.accounts.ledger}): 2 keys: 1 compliant, 1 in grace`);
    expect(stdout).toMatch(/^ {2}USER +KEY ID +STATUS +CREATED +AGE +LAST USED +NEXT +ON +REASON$/m);
    expect(stdout).toMatch(/^ {2}legacy +AKIA\w+ +Active +\d{4}-\d\d-\d\d +400 +\d{4}-\d\d-\d\d sts us-east-1 +ROTATE +2026-03-02 +400 days old/m);
    expect(stdout).toContain(`most overdue keys: Payments (${world.accounts.payments}) 1`);
    expect(stdout).toMatch(/^365–729 days +2 +█+ +1 overdue, 1 exempt$/m);
    expect(stderr).toContain('plan: 4 account(s) as of 2026-03-02');

    const sandbox = await plan(['--ou', world.ous.sandbox]);
    expect(sandbox.code).toBe(0);
    expect(sandbox.stdout).toContain(`Sandbox (${world.accounts.sandbox}): 1 key: 1 compliant`);
    expect(sandbox.stderr).toContain('plan: exit 0: no key overdue');
  });

  test('--format html --out: one self-contained, well-formed page with the chart, every value escaped', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'plan-'));
    const out = path.join(dir, 'plan.html');
    const { code, stdout, stderr } = await plan(['--org', '--format', 'html', '--out', out]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`written to ${out}`);
    const html = await readFile(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(emailHtmlProblems(html.replace('<!DOCTYPE html>', ''), { allowTags: ['style', 'meta'] }).filter((p) => !p.includes('style uses'))).toEqual([]);
    expect(html).not.toMatch(/<script|<img|<link|https?:\/\//i);
    expect(html).toContain('Ledger &lt;EU&gt; &amp; &quot;Co&quot;');
    expect(html).not.toContain('<EU>');
    const chart = html.slice(html.indexOf('<h2>Key age</h2>') + '<h2>Key age</h2>'.length, html.indexOf('<h2>', html.indexOf('<h2>Key age</h2>') + 1));
    expect(emailHtmlProblems(chart)).toEqual([]);
    expect(chart).toContain('title="1 overdue"');
  });

  test('--at: what the first run on a later day would do to the keys as they are now', async () => {
    const later = await plan(['--ou', world.ous.prod, '--format', 'json', '--at', day(25)]);
    expect(later.code).toBe(2);
    const rows = rowsOf(later.stdout);
    // 85 days old today: 110 on that day, past RotationPeriod + InactiveBuffer, rotated by that run.
    expect(find(rows, 'batch')).toMatchObject({ nextAction: 'ROTATE', nextActionDate: day(25), reason: expect.stringMatching(/^110 days old/) });
    // The exemption has ended by then.
    expect(find(rows, 'temp')).toMatchObject({ exemptReason: null, nextAction: 'ROTATE', nextActionDate: day(25) });
    expect(find(rows, 'fresh')).toMatchObject({ nextAction: 'ROTATE', nextActionDate: day(80) });
    expect(later.stderr).toMatch(/exit 2: 3 key\(s\) overdue/);

    const past = await plan(['--at', day(-1)]);
    expect(past.code).toBe(1);
    expect(past.stderr).toBe(`plan: PlanUsageError: --at: ${day(-1)} is before today (2026-03-02): the plan looks ahead from the keys as they are now\n`);
  });
});

describe('npm run plan: which accounts and how', () => {
  test('no account flag: the caller\'s own account, with the caller\'s credentials', async () => {
    const { code, stdout } = await plan(['--format', 'json']);
    expect(code).toBe(0);
    expect(rowsOf(stdout).map((row) => [row.accountId, row.userName])).toEqual([[MANAGEMENT_ACCOUNT_ID, 'mgmt-admin']]);
  });

  test('--account of another account needs --role (or --org); with it, the role is assumed there', async () => {
    const refused = await plan(['--account', world.accounts.payments]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--account: \d{12} is not the account of your credentials \(123456789012\): to plan another account, name the role to assume in it with --role/);
    const assumed = await plan(['--account', world.accounts.payments, '--role', 'auditor', '--format', 'json']);
    expect(assumed.code).toBe(2);
    expect(new Set(rowsOf(assumed.stdout).map((row) => row.accountName))).toEqual(new Set([null]));
    expect(rowsOf(assumed.stdout)).toHaveLength(4);
  });

  test('a failed account is reported, scrubbed, without stopping the others; it makes the exit code 1 unless ignored', async () => {
    const plugins = [denyAssumeRoleInto(world.accounts.ledger)];
    const failed = await plan(['--ou', world.ous.prod, '--format', 'json'], { plugins });
    expect(failed.code).toBe(1);
    expect(new Set(rowsOf(failed.stdout).map((row) => row.accountId))).toEqual(new Set([world.accounts.payments]));
    expect(failed.stderr).toContain(
      `plan: account ${LEDGER_NAME} (${world.accounts.ledger}) NOT PLANNED: AssumeRoleError: could not assume arn:aws:iam::${world.accounts.ledger}:role/asa-iam-key-rotation-lambda-assumed-role: AccessDenied`,
    );
    expect(failed.stderr).toContain('plan: exit 1: some accounts or users could not be planned');
    expect(failed.stderr).toContain('plan: hint: the role could not be assumed in 1 account(s)');
    // The error's text is scrubbed wherever it goes.
    expect(failed.stderr).toContain('(session key [SCRUBBED])');
    expect(`${failed.stdout}${failed.stderr}`).not.toContain(SECRET_LOOKALIKE);

    const table = await plan(['--ou', world.ous.prod], { plugins });
    expect(table.stdout).toContain(`${LEDGER_NAME} (${world.accounts.ledger}): NOT PLANNED: AssumeRoleError`);
    expect(table.stdout).not.toContain(SECRET_LOOKALIKE);

    const ignored = await plan(['--ou', world.ous.prod, '--ignore-failed-accounts', '--format', 'json'], { plugins });
    expect(ignored.code).toBe(2);
  });

  test('every key has its id, at one call per idle user; --no-key-ids costs no call per idle user', async () => {
    const counter = new CallCounter();
    const plain = await plan(['--account', world.accounts.payments, '--role', 'auditor', '--format', 'json', '--no-key-ids'], { plugins: [counter.plugin] });
    // legacy is due; fresh has nothing due; glass and temp are exempt: only legacy's keys are listed.
    expect(counter.counts.get('IAM.ListAccessKeys')).toBe(1);
    expect(rowsOf(plain.stdout).filter((row) => row.accessKeyId === null).map((row) => row.userName).sort()).toEqual(['fresh', 'glass', 'temp']);
    expect(plain.stdout.length).toBeGreaterThan(0);

    counter.reset();
    const withIds = await plan(['--account', world.accounts.payments, '--role', 'auditor', '--format', 'json'], { plugins: [counter.plugin] });
    expect(counter.counts.get('IAM.ListAccessKeys')).toBe(4);
    const rows = rowsOf(withIds.stdout);
    expect(rows.every((row) => row.accessKeyId?.startsWith('AKIA'))).toBe(true);
    // Last use still comes from the report: matched by the key's creation.
    expect(find(rows, 'fresh').lastUsedAt?.slice(0, 16)).toBe(new Date(NOW_MINUS(1)).toISOString().slice(0, 16));
    const table = await plan(['--account', world.accounts.payments, '--role', 'auditor', '--no-key-ids'], {});
    expect(table.stdout).toContain('note: key id -: the key has nothing due and was read from the credential report');
  });
});

test('without a credential report: every key is listed with its id and last use, the rows otherwise the same', async () => {
  const args = ['--account', world.accounts.payments, '--role', 'auditor', '--format', 'json'];
  const withReport = rowsOf((await plan(args)).stdout);
  const faults = new FaultInjector('AccessDenied').failNext('GenerateCredentialReport');
  const without = await plan(args, { plugins: [faults.plugin] });
  expect(faults.injected).toEqual(['GenerateCredentialReport']);
  const rows = rowsOf(without.stdout);
  expect(rows.every((row) => row.accessKeyId?.startsWith('AKIA'))).toBe(true);
  // Exempt users too, whom the rotation function never lists, and their last use.
  expect(find(rows, 'glass')).toMatchObject({ lastUsedService: 'sts', nextAction: null });
  // The report has whole seconds, IAM milliseconds.
  const comparable = (row: PlanJsonRow) => ({ ...row, accessKeyId: null, createdAt: row.createdAt.slice(0, 19), lastUsedAt: row.lastUsedAt?.slice(0, 16), lastUsedService: null, lastUsedRegion: null });
  expect(rows.map(comparable)).toEqual(withReport.map(comparable));
});

describe('npm run plan: settings', () => {
  test('a combination the rotation function would refuse stops the plan with its message, naming the parameter and the flag', async () => {
    const refused = await plan(['--rotation-period', '60']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'plan: PlanSettingError: InactivePeriod (--inactive-period, the default), RotationPeriod (--rotation-period), InactiveBuffer (--inactive-buffer, the default): ' +
        'InactivePeriod must equal RotationPeriod + InactiveBuffer = 60 + 10 = 70, got 100 (set it to that value, or leave it at its default with the other two at theirs)\n',
    );
    const warning = await plan(['--inactive-buffer', '5', '--inactive-period', '95']);
    expect(warning.stderr).toBe(
      'plan: PlanSettingError: WarningDays (--warning-days, the default), InactiveBuffer (--inactive-buffer): ' +
        'WarningDays (7,1) must all be shorter than InactiveBuffer (5 days): the 7-day reminder would come before the rotation it follows, or on the same day\n',
    );
    const deployTime = await plan(['--recovery-grace-period', '0']);
    expect(deployTime.stderr).toBe('plan: PlanSettingError: RecoveryGracePeriod (--recovery-grace-period): must be at least 1, got 0; CloudFormation would refuse it\n');
    const ignored = await plan(['--parameter', 'ScheduleExpression=rate(1 day)']);
    expect(ignored.stderr).toBe('plan: PlanSettingError: ScheduleExpression (--parameter ScheduleExpression=…): does not change what the rotation function plans; leave it out\n');
  });

  test('flags change the plan: a shorter RotationPeriod', async () => {
    const { code, stdout } = await plan(['--account', world.accounts.payments, '--role', 'auditor', '--format', 'json', '--rotation-period', '60', '--inactive-period', '70']);
    expect(code).toBe(2);
    expect(find(rowsOf(stdout), 'fresh')).toMatchObject({ nextAction: 'ROTATE', nextActionDate: day(50), reason: 'reaches RotationPeriod (60 days) on ' + day(50) });
  });

  test('--stack reads the settings of a deployed main stack; flags win over it', async () => {
    const cfn = new CloudFormationClient(moto.config());
    const template = {
      Parameters: Object.fromEntries(
        ['RotationPeriod', 'InactiveBuffer', 'InactivePeriod', 'RecoveryGracePeriod', 'WarningDays'].map((name) => [name, { Type: name === 'WarningDays' ? 'String' : 'Number' }]),
      ),
      Resources: { Placeholder: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
    };
    const values = { RotationPeriod: '30', InactiveBuffer: '5', InactivePeriod: '35', RecoveryGracePeriod: '5', WarningDays: '3,1' };
    await cfn.send(
      new CreateStackCommand({
        StackName: 'asa-main',
        TemplateBody: JSON.stringify(template),
        Parameters: Object.entries(values).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
      }),
    );
    const fromStack = await plan(['--stack', 'asa-main']);
    expect(fromStack.stdout).toContain('settings: RotationPeriod 30 (stack asa-main), InactiveBuffer 5 (stack asa-main), RecoveryGracePeriod 5 (stack asa-main), WarningDays 3,1 (stack asa-main)');
    expect(fromStack.stdout).toMatch(/mgmt-admin .* ROTATE +2026-03-22 +reaches RotationPeriod \(30 days\)/);
    const overridden = await plan(['--stack', 'asa-main', '--rotation-period', '40', '--inactive-period', '45', '--format', 'json']);
    expect(find(rowsOf(overridden.stdout), 'mgmt-admin')).toMatchObject({ nextActionDate: day(30) });
    const missing = await plan(['--stack', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('plan: StackReadError: --stack nope: no such stack in us-east-1 (pass the main stack\'s region with --region)\n');
  });

  test('a bad flag is one line naming it', async () => {
    expect(await plan(['--format', 'yaml'])).toEqual({ code: 1, stdout: '', stderr: 'plan: PlanUsageError: --format: must be one of table, csv, json, html, got "yaml"\n' });
    expect((await plan(['--acount', '1'])).stderr).toMatch(/^plan: PlanUsageError: usage: Unknown option '--acount'.* \(see npm run plan -- --help\)\n$/);
  });
});

function NOW_MINUS(days: number): number {
  return new Date('2026-03-02T09:00:00.000Z').getTime() - days * 86_400_000;
}
