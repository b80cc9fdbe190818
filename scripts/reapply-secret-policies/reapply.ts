/**
 * Brings the resource policy of every existing key secret of an account up
 * to date (issue 10): secrets written before the Deny existed keep their old,
 * allow-only policy until their next rotation, up to RotationPeriod days
 * later. Lists the secrets by name prefix, derives each one's user from its
 * name, finds the user's ARN (with its path), compares the current policy with
 * the one the rotation function writes, and puts it when asked to.
 *
 * It never reads a value: it calls ListSecrets, GetResourcePolicy and
 * PutResourcePolicy on secrets, and GetUser in IAM, nothing else.
 */
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  GetResourcePolicyCommand,
  paginateListSecrets,
  PutResourcePolicyCommand,
  SecretsManagerClient,
  type SecretListEntry,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { SECRET_NAME_PREFIX } from '../../contract/names';
import { collectPages } from '../../functions/core/aws/collect-pages';
import { withPlugins, type ClientPlugin } from '../../functions/core/aws/plugins';
import { describeError } from '../../functions/core/errors/describe';
import { readerPolicy, SECRET_POLICY_SIDS, type SecretPolicyDocument } from '../../functions/rotation';
import { ReapplyUsageError, type ReapplyOptions } from './options';

export type RowResult = 'up to date' | 'would update' | 'updated' | 'skipped' | 'failed';

export interface SecretRow {
  readonly secret: string;
  /** The user's ARN, or the user's name when its ARN could not be found. */
  readonly user: string;
  /** What the update changes (or would change); empty when nothing. */
  readonly change: string;
  readonly result: RowResult;
  /** Why it was skipped or failed. */
  readonly detail?: string;
}

export interface ReapplyReport {
  readonly secretsAccount: string;
  readonly region: string;
  readonly apply: boolean;
  readonly rows: readonly SecretRow[];
}

export interface ReapplyDependencies {
  /** SDK middleware for every client (tests record the calls). */
  readonly plugins?: readonly ClientPlugin[];
  /** ListSecrets page size; small in tests to exercise paging. */
  readonly pageSize?: number;
}

const SECRET_NAME = /^Account_(\d{12})_User_([\w+=,.@-]{1,64})_AccessKey$/;
const SESSION_NAME = 'asa-iam-key-rotation-reapply-policies';

interface Target {
  readonly secretsAccount: string;
  readonly partition: string;
  readonly credentials?: AwsCredentialIdentity;
}

export async function reapplySecretPolicies(options: ReapplyOptions, deps: ReapplyDependencies = {}): Promise<ReapplyReport> {
  const plugins = { plugins: deps.plugins ?? [] };
  const base = { ...(options.region ? { region: options.region } : {}), ...(options.profile ? { profile: options.profile } : {}) };
  const target = await reach(options, withPlugins(new STSClient(base), plugins));
  const own = { ...base, ...(target.credentials ? { credentials: target.credentials } : {}) };
  const sm = withPlugins(new SecretsManagerClient(own), plugins);
  const iam = withPlugins(new IAMClient(own), plugins);
  const region = await sm.config.region();

  const userAccount = options.central ? options.account : (options.account ?? target.secretsAccount);
  const prefix = `${SECRET_NAME_PREFIX}${userAccount ? `${userAccount}_User_` : ''}`;
  const secrets: SecretListEntry[] = await collectPages(
    paginateListSecrets({ client: sm, pageSize: deps.pageSize ?? 100 }, { Filters: [{ Key: 'name', Values: [prefix] }] }),
    (page) => ({ items: page.SecretList, next: page.NextToken }),
  );

  const rows: SecretRow[] = [];
  const ours = secrets
    .flatMap((entry) => {
      const match = entry.Name ? SECRET_NAME.exec(entry.Name) : null;
      return match && entry.Name ? [{ entry, name: entry.Name, account: match[1] as string, userName: match[2] as string }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const secret of ours) {
    rows.push(await reapplyOne(secret, { sm, iam, options, target, region }));
  }
  return { secretsAccount: target.secretsAccount, region, apply: options.apply, rows };
}

/** The account holding the secrets, and credentials there when a role must be assumed. */
async function reach(options: ReapplyOptions, sts: STSClient): Promise<Target> {
  const caller = await sts.send(new GetCallerIdentityCommand({}));
  const callerAccount = caller.Account ?? '';
  const partition = caller.Arn?.split(':')[1] ?? 'aws';
  const secretsAccount = options.central ? (options.centralAccount ?? callerAccount) : (options.account ?? callerAccount);
  if (!options.role) {
    if (secretsAccount !== callerAccount) {
      const flag = options.central ? '--central-account' : '--account';
      throw new ReapplyUsageError(`${flag} ${secretsAccount} is not the caller's account ${callerAccount}: pass --role NAME to assume a role there, or --profile for credentials of that account`);
    }
    return { secretsAccount, partition };
  }
  const assumed = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:${partition}:iam::${secretsAccount}:role/${options.role}`, RoleSessionName: SESSION_NAME }),
  );
  const c = assumed.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${options.role} in ${secretsAccount} returned no credentials`);
  return { secretsAccount, partition, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}) } };
}

interface Context {
  readonly sm: SecretsManagerClient;
  readonly iam: IAMClient;
  readonly options: ReapplyOptions;
  readonly target: Target;
  readonly region: string;
}

interface FoundSecret {
  readonly entry: SecretListEntry;
  readonly name: string;
  readonly account: string;
  readonly userName: string;
}

async function reapplyOne(secret: FoundSecret, context: Context): Promise<SecretRow> {
  const { name, userName } = secret;
  const row = (user: string, change: string, result: RowResult, detail?: string): SecretRow => ({
    secret: name,
    user,
    change,
    result,
    ...(detail !== undefined ? { detail } : {}),
  });
  const primary = secret.entry.PrimaryRegion;
  if (primary && primary !== context.region) return row(userName, '', 'skipped', `replica of ${primary}: it takes its primary's policy`);

  let current: SecretPolicyDocument | undefined;
  try {
    const got = await context.sm.send(new GetResourcePolicyCommand({ SecretId: secret.entry.ARN ?? name }));
    current = got.ResourcePolicy ? (JSON.parse(got.ResourcePolicy) as SecretPolicyDocument) : undefined;
  } catch (error) {
    return row(userName, '', 'failed', `GetResourcePolicy: ${describeError(error)}`);
  }

  const found = await userArn(secret, current, context);
  if ('skip' in found) return row(userName, '', 'skipped', found.skip);
  if ('error' in found) return row(userName, '', 'failed', found.error);

  const wanted = readerPolicy(found.arn, context.options.breakGlass);
  const change = describeChange(current, wanted);
  if (change === '') return row(found.arn, '', 'up to date');
  if (!context.options.apply) return row(found.arn, change, 'would update');
  try {
    await context.sm.send(new PutResourcePolicyCommand({ SecretId: secret.entry.ARN ?? name, ResourcePolicy: JSON.stringify(wanted), BlockPublicPolicy: true }));
    return row(found.arn, change, 'updated');
  } catch (error) {
    return row(found.arn, change, 'failed', `PutResourcePolicy: ${describeError(error)}`);
  }
}

/**
 * The user's ARN, path included (the policy must match aws:PrincipalArn
 * exactly). In the account reached, IAM says; a user of another account (a
 * central secret) is recognised in the policy the rotation function wrote,
 * which named it, as long as that ARN is of the account and user the secret's
 * name says.
 */
async function userArn(secret: FoundSecret, current: SecretPolicyDocument | undefined, context: Context): Promise<{ arn: string } | { skip: string } | { error: string }> {
  if (secret.account === context.target.secretsAccount) {
    try {
      const user = await context.iam.send(new GetUserCommand({ UserName: secret.userName }));
      if (user.User?.Arn) return { arn: user.User.Arn };
      return { error: `GetUser ${secret.userName} returned no ARN` };
    } catch (error) {
      if (error instanceof Error && error.name === 'NoSuchEntityException') {
        return { skip: `user ${secret.userName} no longer exists in ${secret.account}; its keys went with it` };
      }
      return { error: `GetUser ${secret.userName}: ${describeError(error)}` };
    }
  }
  const escaped = secret.userName.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  const named = new RegExp(`^arn:[\\w-]+:iam::${secret.account}:user/(?:[^:]*/)?${escaped}$`);
  const arn = (current ? allowedPrincipals(current) : []).find((principal) => named.test(principal));
  if (arn !== undefined) return { arn };
  return {
    error: `the ARN of user ${secret.userName} of account ${secret.account} is unknown here (the secret's policy does not name it): run without --central in account ${secret.account}, or let the next rotation write the policy`,
  };
}

/** What putting `wanted` changes, in a few words; empty when the current policy is already it. */
export function describeChange(current: SecretPolicyDocument | undefined, wanted: SecretPolicyDocument): string {
  if (current === undefined) return 'adds the policy (the user reads, everyone else is denied)';
  if (canonical(current) === canonical(wanted)) return '';
  const deny = current.Statement?.find((s) => s.Sid === SECRET_POLICY_SIDS.denyOthers && s.Effect === 'Deny');
  if (!deny) return 'adds the Deny to everyone but the user';
  const changes: string[] = [];
  const wantedDeny = wanted.Statement.find((s) => s.Sid === SECRET_POLICY_SIDS.denyOthers);
  const exempt = (s: typeof deny | undefined) => [...(s?.Condition?.ArnNotEquals['aws:PrincipalArn'] ?? [])].slice(1).join(', ') || 'none';
  const allowed = (document: SecretPolicyDocument) => allowedPrincipals(document).join(', ');
  if (allowed(current) !== allowed(wanted)) changes.push(`user ${allowed(current) || 'none'} -> ${allowed(wanted)}`);
  if (exempt(deny) !== exempt(wantedDeny)) changes.push(`break-glass ${exempt(deny)} -> ${exempt(wantedDeny)}`);
  return changes.length > 0 ? changes.join('; ') : 'rewrites the policy';
}

/** The AWS principals a policy's Allow statements name (a stored policy may hold one or a list). */
function allowedPrincipals(document: SecretPolicyDocument): string[] {
  return (document.Statement ?? []).flatMap((statement) =>
    statement.Effect === 'Allow' && typeof statement.Principal === 'object' ? [statement.Principal.AWS].flat() : [],
  );
}

/** JSON with sorted keys, so that the same policy in another key order compares equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
