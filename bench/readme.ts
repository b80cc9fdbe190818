import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from '../scripts/lib/bundle';

const HEADING = '## Performance';

/**
 * Replaces README.md's "## Performance" section (up to the next "## "
 * heading, or the end), or appends it: the rest of the file belongs to others
 * and is left byte for byte.
 */
export async function writeReadmeSection(body: string): Promise<void> {
  const file = path.join(ROOT, 'README.md');
  const text = await readFile(file, 'utf8');
  const section = `${HEADING}\n\n${body.trim()}\n`;
  const start = text.indexOf(`\n${HEADING}\n`);
  if (start === -1) {
    await writeFile(file, `${text.replace(/\n*$/, '')}\n\n${section}`);
    return;
  }
  const after = text.indexOf('\n## ', start + HEADING.length + 1);
  const rest = after === -1 ? '' : `\n${text.slice(after + 1)}`;
  await writeFile(file, `${text.slice(0, start + 1)}${section}${rest}`);
}
