import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm run test:unit` runs without the emulator: a test that needs moto or the
 * Python tools must be in the integration project, or it would fail there
 * for want of a server rather than for what it tests.
 */
const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ELSEWHERE = require('../harness/integration-files') as string[];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require('../../jest.config') as { projects: { displayName: string; globalSetup?: string }[] };
const NEEDS_EMULATOR = /from '[./]+\/(harness\/moto|emulator\/moto-server|emulator\/python-tools)'/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [path.relative(ROOT, full)] : [];
  });
}

describe('jest projects', () => {
  const outside = testFiles(path.join(ROOT, 'test')).filter((file) => !file.startsWith(`test${path.sep}integration${path.sep}`));

  test('every test outside test/integration/ that needs moto or the Python tools is an integration test', () => {
    const needing = outside.filter((file) => NEEDS_EMULATOR.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(needing.length).toBeGreaterThan(0);
    expect(needing.filter((file) => !ELSEWHERE.includes(file.split(path.sep).join('/')))).toEqual([]);
  });

  test('the listed integration tests exist', () => {
    expect(ELSEWHERE.filter((file) => !existsSync(path.join(ROOT, file)))).toEqual([]);
  });

  test('only the integration project starts moto', () => {
    const setups = Object.fromEntries(config.projects.map((p) => [p.displayName, p.globalSetup ?? '']));
    expect(setups.unit).not.toMatch(/global-setup/);
    expect(setups.integration).toMatch(/global-setup\.ts$/);
  });
});
