/**
 * docs/design.md#6-security-model, asserted by walking every policy document of every
 * generated template (policy-rules.ts), plus bad samples proving each rule bites.
 */
import { findPolicies, managedPolicyViolations, policyViolations, statements, statementViolations, type FoundPolicy } from './policy-rules';
import { isObject, loadAll, loadTemplate, section, walk, type JsonObject } from './templates';
import { READER_POLICY_NAME, TEMPLATE_FILES } from '../../contract/names';

const templates = loadAll();

describe.each(templates.map((t) => [t.file, t] as const))('%s', (_file, template) => {
  const policies = findPolicies(template.json);

  it('obeys the security model in every policy document (no wildcards, nothing granting, exact principals)', () => {
    expect(policies.flatMap(policyViolations)).toEqual([]);
  });

  it('attaches no broad AWS managed policy (*FullAccess, AdministratorAccess)', () => {
    expect(managedPolicyViolations(template.json)).toEqual([]);
  });

  it('has no Action "*" or service wildcard anywhere, even outside a recognised policy', () => {
    const wild: string[] = [];
    walk(template.json, (node, at) => {
      if (!isObject(node)) return;
      for (const action of [node.Action].flat()) if (typeof action === 'string' && /[*?]/.test(action)) wild.push(`${at}: ${action}`);
    });
    expect(wild).toEqual([]);
  });
});

describe('policy documents are found', () => {
  it('in every role, managed policy, key and topic policy', () => {
    const at = (file: string) => findPolicies(loadTemplate(file).json).map((p) => `${p.kind} ${p.at}`);
    expect(at(TEMPLATE_FILES.main)).toEqual(
      expect.arrayContaining([
        'trust RotationExecutionRole.Properties.AssumeRolePolicyDocument',
        'identity RotationExecutionRole.Properties.Policies[0].PolicyDocument',
        'identity InventoryExecutionRole.Properties.Policies[0].PolicyDocument',
        'identity NotifierExecutionRole.Properties.Policies[0].PolicyDocument',
        'resource OperationsKey.Properties.KeyPolicy',
        'resource SecretsKey.Properties.KeyPolicy',
        'resource AlarmTopicPolicy.Properties.PolicyDocument',
      ]),
    );
    expect(at(TEMPLATE_FILES.assumedRole)).toEqual([
      'trust AssumedRole.Properties.AssumeRolePolicyDocument',
      'identity AssumedRole.Properties.Policies[0].PolicyDocument',
      'identity ReaderPolicy.Properties.PolicyDocument',
    ]);
    expect(at(TEMPLATE_FILES.listAccountsRole)).toEqual([
      'trust ListAccountsRole.Properties.AssumeRolePolicyDocument',
      'identity ListAccountsRole.Properties.Policies[0].PolicyDocument',
      'trust CentralSecretsRole.Properties.AssumeRolePolicyDocument',
      'identity CentralSecretsRole.Properties.Policies[0].PolicyDocument',
    ]);
  });
});

describe('cross-account trust (deploys before the trusted role exists)', () => {
  const trustOf = (file: string, roleId: string): JsonObject => {
    const role = section(loadTemplate(file).json, 'Resources')[roleId];
    if (!isObject(role) || !isObject(role.Properties) || !isObject(role.Properties.AssumeRolePolicyDocument)) throw new Error(`${roleId} has no trust policy`);
    const [statement] = statements(role.Properties.AssumeRolePolicyDocument);
    if (!statement) throw new Error('no statement');
    return statement;
  };

  /** The one trust statement each cross-account role has: the primary account, narrowed to one execution role and the Organization. */
  const trustedBy = (sid: string, roleNameParameter: string): JsonObject => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${PrimaryAccountID}:root' } },
    Action: ['sts:AssumeRole'],
    Condition: {
      ArnEquals: { 'aws:PrincipalArn': { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${PrimaryAccountID}:role/\${${roleNameParameter}}` } },
      StringEquals: { 'aws:PrincipalOrgID': { Ref: 'AWSOrgID' } },
    },
  });

  it.each([
    ['the member role', TEMPLATE_FILES.assumedRole, 'AssumedRole', trustedBy('RotationFunction', 'ExecutionRoleName')],
    ['the list-accounts role', TEMPLATE_FILES.listAccountsRole, 'ListAccountsRole', trustedBy('InventoryFunction', 'AccountExecutionRoleName')],
    ['the central-secrets role', TEMPLATE_FILES.listAccountsRole, 'CentralSecretsRole', trustedBy('RotationFunction', 'RotationExecutionRoleName')],
  ])('%s trusts the primary account, narrowed to one execution role and the Organization', (_role, file, id, expected) => {
    expect(trustOf(file, id)).toEqual(expected);
  });
});

describe('the reader policy', () => {
  const reader = section(loadTemplate(TEMPLATE_FILES.assumedRole).json, 'Resources').ReaderPolicy as JsonObject;
  const properties = reader.Properties as JsonObject;

  it(`is ${READER_POLICY_NAME} and lets each user read only its own secret, through \${aws:username}`, () => {
    expect(properties.ManagedPolicyName).toBe(READER_POLICY_NAME);
    const [read] = statements(properties.PolicyDocument as JsonObject);
    expect(read?.Action).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']);
    const texts: string[] = [];
    walk(read?.Resource ?? null, (node) => {
      if (isObject(node) && typeof node['Fn::Sub'] === 'string') texts.push(node['Fn::Sub']);
    });
    expect(texts).toHaveLength(2);
    for (const text of texts) expect(text).toMatch(/:secret:Account_\$\{AWS::AccountId\}_User_\$\{!aws:username\}_AccessKey-\?{6}$/);
  });
});

describe('encryption at rest', () => {
  const resources = Object.entries(section(loadTemplate(TEMPLATE_FILES.main).json, 'Resources')).filter((entry): entry is [string, JsonObject] => isObject(entry[1]));
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type).map(([id, r]) => [id, r.Properties as JsonObject] as const);

  it('every queue is encrypted', () => {
    expect(ofType('AWS::SQS::Queue')).toHaveLength(4);
    for (const [id, p] of ofType('AWS::SQS::Queue')) expect([id, p.SqsManagedSseEnabled === true || p.KmsMasterKeyId !== undefined]).toEqual([id, true]);
  });

  it('every topic and log group uses the customer-managed key', () => {
    for (const [id, p] of ofType('AWS::SNS::Topic')) expect([id, p.KmsMasterKeyId]).toEqual([id, { Ref: 'OperationsKey' }]);
    expect(ofType('AWS::Logs::LogGroup')).toHaveLength(3);
    for (const [id, p] of ofType('AWS::Logs::LogGroup')) expect([id, p.KmsKeyId]).toEqual([id, { 'Fn::GetAtt': ['OperationsKey', 'Arn'] }]);
  });
});

describe('the rules catch what they are for (each check can fail)', () => {
  const identity = (statement: JsonObject): FoundPolicy => ({ at: 'Sample', kind: 'identity', document: { Version: '2012-10-17', Statement: [statement] } });
  const bad = (statement: JsonObject, kind: FoundPolicy['kind'] = 'identity') =>
    policyViolations(kind === 'identity' ? identity(statement) : { at: 'Sample', kind, document: { Statement: [statement] } });

  it.each([
    ['Action "*"', { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }, /wildcard action \*/],
    ['a service wildcard', { Effect: 'Allow', Action: ['iam:*'], Resource: 'arn:aws:iam::1:user/x' }, /wildcard action iam:\*/],
    ['a prefix wildcard', { Effect: 'Allow', Action: ['iam:List*'], Resource: 'arn:aws:iam::1:user/x' }, /wildcard action iam:List\*/],
    ['iam:PutUserPolicy', { Effect: 'Allow', Action: ['iam:PutUserPolicy'], Resource: 'arn:aws:iam::1:user/*' }, /permission-granting/],
    ['iam:CreatePolicy', { Effect: 'Allow', Action: ['iam:CreatePolicy'], Resource: 'arn:aws:iam::1:policy/*' }, /permission-granting/],
    ['iam:PassRole', { Effect: 'Allow', Action: ['iam:PassRole'], Resource: '*' }, /permission-granting/],
    ['an unconditioned AttachUserPolicy', { Effect: 'Allow', Action: ['iam:AttachUserPolicy'], Resource: 'arn:aws:iam::1:user/*' }, /permission-granting/],
    [
      'AttachUserPolicy conditioned on another policy',
      { Effect: 'Allow', Action: ['iam:AttachUserPolicy'], Resource: 'arn:aws:iam::1:user/*', Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' } } },
      /permission-granting/,
    ],
    ['NotAction', { Effect: 'Allow', NotAction: ['iam:ListUsers'], Resource: '*' }, /NotAction/],
    ['a scoped action on Resource "*"', { Effect: 'Allow', Action: ['iam:DeleteAccessKey'], Resource: '*' }, /iam:DeleteAccessKey on Resource "\*"/],
    ['TagUser on any tag key', { Effect: 'Allow', Action: ['iam:TagUser'], Resource: 'arn:aws:iam::1:user/*' }, /not limited to the tool's own tag keys/],
    [
      'TagUser allowing another tag key',
      {
        Effect: 'Allow',
        Action: ['iam:TagUser'],
        Resource: 'arn:aws:iam::1:user/*',
        Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['IAMKeyRotationHold', 'team'] }, Null: { 'aws:TagKeys': 'false' } },
      },
      /not limited/,
    ],
    [
      'UntagUser without the null check (ForAllValues is true for a request without tag keys)',
      { Effect: 'Allow', Action: ['iam:UntagUser'], Resource: 'arn:aws:iam::1:user/*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['IAMKeyRotationHold'] } } },
      /not limited/,
    ],
  ])('flags %s', (_name, statement, problem) => {
    expect(bad(statement as JsonObject).join('\n')).toMatch(problem);
  });

  it('allows TagUser and UntagUser of the tool\'s own tag keys only', () => {
    const condition = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['IAMKeyRotationDeactivated', 'IAMKeyRotationHold'] }, Null: { 'aws:TagKeys': 'false' } };
    expect(statementViolations({ Effect: 'Allow', Action: ['iam:TagUser', 'iam:UntagUser'], Resource: 'x', Condition: condition }, 'identity')).toEqual([]);
  });

  it('allows AttachUserPolicy only when conditioned on the reader policy', () => {
    expect(statementViolations({ Effect: 'Allow', Action: ['iam:AttachUserPolicy'], Resource: 'x', Condition: { ArnEquals: { 'iam:PolicyARN': { Ref: 'ReaderPolicy' } } } }, 'identity')).toEqual([]);
  });

  it.each([
    ['a role ARN as principal (fails before the role exists)', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/x' }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-x' } } }],
    ['an account without aws:PrincipalArn', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['sts:AssumeRole'], Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-x' } } }],
    ['an account without aws:PrincipalOrgID', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['sts:AssumeRole'], Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/x' } } }],
    ['Principal "*"', { Effect: 'Allow', Principal: '*', Action: ['sts:AssumeRole'] }],
    ['a wildcard service', { Effect: 'Allow', Principal: { Service: '*.amazonaws.com' }, Action: ['sts:AssumeRole'] }],
  ])('flags a trust policy with %s', (_name, statement) => {
    expect(bad(statement as JsonObject, 'trust')).not.toEqual([]);
  });

  it('flags a key policy letting the whole Organization decrypt any secret through Secrets Manager (the old OrganizationReadsSecrets)', () => {
    const statement = {
      Sid: 'OrganizationReadsSecrets',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com', 'aws:PrincipalOrgID': 'o-x' } },
    };
    expect(bad(statement as JsonObject, 'resource')).toEqual(['Sample: OrganizationReadsSecrets: Principal "*" without kms:EncryptionContext:SecretARN']);
  });

  it('lets a key policy name key administrators by ARN, but only for administration: not to decrypt, encrypt or grant', () => {
    const administrators = { Effect: 'Allow', Principal: { AWS: { 'Fn::Split': [',', { Ref: 'KeyAdministratorArns' }] } }, Resource: '*' };
    expect(bad({ ...administrators, Action: ['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'] } as JsonObject, 'resource')).toEqual([]);
    for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:CreateGrant']) {
      expect([action, bad({ ...administrators, Action: ['kms:PutKeyPolicy', action] } as JsonObject, 'resource')]).toEqual([action, expect.arrayContaining([expect.stringContaining('must be an account narrowed by aws:PrincipalArn')])]);
    }
    expect(bad({ ...administrators, Principal: { AWS: '*' }, Action: ['kms:PutKeyPolicy'] } as JsonObject, 'resource')).not.toEqual([]);
  });

  it('flags AWS managed *FullAccess and AdministratorAccess policies', () => {
    const template = { Resources: { R: { Type: 'AWS::IAM::Role', Properties: { ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEC2FullAccess', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess' }] } } } };
    expect(managedPolicyViolations(template)).toHaveLength(2);
  });

  it('looks into both branches of Fn::If', () => {
    const document: JsonObject = { Statement: [{ 'Fn::If': ['C', { Effect: 'Allow', Action: 'iam:*', Resource: 'x' }, { Ref: 'AWS::NoValue' }] }] };
    expect(policyViolations({ at: 'Sample', kind: 'identity', document })).toHaveLength(1);
  });
});
