import { execFile } from 'node:child_process';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pythonTools } from '../../../emulator/python-tools';

const run = promisify(execFile);
const SCRIPT = path.join(__dirname, '..', '..', '..', 'emulator', 'ensure-python-tools.sh');

describe('finding moto and cfn-lint', () => {
  test('on this machine both are found (and printed as PYTHON= / CFN_LINT=)', () => {
    const tools = pythonTools();
    expect(tools.python).toMatch(/python/);
    expect(tools.cfnLint).toMatch(/cfn-lint/);
  });

  test('when they are missing and cannot be installed, it says it tried and how to install them, and fails', async () => {
    // A PATH whose python3 has no moto and cannot make a virtualenv: the worst case of a fresh machine.
    const bin = await mkdtemp(path.join(os.tmpdir(), 'nopython-'));
    await writeFile(path.join(bin, 'python3'), '#!/bin/sh\nexit 1\n');
    await chmod(path.join(bin, 'python3'), 0o755);
    const env = { PATH: `${bin}:/usr/bin:/bin`, PYTHON_TOOLS_VENV: path.join(bin, 'venv'), HOME: bin };
    const result = await run('bash', [SCRIPT], { env }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("moto[server] not found; installing it into");
    expect(result.stderr).toContain("Install it yourself (pip install 'moto[server]')");
  });
});
