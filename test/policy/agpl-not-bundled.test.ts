/**
 * @cloud-copilot/iam-simulate is AGPL: a dev dependency for the policy
 * simulation only. No Lambda zip may contain it, nor anything of its family
 * (@cloud-copilot/*): neither in the bundled code nor among the sources its
 * source map lists.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildArtifacts } from '../../scripts/build';
import { readZip } from '../../scripts/lib/unzip';
import { S3_FOLDERS, ZIP_NAMES } from '../../contract/names';
import packageJson from '../../package.json';

const AGPL = /@cloud-copilot|iam-simulate/;

describe('the AGPL policy simulator stays out of the Lambda zips', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'agpl-check-'));
    await buildArtifacts(dir);
  }, 120_000);

  test('it is a dev dependency, never a runtime one', () => {
    expect(Object.keys(packageJson.devDependencies)).toContain('@cloud-copilot/iam-simulate');
    expect(Object.keys(packageJson.dependencies).filter((name) => AGPL.test(name))).toEqual([]);
  });

  test.each(Object.values(ZIP_NAMES))('%s contains none of it', async (zip) => {
    const entries = readZip(await readFile(path.join(dir, S3_FOLDERS.lambda, zip)));
    const map = JSON.parse(entries.get('index.js.map')?.toString() ?? '{"sources":[]}') as { sources: string[] };
    expect(map.sources.length).toBeGreaterThan(10);
    expect(map.sources.filter((source) => AGPL.test(source))).toEqual([]);
    expect(AGPL.test(entries.get('index.js')?.toString() ?? '')).toBe(false);
  });
});
