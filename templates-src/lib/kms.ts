/** Key-policy building blocks shared by the templates' customer-managed keys. */
import { Fn, type IntrinsicFunction } from 'cloudform';
import { secretArnPattern } from '../../contract/names';
import { KMS, type Statement } from './iam';

/**
 * Key administration, listed action by action (no `kms:*`, no wildcard): what
 * keeps a key manageable. Never Encrypt, Decrypt, GenerateDataKey* or
 * CreateGrant: administering a key does not read what it encrypts.
 */
const KEY_ADMINISTRATION = [
  KMS.DescribeKey,
  KMS.GetKeyPolicy,
  KMS.PutKeyPolicy,
  KMS.ListKeyPolicies,
  KMS.GetKeyRotationStatus,
  KMS.EnableKeyRotation,
  KMS.DisableKeyRotation,
  KMS.EnableKey,
  KMS.DisableKey,
  KMS.ListResourceTags,
  KMS.TagResource,
  KMS.UntagResource,
  KMS.UpdateKeyDescription,
  KMS.ListGrants,
  KMS.RevokeGrant,
  KMS.ScheduleKeyDeletion,
  KMS.CancelKeyDeletion,
];

/** The account administers the key through IAM (without this the key becomes unmanageable). */
export const accountAdministersKey: Statement = {
  Sid: 'AccountAdministersKey',
  Effect: 'Allow',
  Principal: { AWS: Fn.Sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root', {}) },
  Action: KEY_ADMINISTRATION,
  Resource: '*',
};

/**
 * The principals the stack names (KeyAdministratorArns) administer the key
 * by its policy, not only through IAM: a key whose policy names only the
 * account root depends on someone's IAM policy to stay manageable.
 * `administrators` is the parameter's value; `when` drops the statement while it is empty.
 */
export const namedAdministratorsAdministerKey = (administrators: IntrinsicFunction): Statement => ({
  Sid: 'NamedAdministratorsAdministerKey',
  Effect: 'Allow',
  Principal: { AWS: Fn.Split(',', administrators) },
  Action: KEY_ADMINISTRATION,
  Resource: '*',
});

/**
 * Secrets Manager, in any region, calling KMS for the caller (StringLike). Any
 * region because a multi-Region key's replicas carry the same policy text and
 * serve the secret's replicas in their own regions; a single-Region key is
 * only reachable from its own region anyway. URLSuffix keeps China regions
 * (amazonaws.com.cn) right.
 */
export const viaSecretsManager = { 'kms:ViaService': Fn.Sub('secretsmanager.*.${AWS::URLSuffix}', {}) };

/** The encryption context key Secrets Manager sets, on every KMS call it makes for a secret, to the secret's ARN. */
export const SECRET_ARN_CONTEXT = 'kms:EncryptionContext:SecretARN';

/**
 * StringLike pattern (the encryption context is a string, not an ARN key) of the key secrets of `secretsAccount`, in every region
 * (replicas included), optionally of one user account and user name.
 * Arguments are Fn::Sub text: `${OrgListAccount}`, `${!aws:username}`.
 */
export function keySecretArns(secretsAccount: string, userAccount = '*', userName = '*'): IntrinsicFunction {
  return Fn.Sub(secretArnPattern('${AWS::Partition}', secretsAccount, userAccount, userName), {});
}

/** Confines a KMS grant to calls Secrets Manager makes for the key secrets `keySecretArns` describes. */
export function forKeySecrets(secretsAccount: string, userAccount = '*', userName = '*'): Record<string, IntrinsicFunction> {
  return { [SECRET_ARN_CONTEXT]: keySecretArns(secretsAccount, userAccount, userName) };
}

/**
 * The ARN in parameter `keyArnParameter` with its region replaced by `*`: the key and, for a multi-Region
 * key (mrk-), its replicas in the secrets' replica regions, which share its id.
 * The ARN is padded before splitting so that Fn::Select has something to
 * select even when the parameter is empty and the statement is switched off.
 */
export function keyInEveryRegion(keyArnParameter: string): IntrinsicFunction {
  const part = (index: number) => Fn.Select(index, Fn.Split(':', Fn.Sub(`\${${keyArnParameter}}:::::`, {})));
  return Fn.Sub('arn:${AWS::Partition}:kms:*:${KeyAccount}:${KeyId}', { KeyAccount: part(4), KeyId: part(5) });
}
