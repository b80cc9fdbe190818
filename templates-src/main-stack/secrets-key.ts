/**
 * The customer-managed key for secrets stored in the central account
 * (DESIGN.md section 5: the default aws/secretsmanager key cannot be used
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
import { Fn, KMS as CfnKMS } from 'cloudform';
import { KMS, policy, when } from '../lib/iam';
import { accountAdministersKey, forKeySecrets, viaSecretsManager } from '../lib/kms';
import { onRemoval } from '../lib/lifecycle';
import { CONDITION } from './conditions';
import { IDS } from './logical-ids';
import { ref } from './parameters';

const centralSecretsRole = Fn.Sub('arn:${AWS::Partition}:iam::${OrgListAccount}:role/${CentralSecretsRoleName}', {});
const inOrganization = { 'aws:PrincipalOrgID': ref('AWSOrgID') };

export const secretsKey = {
  // Retained: the secrets it encrypts outlive the stack, and a deleted key makes them unreadable.
  [IDS.secretsKey]: onRemoval(
    new CfnKMS.Key({
      Description: 'Encrypts the IAM access key secrets stored in the central account',
      EnableKeyRotation: true,
      KeyPolicy: policy(
        accountAdministersKey,
        {
          Sid: 'CentralSecretsRoleWritesKeySecrets',
          Effect: 'Allow',
          Principal: { AWS: Fn.Sub('arn:${AWS::Partition}:iam::${OrgListAccount}:root', {}) },
          // Encrypt and Decrypt too: re-keying an existing secret (UpdateSecret) and replicating it re-encrypt its versions.
          Action: [KMS.Encrypt, KMS.Decrypt, KMS.GenerateDataKey],
          Resource: '*',
          Condition: {
            ArnEquals: { 'aws:PrincipalArn': centralSecretsRole },
            StringEquals: inOrganization,
            StringLike: viaSecretsManager,
            ArnLike: forKeySecrets('${OrgListAccount}'),
          },
        },
        {
          // DescribeKey carries no encryption context, so it cannot be confined to the key secrets; it reveals no data.
          Sid: 'CentralSecretsRoleDescribesKey',
          Effect: 'Allow',
          Principal: { AWS: Fn.Sub('arn:${AWS::Partition}:iam::${OrgListAccount}:root', {}) },
          Action: [KMS.DescribeKey],
          Resource: '*',
          Condition: {
            ArnEquals: { 'aws:PrincipalArn': centralSecretsRole },
            StringEquals: inOrganization,
            StringLike: viaSecretsManager,
          },
        },
        {
          // Only IAM users have aws:username, so no role and no other user's request matches the pattern.
          Sid: 'EachUserDecryptsOnlyItsOwnKeySecret',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: [KMS.Decrypt],
          Resource: '*',
          Condition: {
            StringEquals: inOrganization,
            StringLike: viaSecretsManager,
            ArnLike: forKeySecrets('${OrgListAccount}', '${!aws:PrincipalAccount}', '${!aws:username}'),
          },
        },
        when(CONDITION.hasBreakGlass, {
          Sid: 'BreakGlassDecryptsKeySecrets',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: [KMS.Decrypt],
          Resource: '*',
          Condition: {
            ArnEquals: { 'aws:PrincipalArn': Fn.Split(',', ref('SecretBreakGlassPrincipals')) },
            StringEquals: inOrganization,
            StringLike: viaSecretsManager,
            ArnLike: forKeySecrets('${OrgListAccount}'),
          },
        }),
      ),
    }).condition(CONDITION.createSecretsKey),
    'Retain',
  ),
};
