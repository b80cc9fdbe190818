/**
 * The template resolver (scripts/policy-matrix/resolve): every intrinsic the
 * templates use resolves to plain values, conditions decide what exists, and
 * anything it does not understand stops it with the place named.
 */
import { TEMPLATE_FILES } from '../../contract/names';
import { DEPLOYMENTS } from '../../scripts/policy-matrix/deployment/deployments';
import { committedTemplate, deployStacks, functionEnvironment } from '../../scripts/policy-matrix/deployment/stacks';
import { UnresolvableTemplateError } from '../../scripts/policy-matrix/resolve/errors';
import { resolveStack, type JsonObject } from '../../scripts/policy-matrix/resolve/resolve-stack';
import type { Json } from '../../templates-src/lib/yaml';

const place = { stackName: 'test-stack', accountId: '123456789012', region: 'eu-west-1', partition: 'aws' };

function resolveValue(value: Json, parameters: Record<string, string> = {}, extra: JsonObject = {}): Json {
  const template: JsonObject = {
    Parameters: { Name: { Type: 'String', Default: 'alpha' }, List: { Type: 'CommaDelimitedList', Default: 'a,b,c' }, Flag: { Type: 'String', Default: 'True' } },
    Conditions: {
      IsOn: { 'Fn::Equals': [{ Ref: 'Flag' }, 'True'] },
      IsOff: { 'Fn::Not': [{ Condition: 'IsOn' }] },
      Both: { 'Fn::And': [{ Condition: 'IsOn' }, { 'Fn::Equals': [{ Ref: 'Name' }, 'alpha'] }] },
      Either: { 'Fn::Or': [{ Condition: 'IsOff' }, { 'Fn::Equals': [{ Ref: 'Name' }, 'beta'] }] },
    },
    Resources: {
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${Name}-queue' } } },
      Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'the-role', Path: '/service/' } },
      Holder: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Value: value } } },
      ...extra,
    },
  };
  const stack = resolveStack({ template, place, parameters });
  return (stack.resources.get('Holder')?.properties.PolicyDocument as JsonObject).Value as Json;
}

describe('the template resolver', () => {
  test.each<[string, Json, Json]>([
    ['Ref of a parameter (default)', { Ref: 'Name' }, 'alpha'],
    ['Ref of a list parameter', { Ref: 'List' }, ['a', 'b', 'c']],
    ['pseudo parameters', { 'Fn::Join': [':', [{ Ref: 'AWS::Partition' }, { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::URLSuffix' }]] }, 'aws:eu-west-1:123456789012:amazonaws.com'],
    ['Ref of a queue is its URL', { Ref: 'Queue' }, 'https://sqs.eu-west-1.amazonaws.com/123456789012/alpha-queue'],
    ['Fn::GetAtt of a role is its ARN with its path', { 'Fn::GetAtt': ['Role', 'Arn'] }, 'arn:aws:iam::123456789012:role/service/the-role'],
    ['Fn::Sub with parameters, attributes and a ${!literal}', { 'Fn::Sub': 'arn:${AWS::Partition}:sqs:::${Queue.QueueName}/${!aws:username}/${Name}' }, 'arn:aws:sqs:::alpha-queue/${aws:username}/alpha'],
    ['Fn::Sub with its own variables', { 'Fn::Sub': ['${A}-${Name}', { A: { Ref: 'AWS::Region' } }] }, 'eu-west-1-alpha'],
    ['Fn::If on a condition', { 'Fn::If': ['IsOn', 'yes', 'no'] }, 'yes'],
    ['Fn::If on Not/And/Or conditions', [{ 'Fn::If': ['IsOff', 1, 2] }, { 'Fn::If': ['Both', 3, 4] }, { 'Fn::If': ['Either', 5, 6] }], [2, 3, 6]],
    ['AWS::NoValue drops a list item and a property', { list: ['a', { 'Fn::If': ['IsOff', 'b', { Ref: 'AWS::NoValue' }] }], gone: { Ref: 'AWS::NoValue' } }, { list: ['a'] }],
    ['Fn::Split and Fn::Select', { 'Fn::Select': [1, { 'Fn::Split': [',', 'x,y,z'] }] }, 'y'],
    ['Fn::Join of a list parameter', { 'Fn::Join': ['+', { Ref: 'List' }] }, 'a+b+c'],
  ])('%s', (_name, value, expected) => {
    expect(resolveValue(value)).toEqual(expected);
  });

  test('parameters change conditions: Flag=False flips every branch', () => {
    expect(resolveValue([{ 'Fn::If': ['IsOn', 'yes', 'no'] }, { 'Fn::If': ['Either', 5, 6] }], { Flag: 'False' })).toEqual(['no', 5]);
  });

  test.each<[string, Json, RegExp]>([
    ['an intrinsic it does not handle', { 'Fn::GetAZs': '' }, /intrinsic Fn::GetAZs is not handled/],
    ['Fn::ImportValue', { 'Fn::ImportValue': 'x' }, /Fn::ImportValue is not handled/],
    ['a Ref to nothing', { Ref: 'Nothing' }, /Ref to Nothing/],
    ['an attribute it does not model', { 'Fn::GetAtt': ['Role', 'Nope'] }, /Role.Nope: attribute not modelled/],
    ['an unknown condition', { 'Fn::If': ['Unknown', 1, 2] }, /no condition named Unknown/],
    ['Fn::Select out of range', { 'Fn::Select': [5, ['a']] }, /index 5 outside a list of 1/],
  ])('fails loudly, naming the place, on %s', (_name, value, message) => {
    expect(() => resolveValue(value)).toThrow(UnresolvableTemplateError);
    expect(() => resolveValue(value)).toThrow(message);
    expect(() => resolveValue(value)).toThrow(/Resources\.Holder\.Properties\.PolicyDocument\.Value/);
  });

  test('a reference to a resource whose condition is false fails', () => {
    const extra = { Off: { Type: 'AWS::SQS::Queue', Condition: 'IsOff', Properties: {} } };
    expect(() => resolveValue({ 'Fn::GetAtt': ['Off', 'Arn'] }, {}, extra)).toThrow(/Condition is false/);
  });

  test('a resource type it does not model fails when referenced', () => {
    const extra = { Thing: { Type: 'AWS::Foo::Bar', Properties: {} } };
    expect(() => resolveValue({ Ref: 'Thing' }, {}, extra)).toThrow(/no model of Ref\/GetAtt for resource type AWS::Foo::Bar/);
  });

  test('parameters are checked like CloudFormation checks them', () => {
    const template = committedTemplate(TEMPLATE_FILES.main);
    const good = DEPLOYMENTS.member.main;
    expect(() => resolveStack({ template, place, parameters: { ...good, DryRunFlag: 'maybe' } })).toThrow(/DryRunFlag: "maybe" is not one of True, False/);
    expect(() => resolveStack({ template, place, parameters: { ...good, AWSOrgID: 'org' } })).toThrow(/AWSOrgID: "org" does not match/);
    expect(() => resolveStack({ template, place, parameters: { ...good, NoSuchParameter: 'x' } })).toThrow(/declares no such parameter/);
    const { AdminEmailAddress: _required, ...missing } = good;
    expect(() => resolveStack({ template, place, parameters: missing })).toThrow(/AdminEmailAddress: required/);
    expect(() => resolveStack({ template, place, parameters: { ...good, RunLambdaInVPC: 'True' } })).toThrow(/Rules\.VpcSettingsGiven: the deployment breaks this rule/);
  });
});

function unresolved(value: Json, at: string, found: string[]): void {
  if (Array.isArray(value)) value.forEach((item, i) => unresolved(item, `${at}[${i}]`, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Ref' || key.startsWith('Fn::')) found.push(`${at}.${key}`);
      unresolved(item, `${at}.${key}`, found);
    }
  }
}

describe.each(Object.values(DEPLOYMENTS))('the $name deployment ($summary)', (deployment) => {
  const stacks = deployStacks(deployment);

  test('every stack resolves to plain JSON: no intrinsic is left in any resource or output', () => {
    const found: string[] = [];
    for (const stack of stacks.all) {
      for (const resource of stack.resources.values()) unresolved(resource.properties, `${stack.place.stackName}.${resource.logicalId}`, found);
      unresolved(stack.outputs as Json, `${stack.place.stackName}.Outputs`, found);
    }
    expect(found).toEqual([]);
  });

  test('the member role exists in every account of the Organization, trusting the rotation execution role of the primary account', () => {
    for (const account of deployment.organizationAccounts) {
      const roles = [...(stacks.memberRole.get(account)?.resources.values() ?? [])].filter((r) => r.type === 'AWS::IAM::Role');
      expect(roles.map((r) => r.physical?.Arn)).toEqual([`arn:aws:iam::${account}:role/${stacks.main.parameters.IAMRoleName as string}`]);
      expect(JSON.stringify(roles[0]?.properties.AssumeRolePolicyDocument)).toContain(`arn:aws:iam::${deployment.primaryAccountId}:role/${stacks.main.parameters.ExecutionRoleName as string}`);
    }
  });

  test('the functions are told what the other stacks create', () => {
    const rotation = functionEnvironment(stacks.main, 'rotation');
    const central = deployment.main.StoreSecretsInCentralAccount === 'True';
    expect(rotation.STORE_SECRETS_IN_CENTRAL_ACCOUNT).toBe(central ? 'True' : 'False');
    // The stack's own key, unless one is given (central replicas need a given multi-Region key).
    if (central) expect(rotation.SECRETS_KMS_KEY_ARN).toBe(deployment.main.SecretsKmsKeyArn ?? stacks.main.resources.get('SecretsKey')?.physical?.Arn);
    expect(stacks.vpcEndpoints !== undefined).toBe(deployment.main.RunLambdaInVPC === 'True');
  });
});
