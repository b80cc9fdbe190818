import { execFileSync } from 'node:child_process';
import path from 'node:path';

export interface PythonTools {
  /** An interpreter that imports moto's server. */
  readonly python: string;
  readonly cfnLint: string;
}

let cached: PythonTools | undefined;

/**
 * Finds moto[server] and cfn-lint, installing them into .venv when missing.
 * The shell script is the one place that knows how, so CI and the tests agree.
 */
export function pythonTools(): PythonTools {
  if (cached) return cached;
  const script = path.join(__dirname, 'ensure-python-tools.sh');
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const values = new Map(
    out
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
  );
  const python = values.get('PYTHON');
  const cfnLint = values.get('CFN_LINT');
  if (!python || !cfnLint) throw new Error(`ensure-python-tools.sh printed no PYTHON/CFN_LINT lines:\n${out}`);
  cached = { python, cfnLint };
  return cached;
}
