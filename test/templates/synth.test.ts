import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { synthesize } from '../../templates-src/lib/synth';
import { parseTemplate, toYaml } from '../../templates-src/lib/yaml';
import { Fn } from 'cloudform';
import { COMMITTED_DIR, ROOT, TEMPLATE_FILE_NAMES } from './templates';

describe('npm run synth', () => {
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(path.join(tmpdir(), 'synth-'));
    // The real command line, with --out, as a user or CI runs it.
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'scripts', 'synth.ts'), '--out', outDir], { cwd: ROOT, stdio: 'pipe' });
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('writes exactly the four template files', () => {
    expect(readdirSync(outDir).sort()).toEqual([...TEMPLATE_FILE_NAMES].sort());
  });

  it.each(TEMPLATE_FILE_NAMES)('%s: the committed file equals a fresh synth byte for byte (run npm run synth and commit)', (file) => {
    const fresh = readFileSync(path.join(outDir, file));
    const committed = readFileSync(path.join(COMMITTED_DIR, file));
    expect(committed.equals(fresh)).toBe(true);
  });

  it('is byte-identical from one run to the next', () => {
    const first = synthesize();
    const second = synthesize();
    expect(second).toEqual(first);
    expect(first.map((t) => t.file)).toEqual([...TEMPLATE_FILE_NAMES]);
  });

  it.each(TEMPLATE_FILE_NAMES)('%s: says it is generated and from which source, and uses short-form intrinsics', (file) => {
    const text = readFileSync(path.join(outDir, file), 'utf8');
    expect(text).toMatch(/^# .+\n# GENERATED FILE: do not edit\. Source: templates-src\/[a-z-]+\n/);
    expect(text).toContain('!Ref ');
    expect(text).not.toMatch(/\bRef:|Fn::(Sub|GetAtt|If|Equals|Join|Split|Not|And|Or):/);
    expect(Object.keys(parseTemplate(text))[0]).toBe('AWSTemplateFormatVersion');
  });
});

describe('the YAML emitter', () => {
  it('writes short forms that parse back to the long forms cloudform builds', () => {
    const template = {
      Resources: {
        R: {
          Type: 'AWS::SNS::Topic',
          Properties: {
            A: Fn.Ref('P'),
            B: Fn.Sub('arn:${AWS::Partition}:x:${!aws:username}', {}),
            C: Fn.GetAtt('Q', 'Arn'),
            D: Fn.If('Cond', 'True', Fn.Ref('AWS::NoValue')),
            E: Fn.Sub('${X}-${Y}', { Y: 'y' }),
            F: '2010-09-09',
          },
        },
      },
    };
    const yaml = toYaml(template, { file: 'x.yaml', source: 'test' });
    expect(yaml).toContain('A: !Ref P');
    expect(yaml).toContain('B: !Sub arn:${AWS::Partition}:x:${!aws:username}');
    expect(yaml).toContain('C: !GetAtt Q.Arn');
    expect(yaml).toContain("F: '2010-09-09'");
    expect(parseTemplate(yaml)).toEqual({
      Resources: {
        R: {
          Type: 'AWS::SNS::Topic',
          Properties: {
            A: { Ref: 'P' },
            B: { 'Fn::Sub': 'arn:${AWS::Partition}:x:${!aws:username}' },
            C: { 'Fn::GetAtt': ['Q', 'Arn'] },
            D: { 'Fn::If': ['Cond', 'True', { Ref: 'AWS::NoValue' }] },
            E: { 'Fn::Sub': ['${X}-${Y}', { Y: 'y' }] },
            F: '2010-09-09',
          },
        },
      },
    });
  });

  it('puts sections in CloudFormation order whatever the source order, and refuses unknown sections', () => {
    const yaml = toYaml({ Resources: {}, Parameters: {}, AWSTemplateFormatVersion: '2010-09-09' }, { file: 'x', source: 'y' });
    expect(Object.keys(parseTemplate(yaml))).toEqual(['AWSTemplateFormatVersion', 'Parameters', 'Resources']);
    expect(() => toYaml({ Resource: {} }, { file: 'x', source: 'y' })).toThrow(/unknown top-level section/);
  });
});
