import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { MANAGEMENT_ACCOUNT_ID, type Moto } from '../../emulator/moto';
import { startEmulatedAws } from '../../emulator/deployment';
import { createAccount, createOrganization, createOrganizationalUnit } from '../../emulator/organization';
import type { ClientPlugin } from '../../functions/core/aws/plugins';

export const DEMO_BUCKET = 'demo-deploy-artifacts';
export const DEMO_ADMIN = 'security-admin@example.com';
/** The role the demo deploys with, under a path as SSO roles are: npm run deploy names it KeyAdministratorArns. */
export const DEMO_DEPLOYER = { name: 'demo-deployer', path: '/deployers/' } as const;

/**
 * What the demo emulates because moto lacks it: SES v2 GetAccount (moto has
 * no account-level SES API), answered as an account out of the sandbox with
 * a production quota. Every other call goes to moto unchanged.
 */
export const demoSesAccount: ClientPlugin = {
  applyToStack: (stack) => {
    stack.add(
      (next, context) => async (args) => {
        if (context.clientName === 'SESv2Client' && context.commandName === 'GetAccountCommand') {
          return { output: { $metadata: {}, ProductionAccessEnabled: true, SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 0 } }, response: {} };
        }
        return next(args);
      },
      { step: 'initialize', name: 'demoSesAccount', priority: 'low' },
    );
  },
};

/**
 * An account as a newcomer has it before deploying: an Organization with a
 * member account in an OU, a versioned artifacts bucket and the admin address
 * verified in SES. Stopped after `work`. The emulator deploys service-managed
 * StackSets as Organizations does (emulator/moto_cloudformation.py).
 */
export async function withDemoAccount<T>(work: (demo: { orgId: string; rootId: string }) => Promise<T>): Promise<T> {
  const env = await startEmulatedAws();
  try {
    const org = await createOrganization(env.moto);
    const ou = await createOrganizationalUnit(env.moto, org.rootId, 'Workloads');
    await createAccount(env.moto, { name: 'Workloads', email: 'workloads@example.com', parentId: ou, rootId: org.rootId });
    const s3 = new S3Client({ ...env.moto.config(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: DEMO_BUCKET }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: DEMO_BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
    await new SESv2Client(env.moto.config()).send(new CreateEmailIdentityCommand({ EmailIdentity: DEMO_ADMIN }));
    await deployAsRole(env.moto);
    return await work({ orgId: org.orgId, rootId: org.rootId });
  } finally {
    await env.server.stop();
  }
}

/** From here on the process's credentials are a session of the deployer role, as an operator's (SSO) would be. */
async function deployAsRole(moto: Moto): Promise<void> {
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }] };
  const role = await new IAMClient(moto.config()).send(
    new CreateRoleCommand({ RoleName: DEMO_DEPLOYER.name, Path: DEMO_DEPLOYER.path, AssumeRolePolicyDocument: JSON.stringify(trust) }),
  );
  const session = await new STSClient(moto.config()).send(new AssumeRoleCommand({ RoleArn: role.Role?.Arn, RoleSessionName: 'newcomer' }));
  const credentials = session.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) throw new Error('the emulator returned no credentials for the deployer role');
  process.env.AWS_ACCESS_KEY_ID = credentials.AccessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.SecretAccessKey;
  process.env.AWS_SESSION_TOKEN = credentials.SessionToken;
}
