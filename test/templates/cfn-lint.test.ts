import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pythonTools } from '../../emulator/python-tools';
import { isObject, loadAll, loadTemplate, section, TEMPLATE_FILE_NAMES } from './templates';

/** Runs cfn-lint with informational checks included; one finding per line (`--format parseable`). */
function cfnLint(files: readonly string[]): { status: number | null; findings: string[] } {
  const result = spawnSync(pythonTools().cfnLint, ['--format', 'parseable', '--include-checks', 'I', '--', ...files], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, findings: `${result.stdout}${result.stderr}`.split('\n').filter(Boolean) };
}

describe('cfn-lint', () => {
  let lint: { status: number | null; findings: string[] };
  beforeAll(() => {
    // One run for all four templates: cfn-lint's start-up dominates its run time.
    lint = cfnLint(TEMPLATE_FILE_NAMES.map((file) => loadTemplate(file).path));
  });

  it.each(TEMPLATE_FILE_NAMES)('%s: no errors, no warnings, no informational findings', (file) => {
    expect(lint.findings.filter((line) => line.includes(file))).toEqual([]);
  });

  it('exits 0 on all four templates', () => {
    expect(lint.findings).toEqual([]);
    expect(lint.status).toBe(0);
  });

  it('does fail on a template with a problem (the check can fail)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-'));
    try {
      const bad = path.join(dir, 'bad.yaml');
      writeFileSync(bad, "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: !Ref Missing\n");
      const { status, findings } = cfnLint([bad]);
      expect(status).not.toBe(0);
      expect(findings.join('\n')).toMatch(/Missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is silenced only where a Condition or Rule guarantees what cfn-lint cannot see, with the reason written down', () => {
    const exceptions: string[] = [];
    for (const template of loadAll()) {
      expect(template.json.Metadata).toBeUndefined();
      for (const [id, resource] of Object.entries(section(template.json, 'Resources'))) {
        if (!isObject(resource) || !isObject(resource.Metadata) || resource.Metadata['cfn-lint'] === undefined) continue;
        expect(typeof resource.Metadata.LintExceptionReason).toBe('string');
        exceptions.push(`${template.file}:${id}:${JSON.stringify(resource.Metadata['cfn-lint'])}`);
      }
    }
    expect(exceptions).toEqual(['ASA-iam-key-auto-rotation-and-notifier-solution.yaml:LambdaSecurityGroup:{"config":{"ignore_checks":["W1030"]}}']);
  });
});
