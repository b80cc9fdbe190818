/**
 * The customer-managed key for secrets stored in the central account
 * (DESIGN.md section 5: the default aws/secretsmanager key cannot be used
 * across accounts). Created only in central mode when no key ARN is given.
 * Only Secrets Manager may use it, on behalf of the central role (write) and
 * of principals of the Organization (read their own secret: the secret's
 * resource policy and the reader policy decide which one).
 */
import { Fn, KMS as CfnKMS } from 'cloudform';
import { KMS, policy } from '../lib/iam';
import { accountAdministersKey } from '../lib/kms';
import { onRemoval } from '../lib/lifecycle';
import { CONDITION } from './conditions';
import { IDS } from './logical-ids';
import { ref } from './parameters';

const viaSecretsManager = { 'kms:ViaService': Fn.Sub('secretsmanager.${AWS::Region}.amazonaws.com', {}) };

export const secretsKey = {
  // Retained: the secrets it encrypts outlive the stack, and a deleted key makes them unreadable.
  [IDS.secretsKey]: onRemoval(
    new CfnKMS.Key({
    Description: 'Encrypts the IAM access key secrets stored in the central account',
    EnableKeyRotation: true,
    KeyPolicy: policy(
      accountAdministersKey,
      {
        Sid: 'CentralRoleWritesSecrets',
        Effect: 'Allow',
        Principal: { AWS: Fn.Sub('arn:${AWS::Partition}:iam::${OrgListAccount}:root', {}) },
        Action: [KMS.Encrypt, KMS.Decrypt, KMS.GenerateDataKey, KMS.DescribeKey],
        Resource: '*',
        Condition: {
          ArnEquals: { 'aws:PrincipalArn': Fn.Sub('arn:${AWS::Partition}:iam::${OrgListAccount}:role/${OrgListRole}', {}) },
          StringEquals: { ...viaSecretsManager, 'aws:PrincipalOrgID': ref('AWSOrgID') },
        },
      },
      {
        Sid: 'OrganizationReadsSecrets',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [KMS.Decrypt, KMS.DescribeKey],
        Resource: '*',
        Condition: { StringEquals: { ...viaSecretsManager, 'aws:PrincipalOrgID': ref('AWSOrgID') } },
      },
    ),
    }).condition(CONDITION.createSecretsKey),
    'Retain',
  ),
};
