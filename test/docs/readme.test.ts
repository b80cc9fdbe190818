import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const README = path.join(ROOT, 'README.md');

describe('README.md', () => {
  test('it opens with the two commands for a fresh machine', async () => {
    const readme = await readFile(README, 'utf8');
    const firstBlock = readme.slice(readme.indexOf('```sh'), readme.indexOf('```', readme.indexOf('```sh') + 5));
    const commands = firstBlock
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter((line) => line.length > 0);
    // Exactly these two, first: the guide's promise to someone on a fresh machine.
    expect(commands).toEqual(['npm ci && npm run demo', 'npm test']);
  });

  test('it links every page in docs/, so none is found only by browsing the folder', async () => {
    const readme = await readFile(README, 'utf8');
    const pages = (await readdir(path.join(ROOT, 'docs'))).filter((name) => name.endsWith('.md')).sort();
    expect(pages).toEqual(expect.arrayContaining(['design.md', 'lifecycle.md', 'parameters.md', 'performance.md']));
    expect(pages.filter((page) => !readme.includes(`](docs/${page})`))).toEqual([]);
  });

  test('no generator writes a slice of it: the generated pages are whole files in docs/', async () => {
    const readme = await readFile(README, 'utf8');
    expect(readme).not.toContain('<!-- parameters:start');
    expect(readme).not.toMatch(/^## Performance$/m);
  });
});
