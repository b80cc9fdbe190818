/**
 * Who can touch a key secret, read from the committed templates (issue 10):
 * one role per job, no role that reads a value, and every KMS grant for the
 * secrets confined to Secrets Manager and to key secrets in every region.
 * moto enforces none of this; the policy simulation proves the decisions,
 * these tests pin the statements the simulation relies on.
 */
import { SECRET_WRITE_ACTIONS } from '../../templates-src/lib/iam';
import { TEMPLATE_FILES } from '../../contract/names';
import type { Json } from '../../templates-src/lib/yaml';
import { administersKeyOnly, findPolicies, statements } from './policy-rules';
import { grantsOf, rolesIn } from './role-grants';
import { isObject, loadAll, loadTemplate, section, type JsonObject } from './templates';

const main = loadTemplate(TEMPLATE_FILES.main);
const assumed = loadTemplate(TEMPLATE_FILES.assumedRole);
const listAccounts = loadTemplate(TEMPLATE_FILES.listAccountsRole);

const resource = (template: JsonObject, id: string): JsonObject => {
  const found = section(template, 'Resources')[id];
  if (!isObject(found)) throw new Error(`no resource ${id}`);
  return found;
};
const properties = (template: JsonObject, id: string): JsonObject => resource(template, id).Properties as JsonObject;
const inlineStatements = (template: JsonObject, roleId: string): JsonObject[] =>
  ((properties(template, roleId).Policies as JsonObject[]) ?? []).flatMap((p) => statements(p.PolicyDocument as JsonObject));
const bySid = (list: readonly JsonObject[], sid: string): JsonObject => {
  const found = list.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}; have ${list.map((s) => String(s.Sid)).join(', ')}`);
  return found;
};
/** The texts of a value: literal strings and Fn::Sub templates, through both branches of Fn::If, without AWS::NoValue. */
const subTexts = (value: Json | undefined): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(subTexts);
  if (!isObject(value)) return [];
  if (typeof value['Fn::Sub'] === 'string') return [value['Fn::Sub']];
  const fnIf = value['Fn::If'];
  if (Array.isArray(fnIf)) return [...subTexts(fnIf[1]), ...subTexts(fnIf[2])];
  return [];
};
const actionsOf = (statement: JsonObject): string[] => [statement.Action ?? []].flat().map(String);
const condition = (statement: JsonObject, operator: string, key: string): Json | undefined =>
  isObject(statement.Condition) && isObject(statement.Condition[operator]) ? statement.Condition[operator][key] : undefined;

/** A key secret's ARN in any region (a replica's ARN is its primary's with its own region), ending in Secrets Manager's 6-character suffix. */
const KEY_SECRET_IN_EVERY_REGION = /^arn:\$\{AWS::Partition\}:secretsmanager:\*:\$\{[\w:]+\}:secret:Account_(\*|\$\{[\w:!]+\})_User_(\*|\$\{!aws:username\})_AccessKey-\?{6}$/;
const VIA_SECRETS_MANAGER = { 'Fn::Sub': 'secretsmanager.*.${AWS::URLSuffix}' };
const KMS_DATA_ACTIONS = new Set(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo']);

describe('one role per job', () => {
  it('the list-accounts role only lists the Organization', () => {
    expect([...grantsOf(listAccounts, 'ListAccountsRole').keys()].sort()).toEqual([
      'organizations:ListAccounts',
      'organizations:ListAccountsForParent',
      'organizations:ListOrganizationalUnitsForParent',
    ]);
  });

  it('the central-secrets role exists only in central mode, is named by CentralSecretsRoleName, and only writes key secrets', () => {
    const role = resource(listAccounts.json, 'CentralSecretsRole');
    expect(role.Condition).toBe('StoreSecretsCentrally');
    expect(section(listAccounts.json, 'Conditions').StoreSecretsCentrally).toEqual({ 'Fn::Equals': [{ Ref: 'StoreSecretsInCentralAccount' }, 'True'] });
    expect((role.Properties as JsonObject).RoleName).toEqual({ Ref: 'CentralSecretsRoleName' });
    const write = bySid(inlineStatements(listAccounts.json, 'CentralSecretsRole'), 'WriteCentralKeySecrets');
    expect(actionsOf(write)).toEqual([...SECRET_WRITE_ACTIONS]);
    expect(subTexts(write.Resource)).toEqual(['arn:${AWS::Partition}:secretsmanager:*:${AWS::AccountId}:secret:Account_*_User_*_AccessKey*']);
    // Plus the pending-delivery copies (issue 21): read back and deleted, nothing else.
    expect([...grantsOf(listAccounts, 'CentralSecretsRole').keys()].filter((action) => !action.startsWith('kms:')).sort()).toEqual(
      [...SECRET_WRITE_ACTIONS, 'secretsmanager:DeleteSecret', 'secretsmanager:GetSecretValue'].sort(),
    );
  });

  it('the rotation execution role assumes the central-secrets role (central mode only), the inventory the list-accounts role, and neither the other', () => {
    const rotation = inlineStatements(main.json, 'RotationExecutionRole');
    const inventory = inlineStatements(main.json, 'InventoryExecutionRole');
    const assumes = (list: JsonObject[]) => list.filter((s) => actionsOf(s).includes('sts:AssumeRole')).flatMap((s) => subTexts(s.Resource));
    expect(assumes(rotation)).toEqual(['arn:${AWS::Partition}:iam::*:role/${IAMRoleName}', 'arn:${AWS::Partition}:iam::${OrgListAccount}:role/${CentralSecretsRoleName}']);
    expect(assumes(inventory)).toEqual(['arn:${AWS::Partition}:iam::${OrgListAccount}:role/${OrgListRole}']);
    const policy = (properties(main.json, 'RotationExecutionRole').Policies as JsonObject[])[0]?.PolicyDocument as JsonObject;
    const central = [policy.Statement].flat().find((s) => isObject(s) && Array.isArray(s['Fn::If']) && JSON.stringify(s).includes('AssumeCentralSecretsRole'));
    expect(isObject(central) && Array.isArray(central['Fn::If']) ? central['Fn::If'][0] : undefined).toBe('StoreSecretsCentrally');
  });

  it('the rotation function is told the central-secrets role, not the list-accounts role', () => {
    const variables = ((properties(main.json, 'AccessKeyRotateLambdaFunction').Environment as JsonObject).Variables as JsonObject);
    expect(variables.CENTRAL_ROLE_NAME).toEqual({ Ref: 'CentralSecretsRoleName' });
    expect(variables.SECRET_BREAK_GLASS_PRINCIPALS).toEqual({ Ref: 'SecretBreakGlassPrincipals' });
  });
});

/**
 * Delivery (issue 21) is the one exception, and a narrow one: the rotation
 * function reads the CI tokens (secrets under iam-key-rotation/delivery/ in its
 * own account), and the roles that write key secrets read back the pending
 * copy of a new key that a delivery target still lacks. None reads a key's own secret.
 */
const DELIVERY_READERS: Readonly<Record<string, { sid: string; resource: string }>> = {
  [`${TEMPLATE_FILES.main}#RotationExecutionRole`]: {
    sid: 'ReadDeliveryTokens',
    resource: 'arn:${AWS::Partition}:secretsmanager:*:${AWS::AccountId}:secret:iam-key-rotation/delivery/*',
  },
  [`${TEMPLATE_FILES.assumedRole}#AssumedRole`]: {
    sid: 'RetryPendingDeliveries',
    resource: 'arn:${AWS::Partition}:secretsmanager:*:${AWS::AccountId}:secret:Account_${AWS::AccountId}_User_*_AccessKey_PendingDelivery-*',
  },
  [`${TEMPLATE_FILES.listAccountsRole}#CentralSecretsRole`]: {
    sid: 'RetryPendingDeliveries',
    resource: 'arn:${AWS::Partition}:secretsmanager:*:${AWS::AccountId}:secret:Account_*_User_*_AccessKey_PendingDelivery-*',
  },
};

describe('no role reads a key\'s secret value', () => {
  it.each(loadAll().flatMap((template) => rolesIn(template).map((role) => [`${role.file}#${role.id}`, template, role.id] as const)))(
    '%s allows secretsmanager:GetSecretValue on delivery tokens or pending copies at most',
    (key, template, id) => {
      const exception = DELIVERY_READERS[key];
      expect(grantsOf(template, id).get('secretsmanager:GetSecretValue')).toEqual(exception ? [exception.sid] : undefined);
      if (exception) expect(subTexts(bySid(inlineStatements(template.json, id), exception.sid).Resource)).toEqual([exception.resource]);
    },
  );

  it('only the reader policy allows GetSecretValue on a key\'s secret, and no template attaches it', () => {
    const readers = loadAll().flatMap((template) =>
      findPolicies(template.json)
        .filter((found) =>
          statements(found.document).some((s) => s.Effect === 'Allow' && actionsOf(s).includes('secretsmanager:GetSecretValue') && !['ReadDeliveryTokens', 'RetryPendingDeliveries'].includes(String(s.Sid))),
        )
        .map((found) => `${template.file}#${found.at}`),
    );
    expect(readers).toEqual([`${TEMPLATE_FILES.assumedRole}#ReaderPolicy.Properties.PolicyDocument`]);
  });
});

describe('KMS: decrypt only through Secrets Manager, only for key secrets, in every region', () => {
  /** Statements that let someone use the secrets' key: the SecretsKey policy, and identity grants on SecretsKmsKeyArn. */
  const secretKeyStatements: { at: string; statement: JsonObject }[] = [
    ...statements(properties(main.json, 'SecretsKey').KeyPolicy as JsonObject)
      // Administration, not use: checked apart below.
      .filter((s) => !administersKeyOnly(s))
      .map((statement) => ({ at: `SecretsKey ${String(statement.Sid)}`, statement })),
    ...[assumed, listAccounts].flatMap((template) =>
      findPolicies(template.json)
        .filter((found) => found.kind === 'identity')
        .flatMap((found) => statements(found.document))
        .filter((s) => JSON.stringify(s.Resource ?? null).includes('SecretsKmsKeyArn'))
        .map((statement) => ({ at: `${template.file} ${String(statement.Sid)}`, statement })),
    ),
  ];

  it('finds them: the key policy, the member role, the reader policy and the central-secrets role', () => {
    expect(secretKeyStatements.map((s) => s.at)).toEqual([
      'SecretsKey CentralSecretsRoleWritesKeySecrets',
      'SecretsKey CentralSecretsRoleDescribesKey',
      'SecretsKey EachUserDecryptsOnlyItsOwnKeySecret',
      'SecretsKey BreakGlassDecryptsKeySecrets',
      `${TEMPLATE_FILES.assumedRole} EncryptKeySecrets`,
      `${TEMPLATE_FILES.assumedRole} DescribeSecretsKey`,
      `${TEMPLATE_FILES.assumedRole} DecryptOwnKeySecret`,
      `${TEMPLATE_FILES.listAccountsRole} EncryptCentralKeySecrets`,
      `${TEMPLATE_FILES.listAccountsRole} DescribeCentralSecretsKey`,
    ]);
  });

  it('its administrators (the account root, and KeyAdministratorArns when set) administer it only: no statement of theirs decrypts', () => {
    const administration = statements(properties(main.json, 'SecretsKey').KeyPolicy as JsonObject).filter(administersKeyOnly);
    expect(administration.map((s) => s.Sid)).toEqual(['AccountAdministersKey', 'NamedAdministratorsAdministerKey']);
    expect(administration[1]?.Principal).toEqual({ AWS: { 'Fn::Split': [',', { Ref: 'KeyAdministratorArns' }] } });
  });

  it('every one is conditioned on kms:ViaService = secretsmanager.*.<URL suffix> (any region: replicas)', () => {
    for (const { at, statement } of secretKeyStatements) expect([at, condition(statement, 'StringLike', 'kms:ViaService')]).toEqual([at, VIA_SECRETS_MANAGER]);
  });

  it('every data action (decrypt, encrypt, data keys) is confined by kms:EncryptionContext:SecretARN to key secrets in every region; DescribeKey alone goes without', () => {
    for (const { at, statement } of secretKeyStatements) {
      const actions = actionsOf(statement);
      const patterns = subTexts(condition(statement, 'StringLike', 'kms:EncryptionContext:SecretARN'));
      if (actions.some((a) => KMS_DATA_ACTIONS.has(a))) {
        expect([at, patterns.length > 0]).toEqual([at, true]);
        for (const pattern of patterns) expect([at, pattern]).toEqual([at, expect.stringMatching(KEY_SECRET_IN_EVERY_REGION)]);
      } else {
        expect([at, actions]).toEqual([at, ['kms:DescribeKey']]);
      }
    }
  });

  it('identity grants name the key in every region (a multi-Region key\'s replicas share its id), not one regional ARN', () => {
    const identity = secretKeyStatements.filter(({ at }) => !at.startsWith('SecretsKey'));
    for (const { at, statement } of identity) {
      expect([at, JSON.stringify(statement.Resource)]).toEqual([at, expect.stringContaining('arn:${AWS::Partition}:kms:*:${KeyAccount}:${KeyId}')]);
    }
  });

  it('no principal of the Organization decrypts anything but its own key secret: users by their account and user name, the writer and break-glass by role ARN', () => {
    const key = statements(properties(main.json, 'SecretsKey').KeyPolicy as JsonObject);
    const user = bySid(key, 'EachUserDecryptsOnlyItsOwnKeySecret');
    expect(user).toEqual({
      Sid: 'EachUserDecryptsOnlyItsOwnKeySecret',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:PrincipalOrgID': { Ref: 'AWSOrgID' } },
        StringLike: {
          'kms:ViaService': VIA_SECRETS_MANAGER,
          'kms:EncryptionContext:SecretARN': {
            'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:*:${OrgListAccount}:secret:Account_${!aws:PrincipalAccount}_User_${!aws:username}_AccessKey-??????',
          },
        },
      },
    });
    const writer = bySid(key, 'CentralSecretsRoleWritesKeySecrets');
    expect(condition(writer, 'ArnEquals', 'aws:PrincipalArn')).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${OrgListAccount}:role/${CentralSecretsRoleName}' });
    expect(actionsOf(writer)).toEqual(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey']);
    const breakGlass = bySid(key, 'BreakGlassDecryptsKeySecrets');
    expect(condition(breakGlass, 'ArnEquals', 'aws:PrincipalArn')).toEqual({ 'Fn::Split': [',', { Ref: 'SecretBreakGlassPrincipals' }] });
    const policy = properties(main.json, 'SecretsKey').KeyPolicy as JsonObject;
    const switched = [policy.Statement].flat().find((s) => isObject(s) && JSON.stringify(s).includes('BreakGlassDecryptsKeySecrets'));
    expect(isObject(switched) && Array.isArray(switched['Fn::If']) ? switched['Fn::If'][0] : undefined).toBe('HasSecretBreakGlassPrincipals');
    // Every Principal "*" statement is one of these two.
    expect(key.filter((s) => JSON.stringify(s.Principal) === '{"AWS":"*"}').map((s) => s.Sid)).toEqual(['EachUserDecryptsOnlyItsOwnKeySecret', 'BreakGlassDecryptsKeySecrets']);
  });

  it('the reader policy decrypts only the user\'s own secret, here or in the central account', () => {
    const reader = bySid(statements(properties(assumed.json, 'ReaderPolicy').PolicyDocument as JsonObject), 'DecryptOwnKeySecret');
    expect(subTexts(condition(reader, 'StringLike', 'kms:EncryptionContext:SecretARN'))).toEqual([
      'arn:${AWS::Partition}:secretsmanager:*:${AWS::AccountId}:secret:Account_${AWS::AccountId}_User_${!aws:username}_AccessKey-??????',
      'arn:${AWS::Partition}:secretsmanager:*:${CentralSecretsAccountID}:secret:Account_${AWS::AccountId}_User_${!aws:username}_AccessKey-??????',
    ]);
  });

  it('the member role writes secrets and uses the key only when the secrets stay in its account', () => {
    const policy = (properties(assumed.json, 'AssumedRole').Policies as JsonObject[])[0]?.PolicyDocument as JsonObject;
    const switchedBy = (sid: string) => {
      const found = [policy.Statement].flat().find((s) => isObject(s) && JSON.stringify(s).includes(`"Sid":"${sid}"`));
      return isObject(found) && Array.isArray(found['Fn::If']) ? found['Fn::If'][0] : 'always';
    };
    expect([switchedBy('WriteKeySecrets'), switchedBy('EncryptKeySecrets'), switchedBy('DescribeSecretsKey')]).toEqual([
      'StoresSecretsInThisAccount',
      'WritesWithSecretsKmsKey',
      'WritesWithSecretsKmsKey',
    ]);
  });
});

describe('parameters of the secrets', () => {
  const parameter = (template: JsonObject, name: string): JsonObject => section(template, 'Parameters')[name] as JsonObject;
  const accepts = (template: JsonObject, name: string) => {
    const pattern = new RegExp(String(parameter(template, name).AllowedPattern));
    return (value: string) => pattern.test(value);
  };

  it('SecretBreakGlassPrincipals takes role ARNs separated by commas, nothing else, and defaults to none', () => {
    const ok = accepts(main.json, 'SecretBreakGlassPrincipals');
    expect(parameter(main.json, 'SecretBreakGlassPrincipals').Default).toBe('');
    expect(['', 'arn:aws:iam::111122223333:role/break-glass', 'arn:aws:iam::111122223333:role/ops/break-glass,arn:aws-us-gov:iam::444455556666:role/Audit'].map(ok)).toEqual([true, true, true]);
    expect(
      [
        'arn:aws:iam::111122223333:user/alice',
        'arn:aws:iam::111122223333:role/a, arn:aws:iam::111122223333:role/b',
        'arn:aws:sts::111122223333:assumed-role/a/s',
        '111122223333',
        'arn:aws:iam::1111:role/a',
        '*',
      ].map(ok),
    ).toEqual([false, false, false, false, false, false]);
  });

  it.each([TEMPLATE_FILES.main, TEMPLATE_FILES.assumedRole, TEMPLATE_FILES.listAccountsRole])('%s: SecretsKmsKeyArn accepts single- and multi-Region keys', (file) => {
    const ok = accepts(loadTemplate(file).json, 'SecretsKmsKeyArn');
    expect([
      '',
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab',
    ].map(ok)).toEqual([true, true, true]);
    expect(['arn:aws:kms:us-east-1:111122223333:alias/secrets', 'mrk-1234abcd12ab34cd56ef1234567890ab'].map(ok)).toEqual([false, false]);
  });

  it('CentralSecretsRoleName has the same default in the main stack and the list-accounts template', () => {
    expect(parameter(main.json, 'CentralSecretsRoleName').Default).toBe(parameter(listAccounts.json, 'CentralSecretsRoleName').Default);
  });
});
