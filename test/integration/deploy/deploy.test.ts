import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);

/** A command as a user runs it on a fresh clone: its own process, its own moto, no AWS settings. */
async function command(script: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('MOTO_')));
  try {
    const { stdout, stderr } = await run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [script, ...args], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const PASSING = ['stack', 'code', 'ses-sender', 'ses-account', 'stackset', 'schedule', 'dlq', 'last-run', 'kms', 'compliance', 'delivery', 'vpc'];

describe('npm run deploy -- --demo', () => {
  let dist = '';

  test('builds, uploads, deploys both stacks by change set, the StackSet and the local stack, the doctor passes; the second run changes nothing and says so', async () => {
    // Built into a folder of its own: other tests read dist/ meanwhile.
    dist = await mkdtemp(path.join(os.tmpdir(), 'deploy-dist-'));
    const { code, stdout, stderr } = await command('scripts/deploy/index.ts', ['--demo', '--dist', dist]);
    expect(stderr).not.toMatch(/^deploy: /m); // progress only
    expect(code).toBe(0);
    const [first = '', second = ''] = stdout.split('deploy --demo: the same again, nothing changed:');
    expect(first).toContain('build: synth and bundle');
    expect(first).toMatch(/^uploaded 16, unchanged 0, to s3:\/\/demo-deploy-artifacts\/asa\/asa-iam-rotation\/$/m);
    expect(first).toMatch(/^stack asa-iam-key-rotation-list-accounts-role: change set npm-run-deploy-\d+ \(CREATE\), \d+ change\(s\)$/m);
    expect(first).toMatch(/^stack asa-iam-key-rotation: change set npm-run-deploy-\d+ \(CREATE\), \d+ change\(s\)$/m);
    expect(first).toMatch(/^stack asa-iam-key-rotation: CREATE_COMPLETE$/m);
    // samconfig.toml leaves KeyAdministratorArns empty: the deploying role, with the path IAM knows it by.
    expect(first).toContain(
      '  note: KeyAdministratorArns is empty in samconfig.toml: set to the deploying principal\'s role arn:aws:iam::123456789012:role/deployers/demo-deployer, from the assumed-role ARN arn:aws:sts::123456789012:assumed-role/demo-deployer/newcomer',
    );
    expect(first).toMatch(/^PASS kms: .*arn:aws:iam::123456789012:role\/deployers\/demo-deployer/m);
    expect(first).toContain('created StackSet asa-iam-key-rotation-assumed-role');
    expect(first).toContain('created stack asa-iam-key-rotation-assumed-role-local in this account');
    for (const id of PASSING) expect(first).toMatch(new RegExp(`^PASS ${id}: `, 'm'));
    expect(second).toMatch(/^uploaded 0, unchanged 16, /m);
    expect(second).toContain('stack asa-iam-key-rotation: no changes (CREATE_COMPLETE)');
    expect(second).not.toContain('change set');
    expect(second).toContain("deploy: nothing changed: the artifacts, both stacks, the StackSet and the management account's stack are as deployed");
    for (const id of PASSING) expect(second).toMatch(new RegExp(`^PASS ${id}: `, 'm'));
  }, 600_000);

  test('npm run doctor -- --demo: the demo deployment\'s checks on stdout, all passing, exit 0', async () => {
    // The build of the test above: bundling once is enough for the machine these tests share.
    const { code, stdout } = await command('scripts/doctor/index.ts', ['--demo', '--dist', dist, '--skip-build']);
    expect(stdout.trimEnd().split('\n').map((line) => line.split(':')[0])).toEqual(PASSING.map((id) => `PASS ${id}`));
    expect(code).toBe(0);
  }, 600_000);
});
