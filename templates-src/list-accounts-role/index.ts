/**
 * Two roles in the Organization-listing account (management or delegated
 * administrator), one job each (docs/design.md#6-security-model): the list-accounts role,
 * which only lists the Organization and is trusted only by the inventory's
 * execution role; and, in central mode, the central-secrets role, which only
 * writes the key secrets stored here and is trusted only by the rotation
 * function's execution role. Neither can read a secret's value.
 */
import { Fn, IAM as CfnIAM } from 'cloudform';
import { allow, KMS, ORGANIZATIONS, policy, SECRET_WRITE_ACTIONS, when, WRITERS_NEVER_READ } from '../lib/iam';
import { forKeySecrets, keyInEveryRegion, viaSecretsManager } from '../lib/kms';
import { accountId, flag, orgId, PATTERNS, refs, roleName, text } from '../lib/parameters';
import type { Template, TemplateSource } from '../lib/template';
import { roleArn, trustRolesOfAccount } from '../lib/trust';
import { ROLE_NAMES, TEMPLATE_FILES, secretName } from '../../contract/names';

export const parameters = {
  IAMRoleName: roleName('Name of this role; the main stack\'s OrgListRole must be the same.', ROLE_NAMES.listAccounts),
  AccountExecutionRoleName: roleName('Name of the inventory function\'s execution role in PrimaryAccountID.', ROLE_NAMES.inventoryExecution),
  RotationExecutionRoleName: roleName(
    'Name of the rotation function\'s execution role in PrimaryAccountID: the only principal the central-secrets role trusts (central mode). The list-accounts role no longer trusts it.',
    ROLE_NAMES.rotationExecution,
  ),
  PrimaryAccountID: accountId('Account running the main stack.'),
  AWSOrgID: orgId('Organization id (o-…): the role can only be assumed from inside it.'),
  StoreSecretsInCentralAccount: flag('True: new keys are stored in this account (the main stack\'s StoreSecretsInCentralAccount): the central-secrets role is created to write them.', 'False'),
  SecretsKmsKeyArn: text({
    Description: 'Central mode: the key encrypting the secrets (main stack output oSecretsKmsKeyArn, or its SecretsKmsKeyArn). Empty: aws/secretsmanager.',
    Default: '',
    AllowedPattern: PATTERNS.optionalKmsKeyArn,
  }),
  CentralSecretsRoleName: roleName('Name of the central-secrets role (central mode); the main stack\'s CentralSecretsRoleName must be the same.', ROLE_NAMES.centralSecrets),
};

const ref = refs(parameters);

const CONDITION = { central: 'StoreSecretsCentrally', key: 'UseSecretsKmsKey' } as const;

export function listAccountsRole(): Template {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'IAM key rotation: the role listing the Organization\'s accounts and, in central mode, the role storing the new keys.',
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
        Description: 'Lists the Organization\'s accounts for IAM key rotation; assumed by the inventory function only',
        AssumeRolePolicyDocument: policy(
          trustRolesOfAccount('InventoryFunction', 'PrimaryAccountID', [roleArn('PrimaryAccountID', 'AccountExecutionRoleName')], 'AWSOrgID'),
        ),
        Policies: [
          {
            PolicyName: 'list-organization',
            PolicyDocument: policy(
              // Organizations read calls: the account and OU ids are only known after listing. The inventory walks
              // from configured OU or root ids, so it needs neither ListRoots nor Describe* calls.
              allow('ListOrganization', [ORGANIZATIONS.ListAccounts, ORGANIZATIONS.ListAccountsForParent, ORGANIZATIONS.ListOrganizationalUnitsForParent], '*'),
            ),
          },
        ],
      }),
      CentralSecretsRole: new CfnIAM.Role({
        RoleName: ref('CentralSecretsRoleName'),
        Description: 'Writes the IAM access key secrets stored in this account; assumed by the rotation function only',
        AssumeRolePolicyDocument: policy(
          trustRolesOfAccount('RotationFunction', 'PrimaryAccountID', [roleArn('PrimaryAccountID', 'RotationExecutionRoleName')], 'AWSOrgID'),
        ),
        Policies: [
          {
            PolicyName: 'write-central-key-secrets',
            PolicyDocument: policy(
              // Write only: create, repair, set the policy and the value. No GetSecretValue, and the secrets' policies deny it anyway.
              allow('WriteCentralKeySecrets', SECRET_WRITE_ACTIONS, Fn.Sub(`arn:\${AWS::Partition}:secretsmanager:*:\${AWS::AccountId}:secret:${secretName('*', '*')}*`, {})),
              when(
                CONDITION.key,
                allow('EncryptCentralKeySecrets', [KMS.Encrypt, KMS.Decrypt, KMS.GenerateDataKey], keyInEveryRegion('SecretsKmsKeyArn'), {
                  StringLike: { ...viaSecretsManager, ...forKeySecrets('${AWS::AccountId}') },
                }),
              ),
              // DescribeKey carries no encryption context to narrow it by; it reveals no data.
              when(CONDITION.key, allow('DescribeCentralSecretsKey', [KMS.DescribeKey], keyInEveryRegion('SecretsKmsKeyArn'), { StringLike: viaSecretsManager })),
              // It sets every secret's policy, so it could set one that allows itself: its own Deny keeps it from reading.
              WRITERS_NEVER_READ,
            ),
          },
        ],
      }).condition(CONDITION.central),
    },
    Outputs: {
      oListAccountsRoleArn: { Description: 'Role assumed by the inventory function to list accounts', Value: Fn.GetAtt('ListAccountsRole', 'Arn') },
      oCentralSecretsRoleArn: {
        Condition: CONDITION.central,
        Description: 'Role assumed by the rotation function to write the secrets stored in this account (central mode)',
        Value: Fn.GetAtt('CentralSecretsRole', 'Arn'),
      },
    },
  };
}

export const LIST_ACCOUNTS_ROLE: TemplateSource = { file: TEMPLATE_FILES.listAccountsRole, source: 'templates-src/list-accounts-role', build: listAccountsRole };
