/**
 * The cast of a deployment for the must-deny and must-allow-by-design rows:
 * the stacks' own roles, found the way the functions find them (the
 * environment the template gives them), plus principals no stack creates:
 * users of a member account, administrators with broad grants, a role in
 * another Organization account, a role outside the Organization. Adding a
 * party is one entry here; the rows name parties, not ARNs.
 */
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { INVENTORY_ENV } from '../../../contract/env/inventory';
import { QUEUE_NAMES, readerPolicyArn, secretArnPattern, secretName } from '../../../contract/names';
import { ACCOUNTS, breakGlassRoleArn, keyAdministratorRoleArn, OTHER_ORGANIZATION_ID, type Deployment } from '../deployment/deployments';
import { deployStacks, executionRoleArn, functionEnvironment, type DeployedStacks } from '../deployment/stacks';
import type { JsonObject } from '../resolve/resolve-stack';
import { STACKSET_EXECUTION_ROLE } from './guardrail';
import { AWS_MANAGED_SECRETS_KEY_ID, inRegion, PolicyWorld, type NamedPolicy } from './world';

const allow = (sid: string, action: string | string[], resource: string | string[] = '*'): NamedPolicy => ({
  name: sid,
  policy: { Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: action, Resource: resource }] },
});

/** Users of the member account whose names test the secret names: [name, path]. */
export const NAMED_ALIKE: readonly (readonly [string, string])[] = [
  ['al', ''],
  ['carol', 'dev/'],
  ['a+b=c.d@e-f', ''],
];

/** The operator role the operators deployment names in OperatorPrincipals. */
export const OPERATOR_ROLE_NAME = 'key-rotation-operator';

/** Six random characters Secrets Manager appends to a secret's name in its ARN. */
export const SECRET_SUFFIX = 'Ab12Cd';

export interface Parties {
  readonly world: PolicyWorld;
  readonly deployment: Deployment;
  readonly partition: string;
  readonly region: string;
  readonly rotationExecution: string;
  readonly inventoryExecution: string;
  readonly notifierExecution: string;
  /** The member role in an account (member account by default). */
  readonly memberRole: (accountId?: string) => string;
  /** The role the inventory assumes to list the Organization. */
  readonly listRole: string;
  /** The role the rotation function assumes to write central secrets (central mode). */
  readonly centralSecretsRole: string;
  /** Where the tool stores secrets: the member account, or the central one. */
  readonly secretsAccount: string;
  readonly secretArn: (userName: string, region?: string) => string;
  /** A secret in the same account that this tool did not create. */
  readonly foreignSecretArn: string;
  /** The KMS key of the secrets, if the deployment has one. */
  readonly secretsKey: string | undefined;
  /**
   * The key encrypting a secret's replica in `region`: a multi-Region key's
   * replica there, otherwise that Region's aws/secretsmanager of the secrets'
   * account (what Secrets Manager falls back to).
   */
  readonly replicaKey: (region: string) => string;
  readonly readerPolicy: (accountId?: string) => string;
  readonly user: (name: string, accountId?: string) => string;
  /** The role service-managed StackSets deploy the member role with, in an account. */
  readonly stackSetExecution: (accountId: string) => string;
  /** An administrator role with secretsmanager:*, kms:* and iam:* in an account. */
  readonly admin: (accountId: string) => string;
  /** role/break-glass of an account, with the identity grant the README asks a break-glass role to have; named in SecretBreakGlassPrincipals by the break-glass deployments. */
  readonly breakGlass: (accountId: string) => string;
  /** role/security-auditor of an account: the same grant as role/break-glass, never named. */
  readonly unnamedWithBreakGlassGrant: (accountId: string) => string;
  /** A role of an Organization account with a name the trust policies do not name. */
  readonly insiderWithOtherName: string;
  /** A role outside the Organization named like the member role, trusting anyone. */
  readonly outsideMemberRole: string;
  /** A queue of the main stack, by its key in QUEUE_NAMES. */
  readonly queue: (name: keyof typeof QUEUE_NAMES) => string;
  /** role/key-rotation-operator of the primary account, with sqs:SendMessage on *: named in OperatorPrincipals by the operators deployment. */
  readonly operator: string;
  /** role/key-admin of the primary account, without any IAM policy: named in KeyAdministratorArns by the central-key-admins deployment. */
  readonly keyAdministrator: string;
  /** Context of a request made from an account outside the Organization (or one that left it): its aws:PrincipalOrgID. */
  readonly outsiderContext: Readonly<Record<string, string>>;
}

export function partiesOf(deployment: Deployment, stacks: DeployedStacks = deployStacks(deployment)): Parties {
  const { partition, region } = deployment;
  const world = new PolicyWorld(stacks, new Set(deployment.organizationAccounts));
  const rotationEnv = functionEnvironment(stacks.main, 'rotation');
  const inventoryEnv = functionEnvironment(stacks.main, 'inventory');
  const central = rotationEnv[ROTATION_ENV.storeSecretsInCentralAccount] === 'True';
  const secretsAccount = central ? (rotationEnv[ROTATION_ENV.centralAccountId] ?? '') : ACCOUNTS.member;
  const iamArn = (account: string, kind: string, name: string) => `arn:${partition}:iam::${account}:${kind}/${name}`;
  // A user's ARN carries its path (user/dev/carol); the world knows the paths of the users it was given.
  const user = (name: string, accountId: string = ACCOUNTS.member) => world.userArn(accountId, name);
  const secretArn = (userName: string, inRegion = region) =>
    `arn:${partition}:secretsmanager:${inRegion}:${secretsAccount}:secret:${secretName(ACCOUNTS.member, userName)}-${SECRET_SUFFIX}`;
  const readerPolicy = (accountId: string = ACCOUNTS.member) => readerPolicyArn(partition, accountId);
  const admin = (accountId: string) => iamArn(accountId, 'role', 'Administrator');
  const keyArn = rotationEnv[ROTATION_ENV.secretsKmsKeyArn];

  // In central mode every rotated user has the reader policy attached. alice holds nothing else, so what lets
  // her read is the design itself; bob may read secrets broadly through a grant of his own.
  const readerAttached = central ? [readerPolicy()] : [];
  world.addPrincipal(user('alice'), [], 'the user whose key was rotated', readerAttached);
  // Names the secret names must keep apart (issue 19): a prefix of alice, a path, every other character IAM allows.
  for (const [name, path] of NAMED_ALIKE) world.addPrincipal(iamArn(ACCOUNTS.member, 'user', `${path}${name}`), [], `a user named ${name}`, readerAttached);
  world.addPrincipal(user('bob'), [allow('DeveloperReadsSecrets', ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'kms:Decrypt'])], 'another user of the member account', readerAttached);
  const stackSetExecution = (account: string) => iamArn(account, 'role', STACKSET_EXECUTION_ROLE.replace('*', '0123456789abcdef'));
  for (const account of deployment.organizationAccounts) {
    world.addPrincipal(
      admin(account),
      [allow('AdministerSecrets', ['secretsmanager:*', 'kms:*']), allow('AdministerIam', 'iam:*'), allow('AdministerQueues', 'sqs:*')],
      `an administrator of account ${account}`,
    );
    // Service-managed StackSets give it AdministratorAccess (AWS managed, which the world cannot hold): iam:* stands in for the part that matters here.
    world.addPrincipal(stackSetExecution(account), [allow('AdministratorAccessIamPart', 'iam:*')], `the StackSet execution role of account ${account}`);
  }
  // What the README tells a break-glass role to hold: GetSecretValue on Account_* secrets and, for a customer-managed key, kms:Decrypt.
  const breakGlassGrant = [
    allow('ReadKeySecrets', 'secretsmanager:GetSecretValue', secretArnPattern(partition, '*')),
    ...(keyArn ? [allow('DecryptKeySecrets', 'kms:Decrypt', keyArn)] : []),
  ];
  const unnamedWithBreakGlassGrant = (accountId: string) => iamArn(accountId, 'role', 'security-auditor');
  for (const account of deployment.organizationAccounts) {
    world.addPrincipal(breakGlassRoleArn(account), breakGlassGrant, `the break-glass role of account ${account}`);
    world.addPrincipal(unnamedWithBreakGlassGrant(account), breakGlassGrant, `a role of account ${account} with a break-glass role's grant, not named in SecretBreakGlassPrincipals`);
  }
  // A user of another account with the name of a rotated user: the key policy must tell them apart by account.
  world.addPrincipal(user('alice', ACCOUNTS.otherMember), [allow('DeveloperReadsSecrets', ['secretsmanager:GetSecretValue', 'kms:Decrypt'])], 'a user named alice in the other member account');
  const insiderWithOtherName = iamArn(deployment.primaryAccountId, 'role', 'ci-deploy');
  world.addPrincipal(insiderWithOtherName, [allow('AssumeAnything', 'sts:AssumeRole'), allow('AdministerSecrets', ['secretsmanager:*', 'kms:*'])], 'a role of the primary account with another name');
  const operator = iamArn(deployment.primaryAccountId, 'role', OPERATOR_ROLE_NAME);
  world.addPrincipal(operator, [allow('SendsOperatorCommands', 'sqs:SendMessage')], 'an operator role of the primary account');
  // No IAM policy: what it may do with a key, the key policy alone grants.
  const keyAdministrator = keyAdministratorRoleArn(deployment.primaryAccountId);
  world.addPrincipal(keyAdministrator, [], 'a key administrator role of the primary account');
  const outsideMemberRole = iamArn(ACCOUNTS.outside, 'role', stacks.main.parameters.IAMRoleName as string);
  const trustAnyone: JsonObject = { Version: '2012-10-17', Statement: [{ Sid: 'TrustAnyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] };
  world.addRole(outsideMemberRole, [], trustAnyone, 'a role outside the Organization named like the member role');

  return {
    world,
    deployment,
    partition,
    region,
    rotationExecution: executionRoleArn(stacks.main, 'rotation'),
    inventoryExecution: executionRoleArn(stacks.main, 'inventory'),
    notifierExecution: executionRoleArn(stacks.main, 'notifier'),
    memberRole: (accountId = ACCOUNTS.member) => iamArn(accountId, 'role', rotationEnv[ROTATION_ENV.assumedRoleName] ?? ''),
    listRole: iamArn(inventoryEnv[INVENTORY_ENV.orgListAccount] ?? '', 'role', inventoryEnv[INVENTORY_ENV.orgListRole] ?? ''),
    centralSecretsRole: iamArn(rotationEnv[ROTATION_ENV.centralAccountId] ?? '', 'role', rotationEnv[ROTATION_ENV.centralRoleName] ?? ''),
    secretsAccount,
    secretArn,
    foreignSecretArn: `arn:${partition}:secretsmanager:${region}:${secretsAccount}:secret:prod/db-password-${SECRET_SUFFIX}`,
    secretsKey: keyArn ? keyArn : undefined,
    replicaKey: (inRegionName) =>
      keyArn?.includes(':key/mrk-') ? inRegion(keyArn, inRegionName) : `arn:${partition}:kms:${inRegionName}:${secretsAccount}:key/${AWS_MANAGED_SECRETS_KEY_ID}`,
    readerPolicy,
    user,
    admin,
    stackSetExecution,
    breakGlass: breakGlassRoleArn,
    unnamedWithBreakGlassGrant,
    insiderWithOtherName,
    outsideMemberRole,
    outsiderContext: { 'aws:PrincipalOrgID': OTHER_ORGANIZATION_ID },
    queue: (name) => `arn:${partition}:sqs:${region}:${deployment.primaryAccountId}:${QUEUE_NAMES[name]}`,
    operator,
    keyAdministrator,
  };
}
