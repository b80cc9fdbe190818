/**
 * The customer-managed key for secrets stored in the central account
 * (docs/design.md#5-where-new-keys-are-stored: the default aws/secretsmanager key cannot be used
 * across accounts). Created only in central mode when no key ARN is given.
 *
 * Nobody uses it directly: every grant is through Secrets Manager
 * (kms:ViaService) and for key secrets only (kms:EncryptionContext:SecretARN,
 * which Secrets Manager sets to the secret's ARN on every call). The
 * central-secrets role writes any key secret of the central account; an IAM
 * user of the Organization decrypts only the secret named after its own
 * account and user name; break-glass roles decrypt key secrets. The policy
 * text holds in every region, so it is also the policy for the replicas of a
 * multi-Region key.
 */
import { Fn, KMS as CfnKMS, type IntrinsicFunction } from 'cloudform';
import { KMS, policy, when, type Action, type ConditionBlock, type Statement } from '../lib/iam';
import { accountAdministersKey, forKeySecrets, namedAdministratorsAdministerKey, viaSecretsManager } from '../lib/kms';
import { onRemoval } from '../lib/lifecycle';
import { CONDITION } from './conditions';
import { IDS } from './logical-ids';
import { ref } from './parameters';

const centralSecretsRole = Fn.Sub('arn:${AWS::Partition}:iam::${OrgListAccount}:role/${CentralSecretsRoleName}', {});
const inOrganization = { 'aws:PrincipalOrgID': ref('AWSOrgID') };

/** A grant to the central-secrets role of the central account, through Secrets Manager, for the secrets `secretArns` names (if given). */
const toCentralSecretsRole = (sid: string, actions: Action[], secretArns: Record<string, IntrinsicFunction> = {}): Statement => ({
  Sid: sid,
  Effect: 'Allow',
  Principal: { AWS: Fn.Sub('arn:${AWS::Partition}:iam::${OrgListAccount}:root', {}) },
  Action: actions,
  Resource: '*',
  Condition: { ArnEquals: { 'aws:PrincipalArn': centralSecretsRole }, StringEquals: inOrganization, StringLike: { ...viaSecretsManager, ...secretArns } },
});

/**
 * Decrypt for principals of the Organization (their own accounts' identity policies must allow it too), through Secrets
 * Manager, for the secrets `secretArns` names, narrowed further by `condition`.
 */
const decryptInOrganization = (sid: string, secretArns: Record<string, IntrinsicFunction>, condition: ConditionBlock = {}): Statement => ({
  Sid: sid,
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: [KMS.Decrypt],
  Resource: '*',
  Condition: { StringEquals: inOrganization, StringLike: { ...viaSecretsManager, ...secretArns }, ...condition },
});

export const secretsKey = {
  // Retained: the secrets it encrypts outlive the stack, and a deleted key makes them unreadable.
  [IDS.secretsKey]: onRemoval(
    new CfnKMS.Key({
      Description: 'Encrypts the IAM access key secrets stored in the central account',
      EnableKeyRotation: true,
      KeyPolicy: policy(
        accountAdministersKey,
        when(CONDITION.hasKeyAdministrators, namedAdministratorsAdministerKey(ref('KeyAdministratorArns'))),
        // Encrypt and Decrypt too: re-keying an existing secret (UpdateSecret) and replicating it re-encrypt its versions.
        toCentralSecretsRole('CentralSecretsRoleWritesKeySecrets', [KMS.Encrypt, KMS.Decrypt, KMS.GenerateDataKey], forKeySecrets('${OrgListAccount}')),
        // DescribeKey carries no encryption context, so it cannot be confined to the key secrets; it reveals no data.
        toCentralSecretsRole('CentralSecretsRoleDescribesKey', [KMS.DescribeKey]),
        // Only IAM users have aws:username, so no role and no other user's request matches the pattern.
        decryptInOrganization('EachUserDecryptsOnlyItsOwnKeySecret', forKeySecrets('${OrgListAccount}', '${!aws:PrincipalAccount}', '${!aws:username}')),
        when(
          CONDITION.hasBreakGlass,
          decryptInOrganization('BreakGlassDecryptsKeySecrets', forKeySecrets('${OrgListAccount}'), {
            ArnEquals: { 'aws:PrincipalArn': Fn.Split(',', ref('SecretBreakGlassPrincipals')) },
          }),
        ),
      ),
    }).condition(CONDITION.createSecretsKey),
    'Retain',
  ),
};
