import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

let workDir: Promise<string> | undefined;

/** One temporary directory per benchmark run for compiled children, unpacked bundles and result files. */
export function benchTempDir(): Promise<string> {
  workDir ??= mkdtemp(path.join(os.tmpdir(), 'iam-rotation-bench-'));
  return workDir;
}

const compiled = new Map<string, Promise<string>>();

/**
 * The measuring children are TypeScript too, but run under plain `node`:
 * loading tsx into the child would add its own memory and startup time to
 * what is measured.
 */
function compileChild(name: 'require-time' | 'invoke-handler'): Promise<string> {
  let result = compiled.get(name);
  if (!result) {
    result = (async () => {
      const outfile = path.join(await benchTempDir(), `${name}.js`);
      await build({
        entryPoints: [path.join(__dirname, 'child', `${name}.ts`)],
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        outfile,
        logLevel: 'warning',
      });
      return outfile;
    })();
    compiled.set(name, result);
  }
  return result;
}

let counter = 0;

/** Runs a child script with `args` and the given environment; returns the JSON it wrote. */
export async function runChild<T>(
  name: 'require-time' | 'invoke-handler',
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<T> {
  const script = await compileChild(name);
  const out = path.join(await benchTempDir(), `${name}-${process.pid}-${++counter}.json`);
  await writeFile(out, '');
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [script, ...args, out], { env, maxBuffer: 64 * 2 ** 20 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${name} child failed: ${stderr.trim().split('\n').slice(-5).join(' | ') || error.message}`));
      else resolve();
    });
  });
  return JSON.parse(await readFile(out, 'utf8')) as T;
}
