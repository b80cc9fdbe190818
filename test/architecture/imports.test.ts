import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The rooms of the house, enforced: each top-level folder may import only the
 * ones below it. The Lambda runtime never stands on the template generator,
 * the product never on test code, and the contract on nothing.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  contract: [],
  functions: ['contract'],
  'templates-src': ['contract'],
  'console-events': ['contract', 'functions'],
  emulator: ['contract', 'functions'],
  scripts: ['contract', 'functions', 'templates-src', 'emulator', 'console-events'],
  bench: ['contract', 'functions', 'templates-src', 'emulator', 'scripts'],
};

const IMPORT = /(?:import|export)\s[^'";]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|require\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|js)$/.test(entry.name) ? [full] : [];
  });
}

function topFolder(file: string): string {
  return path.relative(ROOT, file).split(path.sep)[0] ?? '';
}

const crossings = Object.keys(ALLOWED).flatMap((folder) =>
  sourceFiles(path.join(ROOT, folder)).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => {
      const spec = match[1] ?? match[2] ?? match[3] ?? '';
      return { from: path.relative(ROOT, file), to: topFolder(path.resolve(path.dirname(file), spec)), spec };
    }),
  ),
);

describe('imports between top-level folders', () => {
  it('finds imports to check (the scanner works)', () => {
    expect(crossings.filter((c) => c.from.startsWith('functions') && c.to === 'contract').length).toBeGreaterThan(5);
  });

  it.each(Object.keys(ALLOWED))('%s imports only what lies below it', (folder) => {
    const bad = crossings
      .filter((c) => topFolder(path.join(ROOT, c.from)) === folder && c.to !== folder && !ALLOWED[folder]?.includes(c.to))
      .map((c) => `${c.from} -> ${c.spec}`);
    expect(bad).toEqual([]);
  });
});
