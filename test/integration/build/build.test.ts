import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildArtifacts } from '../../../scripts/build';
import { readZip } from '../../../scripts/lib/unzip';
import { S3_FOLDERS, ZIP_NAMES } from '../../../contract/names';

async function buildInto(): Promise<{ dir: string; artifacts: Awaited<ReturnType<typeof buildArtifacts>> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'build-'));
  return { dir, artifacts: await buildArtifacts(dir) };
}

describe('npm run build', () => {
  let first: Awaited<ReturnType<typeof buildInto>>;
  let second: Awaited<ReturnType<typeof buildInto>>;

  beforeAll(async () => {
    first = await buildInto();
    second = await buildInto();
  });

  test('the same sources give the same bytes: two builds have identical sha256 for every artifact', () => {
    expect(second.artifacts).toEqual(first.artifacts);
    expect(first.artifacts.map((a) => a.path)).toEqual(
      expect.arrayContaining(Object.values(ZIP_NAMES).map((zip) => `${S3_FOLDERS.lambda}/${zip}`)),
    );
  });

  test('each zip holds a minified CommonJS index.js with its source map, exporting handler', async () => {
    for (const zip of Object.values(ZIP_NAMES)) {
      const entries = readZip(await readFile(path.join(first.dir, S3_FOLDERS.lambda, zip)));
      expect([...entries.keys()]).toEqual(['index.js', 'index.js.map']);
      const code = entries.get('index.js')?.toString() ?? '';
      expect(code.trimEnd().endsWith('//# sourceMappingURL=index.js.map')).toBe(true);
      // Minified: lines average thousands of characters (template literals keep their own line breaks).
      expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'bundle-'));
      await writeFile(path.join(dir, 'index.js'), code);
      // Loading runs the cold start; with no configuration it must fail by naming a variable, or load lazily.
      let loaded: { handler?: unknown } | undefined;
      let failure: Error | undefined;
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loaded = require(path.join(dir, 'index.js')) as { handler?: unknown };
      } catch (error) {
        failure = error as Error;
      }
      if (failure) expect(failure.name).toBe('ConfigError');
      else expect(typeof loaded?.handler).toBe('function');
    }
  });

  test('the email templates and console test events are in the layout', async () => {
    expect((await readdir(path.join(first.dir, S3_FOLDERS.template))).sort()).toEqual([
      'iam-auto-key-rotation-audit.html',
      'iam-auto-key-rotation-enforcement.html',
    ]);
    expect((await readdir(path.join(first.dir, S3_FOLDERS.testUnits))).length).toBeGreaterThanOrEqual(5);
  });

  test('the committed dist/Template files are what the build writes', async () => {
    for (const name of await readdir(path.join(first.dir, S3_FOLDERS.template))) {
      const built = await readFile(path.join(first.dir, S3_FOLDERS.template, name), 'utf8');
      const committed = await readFile(path.join(__dirname, '..', '..', '..', 'dist', S3_FOLDERS.template, name), 'utf8');
      expect(committed).toBe(built);
    }
  });
});
