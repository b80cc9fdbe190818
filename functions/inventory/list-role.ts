import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ROLE_SESSION_NAME } from '../../templates-src/shared/names';
import { AssumeListRoleError } from './errors';

/**
 * Credentials of the list-accounts role, assumed once per run. Always
 * assumed, even when the function runs in that account: the role is where
 * the Organizations read permissions live, not the execution role.
 */
export async function assumeListRole(sts: STSClient, roleArn: string): Promise<AwsCredentialIdentity> {
  let credentials;
  try {
    ({ Credentials: credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: ROLE_SESSION_NAME })));
  } catch (error) {
    throw new AssumeListRoleError(roleArn, { cause: error });
  }
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
    throw new AssumeListRoleError(roleArn, { cause: new Error('AssumeRole returned no credentials') });
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration,
  };
}
