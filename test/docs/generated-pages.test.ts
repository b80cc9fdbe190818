import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATED as PERFORMANCE_GENERATED, PERFORMANCE_PAGE, performancePage } from '../../bench/performance-page';
import type { BenchResults } from '../../bench/results';
import { evaluateTargets } from '../../bench/targets';
import { GENERATED, PARAMETERS_PAGE, renderParametersPage } from '../../scripts/docs';

/** Each generated page is written whole by its generator; these fail when a page is stale or edited by hand. */
describe('docs/parameters.md (npm run docs)', () => {
  test('is exactly what templates-src/ generates (run npm run docs when this fails)', async () => {
    expect(await readFile(PARAMETERS_PAGE, 'utf8')).toBe(renderParametersPage());
  });

  test('names every template and is not empty', () => {
    const page = renderParametersPage();
    expect(page.startsWith(`# Parameters\n\n${GENERATED}\n`)).toBe(true);
    for (const name of ['ASA-iam-key-auto-rotation-and-notifier-solution.yaml', 'ASA-iam-key-auto-rotation-iam-assumed-roles.yaml']) {
      expect(page).toContain(`## ${name}`);
    }
    expect(page).toContain('| `RotationPeriod` | `90` |');
  });
});

describe('docs/performance.md (npm run bench -- --page)', () => {
  test('is exactly the page of bench/results.json (run npm run bench -- --report-only --page when this fails)', async () => {
    const results = JSON.parse(await readFile(path.join(__dirname, '..', '..', 'bench', 'results.json'), 'utf8')) as BenchResults;
    const page = await readFile(PERFORMANCE_PAGE, 'utf8');
    expect(page).toContain(PERFORMANCE_GENERATED);
    // --report-only judges the stored figures with today's targets.
    expect(page).toBe(performancePage({ ...results, targets: evaluateTargets(results.scenarios, results.bundles) }));
  });
});
