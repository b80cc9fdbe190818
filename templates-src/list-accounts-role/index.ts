/**
 * The role in the Organization-listing account (management or delegated
 * administrator) that the inventory assumes to list accounts, and that the
 * rotation function assumes in central mode to write secrets.
 */
import { Fn, IAM as CfnIAM } from 'cloudform';
import { allow, KMS, ORGANIZATIONS, policy, SECRET_WRITE_ACTIONS, when } from '../lib/iam';
import { accountId, flag, orgId, PATTERNS, refs, roleName, text } from '../lib/parameters';
import type { Template, TemplateSource } from '../lib/template';
import { roleArn, trustRolesOfAccount } from '../lib/trust';
import { ROLE_NAMES, TEMPLATE_FILES, secretName } from '../../contract/names';

export const parameters = {
  IAMRoleName: roleName('Name of this role; the main stack\'s OrgListRole must be the same.', ROLE_NAMES.listAccounts),
  AccountExecutionRoleName: roleName('Name of the inventory function\'s execution role in PrimaryAccountID.', ROLE_NAMES.inventoryExecution),
  RotationExecutionRoleName: roleName('Name of the rotation function\'s execution role in PrimaryAccountID (central mode).', ROLE_NAMES.rotationExecution),
  PrimaryAccountID: accountId('Account running the main stack.'),
  AWSOrgID: orgId('Organization id (o-…): the role can only be assumed from inside it.'),
  StoreSecretsInCentralAccount: flag('True: new keys are stored in this account (the main stack\'s StoreSecretsInCentralAccount), so this role may write them.', 'False'),
  SecretsKmsKeyArn: text({
    Description: 'Central mode: the key encrypting the secrets (main stack output oSecretsKmsKeyArn, or its SecretsKmsKeyArn). Empty: aws/secretsmanager.',
    Default: '',
    AllowedPattern: PATTERNS.optionalKmsKeyArn,
  }),
};

const ref = refs(parameters);

const CONDITION = { central: 'StoreSecretsCentrally', key: 'UseSecretsKmsKey' } as const;

export function listAccountsRole(): Template {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'IAM key rotation: the role listing the Organization\'s accounts and, in central mode, storing the new keys.',
    Parameters: parameters,
    Rules: {
      KeyOnlyInCentralMode: {
        RuleCondition: Fn.Not(Fn.Equals(ref('SecretsKmsKeyArn'), '')),
        Assertions: [{ Assert: Fn.Equals(ref('StoreSecretsInCentralAccount'), 'True'), AssertDescription: 'SecretsKmsKeyArn is only used when StoreSecretsInCentralAccount is True' }],
      },
    },
    Conditions: {
      [CONDITION.central]: Fn.Equals(ref('StoreSecretsInCentralAccount'), 'True'),
      [CONDITION.key]: Fn.And([{ Condition: CONDITION.central }, Fn.Not(Fn.Equals(ref('SecretsKmsKeyArn'), ''))]),
    },
    Resources: {
      ListAccountsRole: new CfnIAM.Role({
        RoleName: ref('IAMRoleName'),
        Description: 'Lists the Organization for IAM key rotation; in central mode stores the new keys',
        AssumeRolePolicyDocument: policy(
          trustRolesOfAccount(
            'InventoryAndRotationFunctions',
            'PrimaryAccountID',
            [roleArn('PrimaryAccountID', 'AccountExecutionRoleName'), roleArn('PrimaryAccountID', 'RotationExecutionRoleName')],
            'AWSOrgID',
          ),
        ),
        Policies: [
          {
            PolicyName: 'list-organization',
            PolicyDocument: policy(
              // Organizations read calls: the account and OU ids are only known after listing. The inventory walks
              // from configured OU or root ids, so it needs neither ListRoots nor Describe* calls.
              allow('ListOrganization', [ORGANIZATIONS.ListAccounts, ORGANIZATIONS.ListAccountsForParent, ORGANIZATIONS.ListOrganizationalUnitsForParent], '*'),
              when(
                CONDITION.central,
                allow(
                  'WriteCentralKeySecrets',
                  SECRET_WRITE_ACTIONS,
                  Fn.Sub(`arn:\${AWS::Partition}:secretsmanager:*:\${AWS::AccountId}:secret:${secretName('*', '*')}*`, {}),
                ),
              ),
              when(
                CONDITION.key,
                allow('EncryptCentralKeySecrets', [KMS.Encrypt, KMS.Decrypt, KMS.GenerateDataKey, KMS.DescribeKey], ref('SecretsKmsKeyArn'), {
                  StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' },
                }),
              ),
            ),
          },
        ],
      }),
    },
    Outputs: {
      oListAccountsRoleArn: { Description: 'Role assumed by the inventory (and, in central mode, the rotation) function', Value: Fn.GetAtt('ListAccountsRole', 'Arn') },
    },
  };
}

export const LIST_ACCOUNTS_ROLE: TemplateSource = { file: TEMPLATE_FILES.listAccountsRole, source: 'templates-src/list-accounts-role', build: listAccountsRole };
