/**
 * The role in every member account (deployed by the StackSet) that the
 * rotation function assumes, the managed policy that lets each IAM user read
 * exactly its own secret, and the optional exemption group.
 */
import { Fn, IAM as CfnIAM, Refs } from 'cloudform';
import { allow, IAM, KMS, policy, SECRET_WRITE_ACTIONS, SECRETS_MANAGER, when, WRITERS_NEVER_READ } from '../lib/iam';
import { forKeySecrets, keyInEveryRegion, keySecretArns, SECRET_ARN_CONTEXT, viaSecretsManager } from '../lib/kms';
import { accountId, flag, orgId, PATTERNS, refs, roleName, text } from '../lib/parameters';
import type { Template, TemplateSource } from '../lib/template';
import { roleArn, trustRolesOfAccount } from '../lib/trust';
import { DEFAULT_EXEMPTION_GROUP, READER_POLICY_NAME, ROLE_NAMES, TEMPLATE_FILES, TOOL_WRITTEN_USER_TAGS, secretName } from '../../contract/names';

export const parameters = {
  IAMRoleName: roleName('Name of this role; the main stack\'s IAMRoleName must be the same.', ROLE_NAMES.assumed),
  ExecutionRoleName: roleName('Name of the rotation function\'s execution role in PrimaryAccountID (the only principal trusted).', ROLE_NAMES.rotationExecution),
  PrimaryAccountID: accountId('Account running the main stack.'),
  AWSOrgID: orgId('Organization id (o-…): the role can only be assumed from inside it.'),
  IAMExemptionGroup: text({ Description: 'IAM group whose members are never rotated (the main stack\'s IAMExemptionGroup).', Default: DEFAULT_EXEMPTION_GROUP, AllowedPattern: PATTERNS.groupName }),
  CreateExemptionGroup: flag('True: create IAMExemptionGroup. False when the group already exists in the accounts (creating an existing group fails).', 'True'),
  CentralSecretsAccountID: text({
    Description: 'In central mode, the account storing the secrets (the main stack\'s OrgListAccount), so users may read theirs there. Empty: secrets stay in each account.',
    Default: '',
    AllowedPattern: PATTERNS.optionalAccountId,
  }),
  SecretsKmsKeyArn: text({
    Description: 'Customer-managed key of the secrets (main stack output oSecretsKmsKeyArn, or its SecretsKmsKeyArn). Empty: aws/secretsmanager.',
    Default: '',
    AllowedPattern: PATTERNS.optionalKmsKeyArn,
  }),
};

const ref = refs(parameters);

const CONDITION = {
  createGroup: 'CreateExemptionGroup',
  central: 'HasCentralSecretsAccount',
  /** Secrets stay in this account: the member role writes them. */
  member: 'StoresSecretsInThisAccount',
  key: 'HasSecretsKmsKeyArn',
  memberKey: 'WritesWithSecretsKmsKey',
} as const;

/** A user's own secret, here or in `account`, in every region, by the `${aws:username}` policy variable (escaped for Fn::Sub). */
const ownSecret = (account: string) => keySecretArns(account, '${AWS::AccountId}', '${!aws:username}');

export function assumedRole(): Template {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'IAM key rotation: the member-account role assumed by the rotation function, and the policy letting each user read its own new key.',
    Parameters: parameters,
    Conditions: {
      [CONDITION.createGroup]: Fn.Equals(ref('CreateExemptionGroup'), 'True'),
      [CONDITION.central]: Fn.Not(Fn.Equals(ref('CentralSecretsAccountID'), '')),
      [CONDITION.member]: Fn.Equals(ref('CentralSecretsAccountID'), ''),
      [CONDITION.key]: Fn.Not(Fn.Equals(ref('SecretsKmsKeyArn'), '')),
      [CONDITION.memberKey]: Fn.And([{ Condition: CONDITION.member }, { Condition: CONDITION.key }]),
    },
    Resources: {
      AssumedRole: new CfnIAM.Role({
        RoleName: ref('IAMRoleName'),
        Description: 'Rotates IAM user access keys in this account; assumed by the rotation function of the primary account',
        AssumeRolePolicyDocument: policy(trustRolesOfAccount('RotationFunction', 'PrimaryAccountID', [roleArn('PrimaryAccountID', 'ExecutionRoleName')], 'AWSOrgID')),
        Policies: [
          {
            PolicyName: 'rotate-access-keys',
            PolicyDocument: policy(
              // These calls have no resource to scope them to.
              allow('ReadAccount', [IAM.GetAccountAuthorizationDetails, IAM.GenerateCredentialReport, IAM.GetCredentialReport], '*'),
              allow('ReadUsers', [IAM.ListAccessKeys, IAM.GetAccessKeyLastUsed], Fn.Sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*', {})),
              allow('ManageAccessKeys', [IAM.CreateAccessKey, IAM.UpdateAccessKey, IAM.DeleteAccessKey], Fn.Sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*', {})),
              // The tool's own user tags only (its record of deactivated keys, and the hold a Reactivate sets): a role
              // that could set any tag could grant access wherever permissions depend on tags (ABAC).
              allow('WriteToolUserTagsOnly', [IAM.TagUser, IAM.UntagUser], Fn.Sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*', {}), {
                'ForAllValues:StringEquals': { 'aws:TagKeys': [...TOOL_WRITTEN_USER_TAGS] },
                Null: { 'aws:TagKeys': 'false' },
              }),
              // The one grant the role can make: the reader policy, which only reads the user's own secret. Only in
              // central mode: across accounts the secret's resource policy alone does not let the user read it.
              when(
                CONDITION.central,
                allow('AttachReaderPolicyOnly', [IAM.AttachUserPolicy], Fn.Sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*', {}), {
                  ArnEquals: { 'iam:PolicyARN': Fn.Ref('ReaderPolicy') },
                }),
              ),
              // Only when the secrets stay here; in central mode the central-secrets role writes them. Never GetSecretValue.
              when(
                CONDITION.member,
                allow(
                  'WriteKeySecrets',
                  SECRET_WRITE_ACTIONS,
                  Fn.Sub(`arn:\${AWS::Partition}:secretsmanager:*:\${AWS::AccountId}:secret:${secretName('${AWS::AccountId}', '*')}*`, {}),
                ),
              ),
              when(
                CONDITION.memberKey,
                allow('EncryptKeySecrets', [KMS.Encrypt, KMS.Decrypt, KMS.GenerateDataKey], keyInEveryRegion('SecretsKmsKeyArn'), {
                  StringLike: { ...viaSecretsManager, ...forKeySecrets('${AWS::AccountId}', '${AWS::AccountId}') },
                }),
              ),
              // DescribeKey carries no encryption context to narrow it by; it reveals no data.
              when(CONDITION.memberKey, allow('DescribeSecretsKey', [KMS.DescribeKey], keyInEveryRegion('SecretsKmsKeyArn'), { StringLike: viaSecretsManager })),
              // In both modes: the role may set a secret's policy (member mode) and must never read through one it set.
              WRITERS_NEVER_READ,
            ),
          },
        ],
      }),
      ReaderPolicy: new CfnIAM.ManagedPolicy({
        ManagedPolicyName: READER_POLICY_NAME,
        Description: 'Lets an IAM user read the secret holding its own new access key, and nothing else',
        PolicyDocument: policy(
          allow('ReadOwnKeySecret', [SECRETS_MANAGER.GetSecretValue, SECRETS_MANAGER.DescribeSecret], [
            ownSecret('${AWS::AccountId}'),
            Fn.If(CONDITION.central, ownSecret('${CentralSecretsAccountID}'), Refs.NoValue),
          ]),
          // Through Secrets Manager, for the user's own secret only (here, or in the central account), in every region.
          when(
            CONDITION.key,
            allow('DecryptOwnKeySecret', [KMS.Decrypt], keyInEveryRegion('SecretsKmsKeyArn'), {
              StringLike: {
                ...viaSecretsManager,
                [SECRET_ARN_CONTEXT]: [
                  ownSecret('${AWS::AccountId}'),
                  Fn.If(CONDITION.central, ownSecret('${CentralSecretsAccountID}'), Refs.NoValue),
                ],
              },
            }),
          ),
        ),
      }),
      ExemptionGroup: new CfnIAM.Group({ GroupName: ref('IAMExemptionGroup') }).condition(CONDITION.createGroup),
    },
    Outputs: {
      oAssumedRoleArn: { Description: 'Role assumed by the rotation function', Value: Fn.GetAtt('AssumedRole', 'Arn') },
      oReaderPolicyArn: { Description: 'Policy attached, in central mode, to users whose key was rotated', Value: Fn.Ref('ReaderPolicy') },
    },
  };
}

export const ASSUMED_ROLE: TemplateSource = { file: TEMPLATE_FILES.assumedRole, source: 'templates-src/assumed-role', build: assumedRole };
