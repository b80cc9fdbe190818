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

/**
 * Inside functions/: each Lambda function stands on core/ and on nothing of
 * another function. The run's state and its closing (runs/) belong to the
 * rotation function; the notifier only renders and sends mail, so it must
 * never import run-closing code, and runs/ never the notifier's.
 */
const FUNCTIONS = path.join(ROOT, 'functions');
const FUNCTION_ALLOWED: Readonly<Record<string, readonly string[]>> = {
  core: [],
  runs: ['core'],
  inventory: ['core'],
  rotation: ['core', 'runs'],
  notifier: ['core'],
};

function functionFolder(file: string): string {
  const relative = path.relative(FUNCTIONS, file);
  return relative.startsWith('..') ? '' : (relative.split(path.sep)[0] ?? '');
}

const functionCrossings = Object.keys(FUNCTION_ALLOWED).flatMap((folder) =>
  sourceFiles(path.join(FUNCTIONS, folder)).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => {
      const target = path.resolve(path.dirname(file), match[1] ?? match[2] ?? match[3] ?? '');
      return { from: folder, file: path.relative(ROOT, file), to: functionFolder(target), spec: match[1] ?? match[2] ?? match[3] ?? '' };
    }),
  ),
);

describe('imports between the functions', () => {
  it('knows every folder of functions/', () => {
    const folders = readdirSync(FUNCTIONS, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.sort()).toEqual(Object.keys(FUNCTION_ALLOWED).sort());
  });

  it('finds the rotation function closing runs (the scanner works)', () => {
    expect(functionCrossings.some((c) => c.from === 'rotation' && c.to === 'runs')).toBe(true);
  });

  it.each(Object.keys(FUNCTION_ALLOWED))('functions/%s imports only core/ and what it is allowed', (folder) => {
    const bad = functionCrossings
      .filter((c) => c.from === folder && c.to !== '' && c.to !== folder && !FUNCTION_ALLOWED[folder]?.includes(c.to))
      .map((c) => `${c.file} -> ${c.spec}`);
    expect(bad).toEqual([]);
  });
});
