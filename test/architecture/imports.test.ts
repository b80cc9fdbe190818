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

/**
 * Outside functions/, a function is used through its public API: its
 * index.ts (which also holds the Lambda entry). core/ is a library of public
 * modules and may be imported module by module. Tests may reach inside.
 */
const FUNCTION_NAMES_OUTSIDE = ['inventory', 'rotation', 'notifier', 'runs'];
const outsideToFunctions = crossings.filter((c) => c.to === 'functions' && !c.from.startsWith('functions'));

describe("a function's public index.ts", () => {
  it('finds scripts importing functions (the scanner works)', () => {
    expect(outsideToFunctions.some((c) => c.from.startsWith('scripts/plan/') && /functions\/rotation$/.test(c.spec))).toBe(true);
  });

  it('is the only way scripts, the bench, the emulator and the templates import a function', () => {
    const inside = outsideToFunctions
      .map((c) => ({ ...c, target: path.relative(FUNCTIONS, path.resolve(ROOT, path.dirname(c.from), c.spec)).split(path.sep) }))
      .filter(({ target }) => FUNCTION_NAMES_OUTSIDE.includes(target[0] ?? '') && !(target.length === 1 || (target.length === 2 && target[1] === 'index')))
      .map((c) => `${c.from} -> ${c.spec}`);
    expect(inside).toEqual([]);
  });
});

/**
 * One place for each shared mechanism: product code (everything but test/)
 * has one day-arithmetic module, one SQS batch sender, one bounded-
 * concurrency helper and one Planner type. A second copy fails here.
 */
const PRODUCT = ['functions', 'contract', 'templates-src', 'console-events', 'emulator', 'scripts', 'bench'].flatMap((folder) =>
  sourceFiles(path.join(ROOT, folder)).map((file) => ({ file: path.relative(ROOT, file), text: readFileSync(file, 'utf8') })),
);

function filesMatching(pattern: RegExp): string[] {
  return PRODUCT.filter(({ text }) => pattern.test(text)).map(({ file }) => file);
}

describe('one place for each shared mechanism', () => {
  it.each([
    ['the length of a day in ms', /86_?400_?000|24 \* 60 \* 60 \* 1000|864e5/, 'functions/core/lifecycle/time.ts'],
    ['whole UTC days between two instants', /function (daysBetween|ageInDays)\b[^{]*\{\s*return Math\.floor/, 'functions/core/lifecycle/time.ts'],
    ['adding days / the start of a UTC day', /function (addDays|startOfUtcDay|dayStart|startOfDay)\b/, 'functions/core/lifecycle/time.ts'],
    ['a SendMessageBatch call', /new SendMessageBatchCommand\(/, 'functions/core/aws/sqs-batch-send.ts'],
    ['a pool of workers', /Promise\.all\(\s*Array\.from\(/, 'functions/core/async/map-with-concurrency.ts'],
    ['a bounded-concurrency helper', /export (async )?function (mapWithConcurrency|forEachLimit|pool|limitConcurrency)\b|export \{ mapWithConcurrency \}/, 'functions/core/async/map-with-concurrency.ts'],
    ['the Planner type', /type Planner\s*=/, 'functions/core/lifecycle/types.ts'],
  ])('%s exists once', (_what, pattern, home) => {
    expect(filesMatching(pattern)).toEqual([home]);
  });
});
