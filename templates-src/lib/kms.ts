/** Key-policy building blocks shared by the templates' customer-managed keys. */
import { Fn } from 'cloudform';
import { KMS, type Statement } from './iam';

/**
 * The account administers the key through IAM (without this the key becomes
 * unmanageable). Administration only, listed action by action: no `kms:*`.
 */
export const accountAdministersKey: Statement = {
  Sid: 'AccountAdministersKey',
  Effect: 'Allow',
  Principal: { AWS: Fn.Sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root', {}) },
  Action: [
    KMS.DescribeKey,
    KMS.GetKeyPolicy,
    KMS.PutKeyPolicy,
    KMS.GetKeyRotationStatus,
    KMS.EnableKeyRotation,
    KMS.DisableKeyRotation,
    KMS.EnableKey,
    KMS.DisableKey,
    KMS.ListResourceTags,
    KMS.TagResource,
    KMS.UntagResource,
    KMS.UpdateKeyDescription,
    KMS.ScheduleKeyDeletion,
    KMS.CancelKeyDeletion,
  ],
  Resource: '*',
};
