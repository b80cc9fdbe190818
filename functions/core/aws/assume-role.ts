import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ROLE_SESSION_NAME } from '../../../contract/names';

/**
 * Credentials of a role, with the session name that shows in the target
 * account's CloudTrail. Throws what STS threw (or an Error when STS answered
 * without credentials); callers wrap it in their own named error.
 */
export async function assumeRoleCredentials(sts: STSClient, roleArn: string): Promise<AwsCredentialIdentity> {
  const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME }));
  const c = assumed.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration ? { expiration: c.Expiration } : {}),
  };
}
