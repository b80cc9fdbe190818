import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { assumeRoleCredentials } from '../../core/aws/assume-role';
import { withPlugins, type AwsDependencies } from '../../core/aws/plugins';
import { scrubQueueMessages } from '../../core/scrub/queue-messages';
import { AssumeRoleError } from '../errors';

// IAM throttles per account; more attempts with the SDK's backoff ride out a burst instead of failing a user.
const MAX_ATTEMPTS = 6;

export interface ClientOptions {
  readonly region: string;
  readonly deps: AwsDependencies;
}

export function stsClient(options: ClientOptions): STSClient {
  return withPlugins(new STSClient({ region: options.region, maxAttempts: MAX_ATTEMPTS }), options.deps);
}

export function sqsClient(options: ClientOptions): SQSClient {
  const sqs = new SQSClient({ region: options.region, maxAttempts: MAX_ATTEMPTS });
  sqs.middlewareStack.use(scrubQueueMessages);
  return withPlugins(sqs, options.deps);
}

/** The stack's bucket (run state, key ledger, delivery.yaml), with the function's own credentials; emulators (moto, LocalStack) answer on one host name, so buckets go in the path there. */
export function s3Client(options: ClientOptions): S3Client {
  const pathStyle = Boolean(process.env.AWS_ENDPOINT_URL ?? process.env.AWS_ENDPOINT_URL_S3);
  return withPlugins(new S3Client({ region: options.region, maxAttempts: MAX_ATTEMPTS, forcePathStyle: pathStyle }), options.deps);
}

export function iamClient(options: ClientOptions, credentials: AwsCredentialIdentity): IAMClient {
  return withPlugins(new IAMClient({ region: options.region, credentials, maxAttempts: MAX_ATTEMPTS }), options.deps);
}

export function secretsClient(options: ClientOptions, credentials: AwsCredentialIdentity): SecretsManagerClient {
  return withPlugins(
    new SecretsManagerClient({ region: options.region, credentials, maxAttempts: MAX_ATTEMPTS }),
    options.deps,
  );
}

/** CloudTrail in a member account and Region: LookupEvents only (where a key is still used). */
export function cloudTrailClient(options: ClientOptions, credentials: AwsCredentialIdentity, region: string): CloudTrailClient {
  return withPlugins(new CloudTrailClient({ region, credentials, maxAttempts: MAX_ATTEMPTS }), options.deps);
}

/** One session per account and invocation; its name shows in the member account's CloudTrail. */
export async function assumeRole(sts: STSClient, roleArn: string): Promise<AwsCredentialIdentity> {
  try {
    return await assumeRoleCredentials(sts, roleArn);
  } catch (error) {
    throw new AssumeRoleError(roleArn, { cause: error });
  }
}
