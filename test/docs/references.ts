import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Finds references to files of the repository that do not exist: links in
 * markdown (with their #anchors), and paths such as `functions/core/scrub/` or
 * `docs/design.md#4-key-lifecycle` in the docs and in code comments. A page
 * that moves, or a section renamed, then cannot leave pointers behind.
 */
export const ROOT = path.resolve(__dirname, '..', '..');

/** Written by a branch in flight; linked already so that the page needs no edit when it lands. */
export const PENDING: ReadonlyMap<string, string> = new Map([['docs/run.md', 'the run state outside the notifier (issue 23, items 1-2)']]);

/** The old design file outside the repository; built here so this file does not name it. */
export const OLD_DESIGN_FILE = ['DESIGN', 'md'].join('.');

const FOLDERS = ['.ci', 'bench', 'console-events', 'contract', 'dist', 'docs', 'emulator', 'functions', 'scripts', 'templates-src', 'test'];
const SCANNED = ['.ci', 'bench', 'console-events', 'contract', 'docs', 'emulator', 'functions', 'scripts', 'templates-src', 'test'];
const ROOT_FILES = ['README.md', 'CHANGELOG.md', 'jest.config.js', 'eslint.config.mjs'];
/** Built by `npm run build` or the demo, not committed. */
const BUILT = ['dist/Lambda', 'dist/Test Units'];

const PATH_TOKEN = new RegExp(`(?<![\\w./@:-])((?:dist/Test Units|(?:${FOLDERS.map((f) => f.replace('.', '\\.')).join('|')})/[\\w./-]*[\\w/]|(?:README|CHANGELOG)\\.md))(#[\\w-]+)?(?![\\w<*{$-])`, 'g');
const MARKDOWN_LINK = /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

export interface Finding {
  readonly file: string;
  readonly reference: string;
  readonly problem: string;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : files(full);
    return /\.(ts|js|mjs|py|sh|md)$/.test(entry.name) || path.basename(dir) === '.ci' ? [full] : [];
  });
}

/** Every file scanned, relative to the root. */
export function scannedFiles(): string[] {
  const found = SCANNED.filter((dir) => existsSync(path.join(ROOT, dir))).flatMap((dir) => files(path.join(ROOT, dir)));
  return [...ROOT_FILES.filter((file) => existsSync(path.join(ROOT, file))).map((file) => path.join(ROOT, file)), ...found].map((file) => path.relative(ROOT, file));
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) continue;
    for (const match of line.matchAll(/<a id="([^"]+)"><\/a>/g)) anchors.add(match[1] ?? '');
    const heading = /^#{1,6} (.*)$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}_\- ]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The comments of a source file (what a reader follows), or all of a markdown file. */
function referringText(file: string, text: string): string {
  if (file.endsWith('.md')) return text;
  const hash = /\.(py|sh)$/.test(file) || file.startsWith('.ci');
  return text
    .split('\n')
    .flatMap((line) => {
      const trimmed = line.trim();
      if (/^(\/\/|\/\*|\*)/.test(trimmed) || (hash && trimmed.startsWith('#'))) return [trimmed];
      const trailing = / \/\/ (.*)$/.exec(line)?.[1];
      return trailing === undefined ? [] : [trailing];
    })
    .join('\n');
}

function resolves(target: string): boolean {
  if (BUILT.some((built) => target === built || target.startsWith(`${built}/`))) return true;
  const full = path.join(ROOT, target);
  return [full, `${full}.ts`, `${full}.js`, path.join(full, 'index.ts')].some((candidate) => existsSync(candidate));
}

function checkTarget(file: string, reference: string, target: string, anchor: string | undefined): Finding | undefined {
  if (PENDING.has(target)) return undefined;
  if (!resolves(target)) return { file, reference, problem: `${target} does not exist` };
  if (anchor === undefined || !target.endsWith('.md') || statSync(path.join(ROOT, target)).isDirectory()) return undefined;
  return anchorsOf(readFileSync(path.join(ROOT, target), 'utf8')).has(anchor) ? undefined : { file, reference, problem: `${target} has no section #${anchor}` };
}

/** The dangling references of one file's text. */
export function findingsOf(file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  if (text.includes(OLD_DESIGN_FILE)) findings.push({ file, reference: OLD_DESIGN_FILE, problem: 'the design is docs/design.md; point at its section' });
  if (file.endsWith('.md')) {
    for (const match of text.matchAll(MARKDOWN_LINK)) {
      const link = match[1] ?? '';
      if (/^[a-z]+:/i.test(link)) continue;
      const [target = '', anchor] = link.split('#');
      const relative = target === '' ? file : path.relative(ROOT, path.resolve(ROOT, path.dirname(file), decodeURIComponent(target)));
      const finding = checkTarget(file, link, relative.split(path.sep).join('/'), anchor);
      if (finding) findings.push(finding);
    }
  }
  for (const match of referringText(file, text).matchAll(PATH_TOKEN)) {
    const target = (match[1] ?? '').replace(/\/$/, '') || (match[1] ?? '');
    const finding = checkTarget(file, match[0], target, match[2]?.slice(1));
    if (finding) findings.push(finding);
  }
  // A markdown link's target is a path token too: one finding per problem.
  return findings.filter((finding, i) => findings.findIndex((other) => other.problem === finding.problem) === i);
}

export function danglingReferences(): Finding[] {
  return scannedFiles().flatMap((file) => findingsOf(file, readFileSync(path.join(ROOT, file), 'utf8')));
}
