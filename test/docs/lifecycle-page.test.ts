import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_LIFECYCLE_SETTINGS } from '../../functions/core/lifecycle';
import { runDaily } from '../unit/lifecycle/daily';
import { documentedTimeline } from '../unit/lifecycle/documented';

const ROOT = path.join(__dirname, '..', '..');
/** The README shows the day table; docs/lifecycle.md shows it with everything else. */
const PAGES = ['README.md', 'docs/lifecycle.md'];

/** The days on which the documented timeline has a line starting with `prefix`, as the docs' ranges ("83–89", "90"). */
function days(log: Map<number, string[]>, prefix: string): string {
  const found = [...log].filter(([, lines]) => lines.some((line) => line.startsWith(prefix))).map(([d]) => d);
  const first = found[0];
  const last = found.at(-1);
  return first === last ? String(first) : `${first}–${last}`;
}

describe('"What it does to a key" (README and docs/lifecycle.md) matches the engine', () => {
  test.each(PAGES)('each row of the day table in %s is the documented timeline for the defaults, which the engine produces day by day', async (page) => {
    const readme = await readFile(path.join(ROOT, page), 'utf8');
    const documented = documentedTimeline(DEFAULT_LIFECYCLE_SETTINGS, 'switches', 115);
    expect(runDaily(DEFAULT_LIFECYCLE_SETTINGS, 'switches', 115).log).toEqual(documented);
    expect([...documented].some(([, lines]) => lines.some((line) => line.startsWith('WARN(ROTATE)')))).toBe(false);
    for (const [prefix, what] of [
      ['ROTATE', '**rotate**'],
      ['WARN(DEACTIVATE)@7', 'one reminder (7 days): the old key is deactivated on day 100'],
      ['WARN(DEACTIVATE)@1', 'one reminder (1 day): the old key is deactivated tomorrow'],
      ['DEACTIVATE', '**deactivate** the old key'],
      ['WARN(DELETE)@7', 'one reminder (7 days): the old key is deleted on day 110'],
      ['DELETE', '**delete** the old key'],
    ] as const) {
      expect(readme).toContain(`| ${days(documented, `${prefix} K0`)} | ${what}`);
    }
  });

  test('the Postpone paragraph of docs/lifecycle.md gives the B + P day the engine uses', async () => {
    const readme = await readFile(path.join(ROOT, 'docs', 'lifecycle.md'), 'utf8');
    const stays = runDaily({ ...DEFAULT_LIFECYCLE_SETTINGS, inUseKeyAction: 'Postpone' }, 'stays', 125).log;
    expect(stays.get(120)).toEqual(['DEACTIVATE K0 due 120 CRITICAL']);
    expect(readme).toContain('on day 120 (B + P) at the');
  });
});
