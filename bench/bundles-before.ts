import { execFile } from 'node:child_process';
import { access, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { S3_FOLDERS, ZIP_NAMES, type FunctionKey } from '../contract/names';
import { ROOT } from '../scripts/lib/bundle';
import { FUNCTION_KEYS } from '../scripts/lib/functions';
import { unpackBundle, type Bundle } from './bundles';

const run = promisify(execFile);

/** main before the lean-bundle work (issue 14): the "before" column of the bundle table. */
export const BEFORE_COMMIT = 'ae00c51';

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function git(...args: string[]): Promise<string> {
  return (await run('git', ['-C', ROOT, ...args], { maxBuffer: 64 * 2 ** 20 })).stdout;
}

/**
 * That commit's source tree with its dependencies: the working tree's
 * node_modules when both lockfiles are the same, else its own `npm ci`.
 * Built once per machine and kept in the temp directory.
 */
async function sameLockfile(commit: string): Promise<boolean> {
  return (await git('show', `${commit}:package-lock.json`)) === (await readFile(path.join(ROOT, 'package-lock.json'), 'utf8'));
}

/**
 * That commit's source tree with its dependencies: the working tree's
 * node_modules when both lockfiles are the same, else its own `npm ci`.
 * Built once per machine and kept in the temp directory; a tree that borrowed
 * the working tree's node_modules is built again once the lockfiles differ,
 * so "before" is always built with its own dependencies.
 */
async function checkout(commit: string, log: (line: string) => void): Promise<string> {
  const dir = path.join(os.tmpdir(), `iam-rotation-bench-${commit}`);
  const ready = path.join(dir, '.bench-ready');
  const mode = (await exists(ready)) ? (await readFile(ready, 'utf8')).trim() : undefined;
  const sameLock = await sameLockfile(commit);
  if (mode === 'installed' || (mode === 'linked' && sameLock)) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const archive = path.join(dir, 'source.tar');
  await git('archive', '--format=tar', '-o', archive, commit);
  await run('tar', ['-xf', archive, '-C', dir]);
  await rm(archive);
  if (sameLock) {
    await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  } else {
    log(`bundles before: installing ${commit}'s dependencies (its lockfile differs from the working tree's)`);
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, maxBuffer: 64 * 2 ** 20 });
  }
  await writeFile(ready, sameLock ? 'linked\n' : 'installed\n');
  return dir;
}

/**
 * The zips of `commit` built by that commit's own `scripts/build.ts`, then
 * unpacked like the working tree's, so both columns are measured the same
 * way. A string says why a function has none.
 */
export async function loadBundlesAt(commit: string, log: (line: string) => void): Promise<Map<FunctionKey, Bundle | string>> {
  const bundles = new Map<FunctionKey, Bundle | string>();
  let dir: string;
  try {
    dir = await checkout(commit, log);
    const out = path.join(dir, 'bench-out');
    if (!(await exists(path.join(out, S3_FOLDERS.lambda)))) {
      await run(path.join(dir, 'node_modules', '.bin', 'tsx'), ['scripts/build.ts', '--out', out], { cwd: dir, maxBuffer: 64 * 2 ** 20 });
    }
  } catch (error) {
    const reason = `could not build ${commit}: ${(error as Error).message.split('\n')[0]}`;
    for (const key of FUNCTION_KEYS) bundles.set(key, reason);
    return bundles;
  }
  for (const key of FUNCTION_KEYS) {
    const file = path.join(dir, 'bench-out', S3_FOLDERS.lambda, ZIP_NAMES[key]);
    bundles.set(key, (await exists(file)) ? await unpackBundle(key, await readFile(file), `before-${commit}`) : `${commit} built no ${ZIP_NAMES[key]}`);
  }
  return bundles;
}
