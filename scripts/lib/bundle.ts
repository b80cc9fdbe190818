import { build } from 'esbuild';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Bundles one handler into a single CommonJS file for the nodejs22.x runtime.
 * The AWS SDK is bundled rather than taken from the runtime, so what was
 * tested is what runs. CommonJS needs no createRequire banner.
 */
export async function bundleHandler(entry: string): Promise<{ code: Buffer; map: Buffer }> {
  const result = await build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    // linked: the map ships in the zip and index.js names it, for NODE_OPTIONS=--enable-source-maps.
    sourcemap: 'linked',
    // Source paths in the map relative to the repository, not this machine.
    sourceRoot: '',
    absWorkingDir: ROOT,
    outfile: 'index.js',
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: false,
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
  if (!code || !map) throw new Error(`esbuild produced no output for ${entry}`);
  return { code: Buffer.from(code.contents), map: Buffer.from(map.contents) };
}
