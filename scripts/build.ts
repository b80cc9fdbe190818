/**
 * `npm run build`: the Lambda zips, email templates and console test events
 * in the S3 layout under dist/ (the templates come from `npm run synth`, which
 * the npm script runs first). Prints each artifact's size and sha256.
 *
 *   npm run build                 into dist/
 *   npm run build -- --out DIR    elsewhere (tests build twice and compare)
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { emitEmailTemplates } from './email-templates';
import path from 'node:path';
import { S3_FOLDERS, ZIP_NAMES } from '../contract/names';
import { artifactTable, describe, type Artifact } from './lib/artifacts';
import { bundleHandler, ROOT } from './lib/bundle';
import { FUNCTION_ENTRIES, FUNCTION_KEYS } from './lib/functions';
import { deterministicZip } from './lib/zip';

export const CONSOLE_EVENTS_SOURCE = path.join(ROOT, 'console-events');

export async function buildArtifacts(outDir: string): Promise<Artifact[]> {
  const artifacts: Artifact[] = [];
  const emit = async (folder: string, name: string, data: Buffer): Promise<void> => {
    await mkdir(path.join(outDir, folder), { recursive: true });
    await writeFile(path.join(outDir, folder, name), data);
    artifacts.push(describe(path.posix.join(folder, name), data));
  };

  for (const key of FUNCTION_KEYS) {
    const { code, map } = await bundleHandler(FUNCTION_ENTRIES[key]);
    const zip = await deterministicZip([
      { name: 'index.js', data: code },
      { name: 'index.js.map', data: map },
    ]);
    await emit(S3_FOLDERS.lambda, ZIP_NAMES[key], zip);
  }
  // The notifier's built-in templates are the source; dist/Template/ is their committed copy for upload.
  for (const file of (await emitEmailTemplates(outDir)).sort()) {
    artifacts.push(describe(path.posix.join(S3_FOLDERS.template, path.basename(file)), await readFile(file)));
  }
  for (const name of (await readdir(CONSOLE_EVENTS_SOURCE)).filter((n) => n.endsWith('.json')).sort()) {
    await emit(S3_FOLDERS.testUnits, name, await readFile(path.join(CONSOLE_EVENTS_SOURCE, name)));
  }
  return artifacts;
}

function parseOut(argv: readonly string[]): string {
  const index = argv.indexOf('--out');
  if (index === -1) return path.join(ROOT, 'dist');
  const value = argv[index + 1];
  if (!value) throw new Error('--out needs a directory');
  return path.resolve(value);
}

if (require.main === module) {
  buildArtifacts(parseOut(process.argv.slice(2)))
    .then((artifacts) => console.log(artifactTable(artifacts)))
    .catch((error: Error) => {
      console.error(`build failed: ${error.message}`);
      process.exit(1);
    });
}
