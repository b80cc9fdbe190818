/**
 * KeyAdministratorArns when samconfig.toml leaves it empty: the principal
 * that deploys, so that the key policies of a first deployment name the one
 * who can fix them (docs/deploy.md, "Key administrators").
 */
import { GetRoleCommand, type IAMClient } from '@aws-sdk/client-iam';

/** What sts:GetCallerIdentity's ARN names, as a key policy can name it. Pure. */
export type CallerPrincipal =
  | { readonly kind: 'role'; readonly roleName: string; readonly arn: string; readonly from: string }
  | { readonly kind: 'user'; readonly arn: string }
  | { readonly kind: 'none'; readonly why: string };

/**
 * A session of a role (`arn:aws:sts::111122223333:assumed-role/Name/session`,
 * SSO included) is named by its role's ARN; its path is not in the session
 * ARN, so `roleArn` below asks IAM for it. A user is named as it is. The
 * account root and federated users cannot be named usefully.
 */
export function callerPrincipal(callerArn: string): CallerPrincipal {
  const role = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/.+$/.exec(callerArn);
  if (role) {
    const [, partition, account, roleName = ''] = role;
    return { kind: 'role', roleName, arn: `arn:${partition ?? 'aws'}:iam::${account ?? ''}:role/${roleName}`, from: callerArn };
  }
  if (/^arn:aws[\w-]*:iam::\d{12}:user\/[\w+=.@/-]+$/.test(callerArn)) return { kind: 'user', arn: callerArn };
  if (/^arn:aws[\w-]*:iam::\d{12}:root$/.test(callerArn)) return { kind: 'none', why: 'the deploying principal is the account root, which every key policy names already' };
  return { kind: 'none', why: `the deploying principal ${callerArn} is not an IAM role or user a key policy can name` };
}

export interface KeyAdministrators {
  /** The value to deploy ('' leaves the parameter empty). */
  readonly value: string;
  /** What was chosen and why, for the change set's output; undefined when samconfig.toml set it. */
  readonly note?: string;
}

/**
 * samconfig.toml's value when set; else the value the stack has (a later
 * deployer does not silently replace the administrators named before); else
 * the deploying role, with its path from IAM (GetRole: SSO roles live under
 * /aws-reserved/…), or the user.
 */
export async function keyAdministrators(configured: string | undefined, deployed: string | undefined, callerArn: string, iam: IAMClient): Promise<KeyAdministrators> {
  if (configured) return { value: configured };
  if (deployed) return { value: deployed, note: `KeyAdministratorArns is empty in samconfig.toml: keeping the deployed value ${deployed}` };
  const caller = callerPrincipal(callerArn);
  const set = 'set KeyAdministratorArns in samconfig.toml to the roles that administer the keys';
  if (caller.kind === 'none') return { value: '', note: `KeyAdministratorArns is empty in samconfig.toml and ${caller.why}: the key policies name the account root only (npm run doctor fails kms); ${set}` };
  if (caller.kind === 'user') return { value: caller.arn, note: `KeyAdministratorArns is empty in samconfig.toml: set to the deploying user ${caller.arn}, so the key policies name an administrator besides the account root; ${set} to change it` };
  const found = await iam
    .send(new GetRoleCommand({ RoleName: caller.roleName }))
    .then((out) => out.Role?.Arn)
    .catch(() => undefined);
  // Without iam:GetRole the role is named without its path, which is right for every role created without one.
  const arn = found ?? caller.arn;
  const path = found ? '' : ' (iam:GetRole failed, so without a path: a role with a path needs its full ARN in samconfig.toml)';
  return {
    value: arn,
    note: `KeyAdministratorArns is empty in samconfig.toml: set to the deploying principal's role ${arn}${path}, from the assumed-role ARN ${caller.from}, so the key policies name an administrator besides the account root; ${set} to change it`,
  };
}
