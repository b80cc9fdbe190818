import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { assumeRoleCredentials } from '../core/aws/assume-role';
import { AssumeListRoleError } from './errors';

/**
 * Credentials of the list-accounts role, assumed once per run. Always
 * assumed, even when the function runs in that account: the role is where
 * the Organizations read permissions live, not the execution role.
 */
export async function assumeListRole(sts: STSClient, roleArn: string): Promise<AwsCredentialIdentity> {
  try {
    return await assumeRoleCredentials(sts, roleArn);
  } catch (error) {
    throw new AssumeListRoleError(roleArn, { cause: error });
  }
}
