import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * functions/ holds what runs in Lambda. A command line (something run with
 * node or tsx from a shell) belongs in scripts/, where the build and the
 * other tools live.
 */
const FUNCTIONS = path.resolve(__dirname, '..', '..', 'functions');
const COMMAND_LINE = /require\.main\s*===\s*module|process\.argv|process\.exit\(/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(ts|js)$/.test(entry.name) ? [full] : [];
  });
}

describe('functions/', () => {
  test('holds no command-line program', () => {
    const files = sources(FUNCTIONS);
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter((file) => COMMAND_LINE.test(readFileSync(file, 'utf8'))).map((file) => path.relative(FUNCTIONS, file))).toEqual([]);
  });
});
