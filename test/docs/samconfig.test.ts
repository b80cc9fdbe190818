import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { TEMPLATE_FILES } from '../../contract/names';

const ROOT = path.join(__dirname, '..', '..');

async function declaredParameters(): Promise<Record<string, { Default?: unknown }>> {
  const text = await readFile(path.join(ROOT, 'dist', 'CloudFormation', TEMPLATE_FILES.main), 'utf8');
  // Short-form intrinsics are custom tags; their values do not matter here.
  const template = parse(text, { customTags: [], logLevel: 'silent', strict: false }) as { Parameters: Record<string, { Default?: unknown }> };
  return template.Parameters;
}

describe('samconfig.toml', () => {
  test('every parameter it sets, or shows commented out, is declared by the main stack', async () => {
    const text = await readFile(path.join(ROOT, 'samconfig.toml'), 'utf8');
    const names = [...text.matchAll(/^\s*#?\s*"([A-Za-z0-9]+)=/gm)].map((m) => m[1] as string);
    expect(names.length).toBeGreaterThan(10);
    const declared = await declaredParameters();
    expect(names.filter((name) => !(name in declared))).toEqual([]);
  });

  test('it sets every main-stack parameter that has no default', async () => {
    const text = await readFile(path.join(ROOT, 'samconfig.toml'), 'utf8');
    const set = new Set([...text.matchAll(/^\s*"([A-Za-z0-9]+)=/gm)].map((m) => m[1]));
    const required = Object.entries(await declaredParameters())
      .filter(([, p]) => p.Default === undefined)
      .map(([name]) => name);
    expect(required.filter((name) => !set.has(name))).toEqual([]);
  });

  test('it deploys the committed main-stack template', async () => {
    const text = await readFile(path.join(ROOT, 'samconfig.toml'), 'utf8');
    expect(text).toContain(`template_file = "dist/CloudFormation/${TEMPLATE_FILES.main}"`);
  });
});
