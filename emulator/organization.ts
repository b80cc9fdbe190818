import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  CreateOrganizationalUnitCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { MANAGEMENT_ACCOUNT_ID, MANAGEMENT_ACCOUNT_NAME, type Moto } from './moto';

/** The role AWS Organizations creates in accounts it makes; moto does not need it to exist. */
export const ORG_ACCESS_ROLE = 'OrganizationAccountAccessRole';

export interface OrganizationFixture {
  readonly orgId: string;
  readonly rootId: string;
  readonly managementAccountId: string;
  /** Its name in ListAccounts (moto's own would be "master"). */
  readonly managementAccountName: string;
}

export async function createOrganization(moto: Moto): Promise<OrganizationFixture> {
  const org = new OrganizationsClient(moto.config());
  const created = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const roots = await org.send(new ListRootsCommand({}));
  const orgId = created.Organization?.Id;
  const rootId = roots.Roots?.[0]?.Id;
  if (!orgId || !rootId) throw new Error('moto created an organization without an id or root');
  return { orgId, rootId, managementAccountId: MANAGEMENT_ACCOUNT_ID, managementAccountName: MANAGEMENT_ACCOUNT_NAME };
}

export async function createOrganizationalUnit(moto: Moto, parentId: string, name: string): Promise<string> {
  const org = new OrganizationsClient(moto.config());
  const created = await org.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: name }));
  const id = created.OrganizationalUnit?.Id;
  if (!id) throw new Error(`moto created OU ${name} without an id`);
  return id;
}

/** Creates a member account, optionally under an OU, and returns its id. */
export async function createAccount(
  moto: Moto,
  account: { name: string; email: string; parentId?: string; rootId?: string },
): Promise<string> {
  const org = new OrganizationsClient(moto.config());
  const created = await org.send(new CreateAccountCommand({ AccountName: account.name, Email: account.email }));
  const requestId = created.CreateAccountStatus?.Id;
  const status = await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }));
  const accountId = status.CreateAccountStatus?.AccountId;
  if (!accountId) throw new Error(`moto created account ${account.name} without an id`);
  if (account.parentId && account.rootId && account.parentId !== account.rootId) {
    await org.send(
      new MoveAccountCommand({ AccountId: accountId, SourceParentId: account.rootId, DestinationParentId: account.parentId }),
    );
  }
  return accountId;
}

/** Credentials inside an account, reached the way the product reaches it: STS AssumeRole. */
export async function credentialsIn(
  moto: Moto,
  accountId: string,
  roleName: string = ORG_ACCESS_ROLE,
): Promise<AwsCredentialIdentity> {
  if (accountId === MANAGEMENT_ACCOUNT_ID) return moto.config().credentials;
  const sts = new STSClient(moto.config());
  const assumed = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: 'test-harness' }),
  );
  const c = assumed.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${accountId} returned no credentials`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}
