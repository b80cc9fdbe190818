// After the whole suite: every AWS request the tests' handlers sent (recorded by policy-recorder.ts)
// must be allowed by the deployed policies. Runs `npm run policy-matrix -- --check-records`, prints
// what it found, and fails the run (and the closing line's count) when a request would be denied.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, rmSync } = require('node:fs');
const path = require('node:path');

class PolicyReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.POLICY_RECORDS_DIR;
    if (!dir || !existsSync(dir)) return;
    if (readdirSync(dir).length === 0) {
      rmSync(dir, { recursive: true, force: true });
      return;
    }
    const tsx = path.join(this.rootDir, 'node_modules', '.bin', 'tsx');
    const check = spawnSync(tsx, ['scripts/policy-matrix.ts', '--check-records', dir], { cwd: this.rootDir, encoding: 'utf8' });
    process.stdout.write(check.stdout ?? '');
    process.stderr.write(check.stderr ?? '');
    if (process.env.POLICY_RECORDS_KEEP) process.stdout.write(`policy simulation: records kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
    if (check.status !== 0) {
      const denied = Number(/; (\d+) not allowed/.exec(check.stdout ?? '')?.[1] ?? 1) || 1;
      results.numFailedTests += denied;
      results.success = false;
    }
  }
}
module.exports = PolicyReporter;
