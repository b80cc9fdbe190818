import { readFile } from 'node:fs/promises';
import { README, renderParameterReference, replaceReference, START } from '../../scripts/docs';

describe('README.md', () => {
  test('the parameter reference matches templates-src/ (run npm run docs when this fails)', async () => {
    const readme = await readFile(README, 'utf8');
    expect(replaceReference(readme, renderParameterReference())).toBe(readme);
  });

  test('the reference names every template and is not empty', () => {
    const reference = renderParameterReference();
    expect(reference.startsWith(START)).toBe(true);
    for (const name of ['ASA-iam-key-auto-rotation-and-notifier-solution.yaml', 'ASA-iam-key-auto-rotation-iam-assumed-roles.yaml']) {
      expect(reference).toContain(`### ${name}`);
    }
    expect(reference).toContain('| `RotationPeriod` | `90` |');
  });

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
});
