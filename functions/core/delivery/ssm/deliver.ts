import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { SsmTarget } from '../config/types';

/**
 * The key as a SecureString parameter in the user's own account, written by
 * the member role (ssm:PutParameter under DeliverySsmPathPrefix only). The
 * value is the JSON the Secrets Manager secret's consumers already parse.
 * A SecureString under aws/ssm is readable by every principal of the account
 * allowed ssm:GetParameter: the owner chose this place (docs/delivery.md).
 */
export async function deliverToSsm(ssm: SSMClient, target: SsmTarget, key: { accessKeyId: string; secretAccessKey: string }, userName: string): Promise<number> {
  const response = await ssm.send(
    new PutParameterCommand({
      Name: target.name,
      Value: JSON.stringify({ AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey }),
      Type: 'SecureString',
      Overwrite: true,
      Description: `Access key of IAM user ${userName}, delivered by the IAM access key rotation`,
      ...(target.kmsKeyId ? { KeyId: target.kmsKeyId } : {}),
    }),
  );
  return response.$metadata.httpStatusCode ?? 200;
}
