import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);

/** `npm run plan -- --demo …` as a user runs it on a fresh clone: its own process, its own moto, no AWS settings. */
async function planDemo(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('MOTO_')));
  try {
    const { stdout, stderr } = await run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/plan/index.ts', '--demo', ...args], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run plan -- --demo', () => {
  test('prints the table of the demo Organization with no AWS account, and exits 2 for its overdue keys', async () => {
    const { code, stdout, stderr } = await planDemo([]);
    expect(stderr).toContain('plan: exit 2: 2 key(s) overdue');
    expect(code).toBe(2);
    expect(stdout).toContain('IAM access key plan for 3 accounts, as of 2026-01-05 (UTC) (the demo Organization, emulated)');
    expect(stdout).toContain('13 keys: 6 compliant, 0 awaiting deactivation, 2 rotation due, 1 in grace, 2 overdue, 2 exempt, 0 held, 0 postponed');
    expect(stdout).toMatch(/^ {2}legacy-batch +AKIA\w+ +Active +2024-12-01 +400 .* ROTATE +2026-01-05 +400 days old, RotationPeriod is 90/m);
    // Every key has its id, exempt ones too (issue 20).
    expect(stdout).not.toMatch(/^ {2}\S+ +- +(Active|Inactive) /m);
    expect(stdout).toMatch(/^ {2}break-glass +AKIA\w+ +Active .* exempt \(group IAMKeyRotationExemptionGroup\): never rotated$/m);
    expect(stdout).toMatch(/^ {2}contractor .* ROTATE +2026-02-20 +exempt until 2026-02-19/m);
  });

  test('with ComplianceMaxKeyAge=90: the day each key fails it, how many fail today, and a warning that 90/10 fails every rotated key', async () => {
    const { code, stdout, stderr } = await planDemo(['--parameter', 'ComplianceMaxKeyAge=90']);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^ {2}USER .* ON +FAILS 90D +REASON$/m);
    // Created 2024-12-01: older than 90 days since 2025-03-01, and rotated only today.
    expect(stdout).toMatch(/^ {2}legacy-batch +AKIA\w+ +Active +2024-12-01 +400 .* ROTATE +2026-01-05 +2025-03-01 /m);
    expect(stdout).toMatch(/^compliance: 6 keys fail ComplianceMaxKeyAge \(90 days\) today; /m);
    expect(stdout).toMatch(/^WARNING: ComplianceMaxKeyAge is 90 days, but every replaced key stays active until day RotationPeriod \+ InactiveBuffer = 90 \+ 10 = 100/m);
    expect(stderr).toContain('plan: WARNING: ComplianceMaxKeyAge is 90 days');
  });
});
