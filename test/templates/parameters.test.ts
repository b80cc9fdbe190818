/**
 * Parameters: classic names and defaults kept (or the change recorded), each
 * one used, validated at deploy time; each function's environment names only
 * what the template declares and exactly the variables the function reads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PATTERNS } from '../../templates-src/lib/parameters';
import { RUNTIME_ENV } from '../../templates-src/main-stack/environment';
import { POWERTOOLS_ENV } from '../../contract/env/powertools';
import { FUNCTION_IDS } from '../../templates-src/main-stack/logical-ids';
import { INVENTORY_ENV } from '../../contract/env/inventory';
import { NOTIFIER_ENV } from '../../contract/env/notifier';
import { ROTATION_ENV } from '../../contract/env/rotation';
import { CODE_VERSION_PARAMETERS, TEMPLATE_FILES, type FunctionKey } from '../../contract/names';
import { CLASSIC_PARAMETERS } from './classic-parameters';
import { conditionReferences, isObject, loadAll, loadTemplate, references, ROOT, section, type JsonObject } from './templates';

const PSEUDO = new Set(['AWS::AccountId', 'AWS::Partition', 'AWS::Region', 'AWS::StackName', 'AWS::StackId', 'AWS::URLSuffix', 'AWS::NoValue']);
const changes = readFileSync(path.join(ROOT, 'templates-src', 'REMOVED_PARAMETERS.md'), 'utf8');

/** Parameters a template really uses: referenced by resources or outputs, directly or through a condition they use. */
function usedParameters(template: JsonObject): Set<string> {
  const conditions = section(template, 'Conditions');
  const consumers: JsonObject = { Resources: section(template, 'Resources'), Outputs: section(template, 'Outputs') };
  const used = references(consumers);
  const pending = [...conditionReferences(consumers)];
  for (const [, resource] of Object.entries(consumers).flatMap(([, s]) => Object.entries(s as JsonObject))) {
    if (isObject(resource) && typeof resource.Condition === 'string') pending.push(resource.Condition);
  }
  const seen = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const condition = conditions[name] ?? null;
    for (const ref of references(condition)) used.add(ref);
    pending.push(...conditionReferences(condition));
  }
  return used;
}

describe.each(loadAll().map((t) => [t.file, t] as const))('%s', (file, template) => {
  const parameters = section(template.json, 'Parameters');
  const classic = CLASSIC_PARAMETERS[file] ?? {};

  it('keeps every classic parameter name', () => {
    expect(Object.keys(classic).filter((name) => !(name in parameters))).toEqual([]);
  });

  it('keeps every classic default, or REMOVED_PARAMETERS.md records the change', () => {
    const changed = Object.entries(classic)
      .filter(([name, value]) => (isObject(parameters[name]) ? (parameters[name] as JsonObject).Default ?? null : null) !== value)
      .map(([name]) => name);
    expect(changed.filter((name) => !changes.includes(`\`${name}\``))).toEqual([]);
  });

  it('records every new parameter in REMOVED_PARAMETERS.md', () => {
    expect(Object.keys(parameters).filter((name) => !(name in classic) && !changes.includes(`\`${name}\``))).toEqual([]);
  });

  it('uses every parameter in a resource or output (no parameter is accepted and ignored)', () => {
    const used = usedParameters(template.json);
    expect(Object.keys(parameters).filter((name) => !used.has(name))).toEqual([]);
  });

  it('describes every parameter and validates it at deploy time', () => {
    for (const [name, value] of Object.entries(parameters)) {
      const p = value as JsonObject;
      expect([name, typeof p.Description]).toEqual([name, 'string']);
      const validated = p.AllowedPattern !== undefined || p.AllowedValues !== undefined || p.MinValue !== undefined || String(p.Type).startsWith('AWS::') || String(p.Type).startsWith('List<AWS::');
      expect([name, validated]).toEqual([name, true]);
    }
  });

  it('validates the usual suspects: Organization id, account ids, emails, periods, flags', () => {
    for (const [name, value] of Object.entries(parameters)) {
      const p = value as JsonObject;
      if (name === 'AWSOrgID') expect(p.AllowedPattern).toBe('^o-[a-z0-9]{10,32}$');
      if (/Account(ID)?$/.test(name) && name !== 'StoreSecretsInCentralAccount' && p.Default === undefined) expect([name, p.AllowedPattern]).toEqual([name, PATTERNS.accountId]);
      if (/Email/.test(name) && !/Template/.test(name)) expect([name, p.AllowedPattern]).toEqual([name, PATTERNS.email]);
      if (/Period$|Buffer$/.test(name)) expect([name, p.Type, p.MinValue]).toEqual([name, 'Number', 1]);
      if (p.Default === 'True' || p.Default === 'False') expect([name, p.AllowedValues]).toEqual([name, ['True', 'False']]);
    }
  });
});

describe('deploy-time patterns', () => {
  const matches = (pattern: string, value: string) => new RegExp(pattern).test(value);
  it.each([
    ['orgId', 'o-a1b2c3d4e5', true],
    ['orgId', 'o-short', false],
    ['orgId', 'O-A1B2C3D4E5', false],
    ['accountId', '123456789012', true],
    ['accountId', '12345678901', false],
    ['accountId', '1234567890123', false],
    ['email', 'admin@example.com', true],
    ['email', 'admin@example', false],
    ['email', 'not an email', false],
    ['accountIdList', '', true],
    ['accountIdList', '111111111111,222222222222', true],
    ['accountIdList', '111111111111,2222', false],
    ['optionalSubnetList', 'subnet-0123456789abcdef0,subnet-01234567', true],
    ['optionalSubnetList', 'subnet-0123456789abcdef0, subnet-01234567', false],
    ['optionalKmsKeyArn', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', true],
    ['optionalKmsKeyArn', 'alias/aws/secretsmanager', false],
  ] as const)('%s %j -> %s', (pattern, value, expected) => {
    expect(matches(PATTERNS[pattern], value)).toBe(expected);
  });
});

describe('function environments (main stack)', () => {
  const template = loadTemplate(TEMPLATE_FILES.main).json;
  const resources = section(template, 'Resources');
  const declared = new Set([...Object.keys(section(template, 'Parameters')), ...Object.keys(resources), ...PSEUDO]);
  const conditions = new Set(Object.keys(section(template, 'Conditions')));
  const expectedNames: Record<FunctionKey, readonly string[]> = {
    rotation: Object.values(ROTATION_ENV),
    inventory: Object.values(INVENTORY_ENV),
    notifier: Object.values(NOTIFIER_ENV),
  };
  const variablesOf = (key: FunctionKey): JsonObject => {
    const fn = resources[FUNCTION_IDS[key]] as JsonObject;
    return ((fn.Properties as JsonObject).Environment as JsonObject).Variables as JsonObject;
  };

  it.each(['rotation', 'inventory', 'notifier'] as const)('%s: sets exactly the variables the function reads (contract/env)', (key) => {
    expect(Object.keys(variablesOf(key)).sort()).toEqual([...expectedNames[key], ...Object.values(POWERTOOLS_ENV), ...Object.keys(RUNTIME_ENV)].sort());
  });

  it.each(['rotation', 'inventory', 'notifier'] as const)('%s: names only declared parameters, resources and conditions', (key) => {
    const variables = variablesOf(key);
    expect([...references(variables)].filter((name) => !declared.has(name))).toEqual([]);
    expect([...conditionReferences(variables)].filter((name) => !conditions.has(name))).toEqual([]);
    expect(references(variables).size).toBeGreaterThan(3);
  });

  it('the check itself catches an undeclared reference and an unused parameter', () => {
    const broken: JsonObject = {
      Parameters: { Used: { Type: 'String' }, Unused: { Type: 'String' }, OnlyInDeadCondition: { Type: 'String' } },
      Conditions: { Dead: { 'Fn::Equals': [{ Ref: 'OnlyInDeadCondition' }, 'x'] } },
      Resources: { F: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { A: { Ref: 'Used' }, B: { 'Fn::Sub': '${Missing}-${!literal}' } } } } } },
    };
    expect(usedParameters(broken)).toEqual(new Set(['Used', 'Missing']));
    expect([...references(broken.Resources ?? null)].filter((n) => !(n in (broken.Parameters as JsonObject)))).toEqual(['Missing']);
  });

  it('uses each code-version parameter as its function\'s S3ObjectVersion, only when set', () => {
    for (const key of ['rotation', 'inventory', 'notifier'] as const) {
      const code = ((resources[FUNCTION_IDS[key]] as JsonObject).Properties as JsonObject).Code as JsonObject;
      const fnIf = (code.S3ObjectVersion as JsonObject)['Fn::If'] as [string, JsonObject, JsonObject];
      expect(fnIf[1]).toEqual({ Ref: CODE_VERSION_PARAMETERS[key] });
      expect(fnIf[2]).toEqual({ Ref: 'AWS::NoValue' });
      expect(section(template, 'Conditions')[fnIf[0]]).toEqual({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: CODE_VERSION_PARAMETERS[key] }, ''] }] });
    }
  });
});
