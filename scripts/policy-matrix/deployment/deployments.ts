/**
 * The deployments the policies are proven for, as data: fixed account ids, one
 * Organization, and the main stack's parameters. The other stacks take their
 * parameters from these, as the README's deploy steps tell a user to
 * (stacks.ts). A new deployment is one entry here.
 */
import type { Physical } from '../resolve/physical';

/** Fixed identities, so every table reads the same on every machine. */
export const ACCOUNTS = {
  /** Management account: the list-accounts role, and the central secrets in central mode. */
  management: '111111111111',
  /** The account running the main stack (the solution account). */
  primary: '222222222222',
  /** A member account whose users are rotated. */
  member: '333333333333',
  /** Another member account of the same Organization. */
  otherMember: '444444444444',
  /** A delegated administrator of Organizations: OrgListAccount, and so the central secrets, of the guarded central deployment. */
  delegatedAdmin: '555555555555',
  /** An account outside the Organization. */
  outside: '999999999999',
} as const;

export const ORGANIZATION_ID = 'o-a1b2c3d4e5';
export const OTHER_ORGANIZATION_ID = 'o-z9y8x7w6v5';
export const PARTITION = 'aws';
export const REGION = 'us-east-1';

export interface Deployment {
  readonly name: string;
  /** What this deployment is, for the tables. */
  readonly summary: string;
  readonly partition: string;
  readonly region: string;
  readonly organizationId: string;
  /** Where the main stack runs. */
  readonly primaryAccountId: string;
  /** The Organization's management account, which service control policies never restrict. */
  readonly managementAccountId: string;
  /** True: the README's service control policy (model/guardrail.ts) is attached to the Organization's root. */
  readonly guardrail?: boolean;
  /** The Organization's accounts: each gets the member-role StackSet instance. */
  readonly organizationAccounts: readonly string[];
  /** Main-stack parameter values (the rest take their defaults). */
  readonly main: Readonly<Record<string, string>>;
  /**
   * The key SecretsKmsKeyArn names carries the statements of the stack's own
   * SecretsKey (what docs/security.md asks of a key given by ARN), in its
   * Region and, multi-Region, in each replica Region. Otherwise it is
   * simulated with AWS's default key policy.
   */
  readonly givenKeyLikeStackKey?: boolean;
  /** Identities of main-stack resources the deployment knows already (e.g. from a function's environment). */
  readonly mainPhysical?: Readonly<Record<string, Partial<Physical>>>;
}

const ORG_ACCOUNTS = [ACCOUNTS.management, ACCOUNTS.primary, ACCOUNTS.member, ACCOUNTS.otherMember, ACCOUNTS.delegatedAdmin];

/** Parameters every deployment gives (the required ones, as samconfig.toml would). */
const BASE: Readonly<Record<string, string>> = {
  S3BucketName: 'asa-artifacts-222222222222',
  AdminEmailAddress: 'security-admin@example.com',
  ResourceOwnerTag: 'owner',
  AWSOrgID: ORGANIZATION_ID,
  OrgListAccount: ACCOUNTS.management,
  DryRunFlag: 'False',
};

/** The break-glass role a deployment names, in an account (parties.ts gives it the identity grant the README asks for). */
export const breakGlassRoleArn = (accountId: string): string => `arn:${PARTITION}:iam::${accountId}:role/break-glass`;

/** The key administrator a deployment names in KeyAdministratorArns (parties.ts gives it no IAM policy). */
export const keyAdministratorRoleArn = (accountId: string): string => `arn:${PARTITION}:iam::${accountId}:role/key-admin`;

/**
 * The multi-Region key central replicas need (the template's rule refuses the
 * stack's own single-Region key with CredentialReplicationRegions), created
 * in the solution account and replicated to every replica Region.
 */
export const MULTI_REGION_KEY_ARN = `arn:${PARTITION}:kms:${REGION}:${ACCOUNTS.primary}:key/mrk-0123456789abcdef0123456789abcdef`;

const deployment = (name: string, summary: string, main: Record<string, string>, extra: Partial<Deployment> = {}): Deployment => ({
  name,
  summary,
  partition: PARTITION,
  region: REGION,
  organizationId: ORGANIZATION_ID,
  primaryAccountId: ACCOUNTS.primary,
  managementAccountId: ACCOUNTS.management,
  organizationAccounts: ORG_ACCOUNTS,
  main: { ...BASE, ...main },
  ...extra,
});

export const DEPLOYMENTS = {
  member: deployment('member', 'secrets in each member account (default)', {}),
  central: deployment(
    'central',
    'secrets in the management account, replicated to two regions, with a multi-Region key of the solution account holding the stack key\'s statements',
    { StoreSecretsInCentralAccount: 'True', CredentialReplicationRegions: 'eu-west-1,us-west-2', SecretsKmsKeyArn: MULTI_REGION_KEY_ARN },
    { givenKeyLikeStackKey: true },
  ),
  'member-break-glass': deployment('member-break-glass', 'member mode, SecretBreakGlassPrincipals names role/break-glass of the member and the other member account', {
    SecretBreakGlassPrincipals: [breakGlassRoleArn(ACCOUNTS.member), breakGlassRoleArn(ACCOUNTS.otherMember)].join(','),
  }),
  'central-break-glass': deployment(
    'central-break-glass',
    'central mode as above, SecretBreakGlassPrincipals names role/break-glass of the central and the member account',
    {
      StoreSecretsInCentralAccount: 'True',
      CredentialReplicationRegions: 'eu-west-1,us-west-2',
      SecretsKmsKeyArn: MULTI_REGION_KEY_ARN,
      SecretBreakGlassPrincipals: [breakGlassRoleArn(ACCOUNTS.management), breakGlassRoleArn(ACCOUNTS.member)].join(','),
    },
    { givenKeyLikeStackKey: true },
  ),
  'member-break-glass-scp': deployment(
    'member-break-glass-scp',
    'member mode, SecretBreakGlassPrincipals names role/break-glass of the member and the management account, the README\'s service control policy (with those names) attached',
    { SecretBreakGlassPrincipals: [breakGlassRoleArn(ACCOUNTS.member), breakGlassRoleArn(ACCOUNTS.management)].join(',') },
    { guardrail: true },
  ),
  'member-operators': deployment('member-operators', 'member mode, OperatorPrincipals names role/key-rotation-operator of the primary account', {
    OperatorPrincipals: `arn:${PARTITION}:iam::${ACCOUNTS.primary}:role/key-rotation-operator`,
  }),
  'member-scp': deployment('member-scp', 'member mode, the README\'s service control policy attached to the Organization\'s root', {}, { guardrail: true }),
  'central-scp': deployment(
    'central-scp',
    'central mode with OrgListAccount a delegated administrator (not the management account), the README\'s service control policy attached',
    { StoreSecretsInCentralAccount: 'True', OrgListAccount: ACCOUNTS.delegatedAdmin },
    { guardrail: true },
  ),
  'central-key-admins': deployment(
    'central-key-admins',
    'central mode with the stack\'s own secrets key, KeyAdministratorArns names role/key-admin of the solution account',
    { StoreSecretsInCentralAccount: 'True', KeyAdministratorArns: keyAdministratorRoleArn(ACCOUNTS.primary) },
  ),
  vpc: deployment('vpc', 'member mode, functions in a VPC (mail over SMTP)', {
    RunLambdaInVPC: 'True',
    VpcId: 'vpc-0a1b2c3d4e5f60718',
    SubnetId: 'subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788',
    VpcCidr: '10.0.0.0/16',
  }),
} as const satisfies Record<string, Deployment>;

export type DeploymentName = keyof typeof DEPLOYMENTS;
