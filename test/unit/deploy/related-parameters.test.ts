import { assumedRoleParameters, centralKeyArn, listAccountsParameters } from '../../../scripts/deploy/related-parameters';

const ids = { primaryAccount: '222233334444', orgId: 'o-abcdefghij', orgListAccount: '111122223333' };

describe('the other two templates get the main stack\'s names and mode', () => {
  test('member mode with defaults: only the accounts and the Organization', () => {
    const main = { StoreSecretsInCentralAccount: 'False', DryRunFlag: 'True' };
    expect(listAccountsParameters(main, ids, centralKeyArn(main, {}))).toEqual({ PrimaryAccountID: '222233334444', AWSOrgID: 'o-abcdefghij', StoreSecretsInCentralAccount: 'False' });
    expect(assumedRoleParameters(main, ids, undefined)).toEqual({ AWSOrgID: 'o-abcdefghij' });
  });

  test('renamed roles reach the templates that trust them by name', () => {
    const main = { OrgListRole: 'list', InventoryExecutionRoleName: 'inv', ExecutionRoleName: 'rot', IAMRoleName: 'member', IAMExemptionGroup: 'vip' };
    expect(listAccountsParameters(main, ids, undefined)).toMatchObject({ IAMRoleName: 'list', AccountExecutionRoleName: 'inv', RotationExecutionRoleName: 'rot' });
    expect(assumedRoleParameters(main, ids, undefined)).toMatchObject({ IAMRoleName: 'member', ExecutionRoleName: 'rot', IAMExemptionGroup: 'vip' });
  });

  test('central mode: the stack\'s key (its output, else the one given) and the central account', () => {
    const main = { StoreSecretsInCentralAccount: 'True', CentralSecretsRoleName: 'central' };
    const key = 'arn:aws:kms:us-east-1:111122223333:key/abc';
    expect(centralKeyArn(main, { oSecretsKmsKeyArn: key })).toBe(key);
    expect(centralKeyArn({ ...main, SecretsKmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/own' }, {})).toBe('arn:aws:kms:us-east-1:111122223333:key/own');
    expect(listAccountsParameters(main, ids, key)).toMatchObject({ StoreSecretsInCentralAccount: 'True', CentralSecretsRoleName: 'central', SecretsKmsKeyArn: key });
    expect(assumedRoleParameters(main, ids, key)).toEqual({ AWSOrgID: 'o-abcdefghij', CentralSecretsAccountID: '111122223333', SecretsKmsKeyArn: key });
  });
});
