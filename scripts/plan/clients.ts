import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { withPlugins, type AwsDependencies, type ClientPlugin } from '../../functions/core/aws/plugins';
import { readOnlyGuard } from './read-only';

export const DEFAULT_REGION = 'us-east-1';

/** The caller: whose credentials the plan runs with. */
export interface Caller {
  readonly accountId: string;
  readonly arn: string;
  readonly credentials: AwsCredentialIdentity;
}

/** Every AWS client of the command, each with the read-only guard first and any test plugins after it. */
export interface PlanClients {
  readonly region: string;
  readonly aws: AwsDependencies;
  readonly sts: STSClient;
  readonly organizations: OrganizationsClient;
  readonly cloudFormation: CloudFormationClient;
}

/**
 * Clients on the standard credential chain (environment, profile, SSO). A
 * --profile is put where the chain looks for it, AWS_PROFILE, which also makes
 * it win over credentials in the environment, as the AWS CLI's --profile does.
 * The region: --region, else the chain's (AWS_REGION, the profile), else
 * us-east-1; IAM is global, the region only picks the STS endpoint.
 */
export async function planClients(options: { profile?: string; region?: string; plugins?: readonly ClientPlugin[] }): Promise<PlanClients> {
  if (options.profile !== undefined) process.env.AWS_PROFILE = options.profile;
  const region = options.region ?? (await configuredRegion()) ?? DEFAULT_REGION;
  const aws: AwsDependencies = { plugins: [readOnlyGuard, ...(options.plugins ?? [])] };
  return {
    region,
    aws,
    sts: withPlugins(new STSClient({ region }), aws),
    organizations: withPlugins(new OrganizationsClient({ region }), aws),
    cloudFormation: withPlugins(new CloudFormationClient({ region }), aws),
  };
}

async function configuredRegion(): Promise<string | undefined> {
  try {
    return await new STSClient({}).config.region();
  } catch {
    return undefined;
  }
}

export async function whoIsCalling(clients: PlanClients): Promise<Caller> {
  const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
  if (!identity.Account || !identity.Arn) throw new Error('sts:GetCallerIdentity returned no account');
  return { accountId: identity.Account, arn: identity.Arn, credentials: await clients.sts.config.credentials() };
}
