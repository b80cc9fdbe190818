import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { S3_FOLDERS, ZIP_NAMES, type FunctionKey } from '../contract/names';
import { bundleHandler, ROOT } from '../scripts/lib/bundle';
import { FUNCTION_ENTRIES, FUNCTION_KEYS } from '../scripts/lib/functions';
import { readZip } from '../scripts/lib/unzip';
import { deterministicZip } from '../scripts/lib/zip';
import { benchTempDir, runChild } from './children';
import { summarize, type Summary } from './stats';

export type ZipSource = 'build' | 'dist';

export interface Bundle {
  readonly key: FunctionKey;
  readonly zipName: string;
  readonly zipBytes: number;
  readonly indexJsBytes: number;
  /** The unpacked index.js, as Lambda would have it in /var/task. */
  readonly indexJs: string;
}

export interface BundleFigures {
  readonly function: FunctionKey;
  readonly zip: string;
  readonly zipBytes?: number;
  readonly indexJsBytes?: number;
  readonly requireMs?: Summary;
  /** Why there is no figure (e.g. the handler's source does not exist yet). */
  readonly missing?: string;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The zip of one function: by default bundled now with the same code as
 * `npm run build` (deterministic, so the same bytes), so the figures are of
 * the current source; with `dist`, the zip already in dist/Lambda.
 */
async function zipOf(key: FunctionKey, source: ZipSource): Promise<Buffer | string> {
  if (source === 'dist') {
    const file = path.join(ROOT, 'dist', S3_FOLDERS.lambda, ZIP_NAMES[key]);
    return (await exists(file)) ? readFile(file) : `no ${path.relative(ROOT, file)} (run npm run build)`;
  }
  if (!(await exists(path.join(ROOT, FUNCTION_ENTRIES[key])))) return `${FUNCTION_ENTRIES[key]} does not exist yet`;
  const { code, map } = await bundleHandler(FUNCTION_ENTRIES[key]);
  return deterministicZip([
    { name: 'index.js', data: code },
    { name: 'index.js.map', data: map },
  ]);
}

/** Unpacks one zip's index.js into the bench's temp directory (under `label`), as Lambda has it in /var/task. */
export async function unpackBundle(key: FunctionKey, zip: Buffer, label = 'lambda'): Promise<Bundle | string> {
  const code = readZip(zip).get('index.js');
  if (!code) return `${ZIP_NAMES[key]} has no index.js`;
  const dir = path.join(await benchTempDir(), label, key);
  await mkdir(dir, { recursive: true });
  const indexJs = path.join(dir, 'index.js');
  await writeFile(indexJs, code);
  return { key, zipName: ZIP_NAMES[key], zipBytes: zip.length, indexJsBytes: code.length, indexJs };
}

/** Each function's zip, unpacked; a string says why a function has none. */
export async function loadBundles(source: ZipSource): Promise<Map<FunctionKey, Bundle | string>> {
  const bundles = new Map<FunctionKey, Bundle | string>();
  for (const key of FUNCTION_KEYS) {
    const zip = await zipOf(key, source).catch((error: Error) => `bundling failed: ${error.message.split('\n')[0]}`);
    bundles.set(key, typeof zip === 'string' ? zip : await unpackBundle(key, zip));
  }
  return bundles;
}

/** Size of each zip and the time to `require` its index.js in a fresh process, `reps` times. */
export async function measureBundles(
  bundles: ReadonlyMap<FunctionKey, Bundle | string>,
  reps: number,
  env: NodeJS.ProcessEnv,
): Promise<BundleFigures[]> {
  const figures: BundleFigures[] = [];
  for (const [key, bundle] of bundles) {
    if (typeof bundle === 'string') {
      figures.push({ function: key, zip: ZIP_NAMES[key], missing: bundle });
      continue;
    }
    const times: number[] = [];
    for (let i = 0; i < reps; i++) times.push((await runChild<{ ms: number }>('require-time', [bundle.indexJs], env)).ms);
    figures.push({
      function: key,
      zip: bundle.zipName,
      zipBytes: bundle.zipBytes,
      indexJsBytes: bundle.indexJsBytes,
      requireMs: summarize(times),
    });
  }
  return figures;
}
