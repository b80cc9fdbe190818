/**
 * Command line of `npm run reapply-secret-policies`: parsed and checked before
 * any AWS call, every mistake named with the option to fix.
 */
import { parseArgs } from 'node:util';
import { ROLE_ARN_PATTERN } from '../../contract/names';

export class ReapplyUsageError extends Error {
  override readonly name = 'ReapplyUsageError';
}

export interface ReapplyOptions {
  /** Write the policies; without it nothing is written (dry run). */
  readonly apply: boolean;
  /** The secrets live in a central account (StoreSecretsInCentralAccount=True), named for users of any account. */
  readonly central: boolean;
  /** The account whose users' secrets are brought up to date. Member mode: default the caller's; central mode: default every account. */
  readonly account?: string;
  /** Central mode: the account holding the secrets, where `role` is assumed. Default: the caller's. */
  readonly centralAccount?: string;
  /** A role to assume in the account holding the secrets (e.g. OrganizationAccountAccessRole from the management account). */
  readonly role?: string;
  readonly profile?: string;
  readonly region?: string;
  /** The stack's SecretBreakGlassPrincipals: role ARNs the policies do not deny. */
  readonly breakGlass: readonly string[];
}

export const USAGE = `npm run reapply-secret-policies -- [--apply] [--account ID] [--central [--central-account ID]] [--role NAME]
    [--break-glass ARN,ARN] [--profile NAME] [--region REGION]

Brings the resource policy of every existing Account_<account>_User_<user>_AccessKey secret up to
date: the key's user may read it, everyone else is denied GetSecretValue (except the break-glass
roles). Dry run by default: prints what it would change and writes nothing. Never reads a value.

  --apply                 write the policies (PutResourcePolicy with BlockPublicPolicy)
  --account ID            the account whose users' secrets to update; default: the caller's account
                          (with --central: every account's secrets in the central account)
  --central               the secrets are stored centrally (StoreSecretsInCentralAccount=True)
  --central-account ID    with --central and --role: the account holding the secrets; default: the caller's
  --role NAME             assume this role in the account holding the secrets first
                          (e.g. OrganizationAccountAccessRole from the management account)
  --break-glass ARN,...   the stack's SecretBreakGlassPrincipals (role ARNs, comma-separated)
  --profile NAME          AWS profile of the caller
  --region REGION         the secrets' primary region (replicas follow their primary)

Exit status: 0 when every secret is up to date or was updated, 1 when any secret failed, 2 on a usage error.`;

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = new RegExp(`^${ROLE_ARN_PATTERN}$`);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function parseReapplyArgs(argv: readonly string[]): ReapplyOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        apply: { type: 'boolean', default: false },
        account: { type: 'string' },
        central: { type: 'boolean', default: false },
        'central-account': { type: 'string' },
        role: { type: 'string' },
        'break-glass': { type: 'string', multiple: true },
        profile: { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ReapplyUsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const account = values.account;
  if (account !== undefined && !ACCOUNT_ID.test(account)) throw new ReapplyUsageError(`--account must be a 12-digit account id, got "${account}"`);
  const centralAccount = values['central-account'];
  if (centralAccount !== undefined && !values.central) throw new ReapplyUsageError('--central-account is only used with --central');
  if (centralAccount !== undefined && !ACCOUNT_ID.test(centralAccount)) {
    throw new ReapplyUsageError(`--central-account must be a 12-digit account id, got "${centralAccount}"`);
  }
  const role = values.role;
  if (role !== undefined && !ROLE_NAME.test(role)) throw new ReapplyUsageError(`--role must be an IAM role name (not an ARN), got "${role}"`);
  const region = values.region;
  if (region !== undefined && !REGION.test(region)) throw new ReapplyUsageError(`--region must be an AWS region such as us-east-1, got "${region}"`);
  const breakGlass = [...new Set((values['break-glass'] ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))];
  const bad = breakGlass.filter((arn) => !ROLE_ARN.test(arn));
  if (bad.length > 0) throw new ReapplyUsageError(`--break-glass must be IAM role ARNs (the stack's SecretBreakGlassPrincipals), got "${bad.join(', ')}"`);
  return {
    apply: values.apply ?? false,
    central: values.central ?? false,
    ...(account !== undefined ? { account } : {}),
    ...(centralAccount !== undefined ? { centralAccount } : {}),
    ...(role !== undefined ? { role } : {}),
    ...(values.profile !== undefined ? { profile: values.profile } : {}),
    ...(region !== undefined ? { region } : {}),
    breakGlass,
  };
}
