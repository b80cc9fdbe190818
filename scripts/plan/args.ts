import { parseArgs } from 'node:util';
import { PATTERNS } from '../../templates-src/lib/parameters';
import type { MainParameter } from '../../templates-src/main-stack/parameters';
import { PlanUsageError } from './errors';
import { declaration, isMainParameter, SETTING_FLAGS, type SettingFlag } from './settings-flags';

export const FORMATS = ['table', 'csv', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface PlanArgs {
  readonly help: boolean;
  /** Accounts named with --account (deduplicated, in order). */
  readonly accounts: readonly string[];
  /** --org, or implied by --ou. */
  readonly org: boolean;
  readonly ous: readonly string[];
  readonly role?: string;
  readonly profile?: string;
  readonly region?: string;
  /** --at: the day to plan for, 00:00 UTC. */
  readonly at?: Date;
  readonly format: Format;
  readonly out?: string;
  readonly demo: boolean;
  readonly stack?: string;
  readonly keyIds: boolean;
  /** --where-used: CloudTrail's evidence for the keys about to stop. */
  readonly whereUsed: boolean;
  /** --history USER: print that user's key ledger instead of a plan. */
  readonly history?: string;
  /** --bucket: the stack's bucket, for --history without --stack. */
  readonly bucket?: string;
  readonly concurrency: number;
  readonly ignoreFailedAccounts: boolean;
  /** Parameter values given on the command line, by main-stack parameter name. */
  readonly parameters: Readonly<Partial<Record<MainParameter, string>>>;
  /** --delivery-config: a local delivery.yaml to check and show targets from, instead of the uploaded one. */
  readonly deliveryConfig?: string;
}

export const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 32;
const ACCOUNT_ID = new RegExp(PATTERNS.accountId);
const OU_ID = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;
const ROLE_NAME = new RegExp(PATTERNS.roleName);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const settingOptions = Object.fromEntries(Object.keys(SETTING_FLAGS).map((flag) => [flag, { type: 'string' as const }])) as Record<
  SettingFlag,
  { type: 'string' }
>;

/** Reads the command line; every problem is a PlanUsageError naming the flag. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        account: { type: 'string', multiple: true },
        org: { type: 'boolean', default: false },
        ou: { type: 'string', multiple: true },
        role: { type: 'string' },
        profile: { type: 'string' },
        region: { type: 'string' },
        at: { type: 'string' },
        format: { type: 'string', default: 'table' },
        out: { type: 'string' },
        demo: { type: 'boolean', default: false },
        stack: { type: 'string' },
        'key-ids': { type: 'boolean', default: false },
        'no-key-ids': { type: 'boolean', default: false },
        'where-used': { type: 'boolean', default: false },
        history: { type: 'string' },
        bucket: { type: 'string' },
        concurrency: { type: 'string' },
        'ignore-failed-accounts': { type: 'boolean', default: false },
        parameter: { type: 'string', multiple: true },
        'delivery-config': { type: 'string' },
        ...settingOptions,
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node:util names the flag in its message; keep it to one line and point at --help.
    throw new PlanUsageError('usage', `${(error as Error).message.split('\n')[0] ?? ''} (see npm run plan -- --help)`);
  }

  const list = (flag: string, raw: readonly string[] | undefined, pattern: RegExp, what: string): string[] => {
    const items = (raw ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
    const bad = items.filter((item) => !pattern.test(item));
    if (bad.length > 0) throw new PlanUsageError(`--${flag}`, `not ${what}: ${bad.join(', ')}`);
    return [...new Set(items)];
  };
  const accounts = list('account', values.account, ACCOUNT_ID, 'a 12-digit account id');
  const ous = list('ou', values.ou, OU_ID, 'an OU or root id (ou-… or r-…)');
  const format = values.format ?? 'table';
  if (!(FORMATS as readonly string[]).includes(format)) throw new PlanUsageError('--format', `must be one of ${FORMATS.join(', ')}, got "${format}"`);
  if (values.role !== undefined && !ROLE_NAME.test(values.role)) {
    throw new PlanUsageError('--role', `must be an IAM role name (not an ARN), got "${values.role}"`);
  }
  if (values.demo) {
    for (const flag of ['profile', 'region', 'stack'] as const) {
      if (values[flag] !== undefined) throw new PlanUsageError(`--${flag}`, 'cannot be used with --demo, which plans the emulated Organization with its own credentials');
    }
  }
  return {
    help: values.help ?? false,
    accounts,
    org: (values.org ?? false) || ous.length > 0,
    ous,
    ...(values.role !== undefined ? { role: values.role } : {}),
    ...(values.profile !== undefined ? { profile: values.profile } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(values.at !== undefined ? { at: parseDay(values.at) } : {}),
    format: format as Format,
    ...(values.out !== undefined ? { out: values.out } : {}),
    demo: values.demo ?? false,
    ...(values.stack !== undefined ? { stack: values.stack } : {}),
    // Ids are shown by default (issue 20); --key-ids is still accepted, --no-key-ids keeps the report's view.
    keyIds: !(values['no-key-ids'] ?? false),
    whereUsed: values['where-used'] ?? false,
    ...(values.history !== undefined ? { history: values.history } : {}),
    ...(values.bucket !== undefined ? { bucket: values.bucket } : {}),
    concurrency: parseConcurrency(values.concurrency),
    ignoreFailedAccounts: values['ignore-failed-accounts'] ?? false,
    parameters: parameterValues(values.parameter ?? [], values),
    ...(values['delivery-config'] !== undefined ? { deliveryConfig: values['delivery-config'] } : {}),
  };
}

function parseDay(raw: string): Date {
  const day = new Date(`${raw}T00:00:00Z`);
  if (!DAY.test(raw) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== raw) {
    throw new PlanUsageError('--at', `must be a date YYYY-MM-DD, got "${raw}"`);
  }
  return day;
}

function parseConcurrency(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_CONCURRENCY;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > MAX_CONCURRENCY) {
    throw new PlanUsageError('--concurrency', `must be a whole number from 1 to ${MAX_CONCURRENCY}, got "${raw}"`);
  }
  return value;
}

function parameterValues(pairs: readonly string[], flags: Readonly<Record<string, unknown>>): Partial<Record<MainParameter, string>> {
  const out: Partial<Record<MainParameter, string>> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = pair.slice(0, Math.max(eq, 0));
    if (eq < 1) throw new PlanUsageError('--parameter', `must be Key=Value, got "${pair}"`);
    if (!isMainParameter(name)) throw new PlanUsageError('--parameter', `the main stack has no parameter ${name}`);
    out[name] = pair.slice(eq + 1);
  }
  for (const [flag, name] of Object.entries(SETTING_FLAGS)) {
    const value = flags[flag];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** The help text; the settings' lines come from the template, so they say what the deployed stack does. */
export function helpText(): string {
  const settings = Object.entries(SETTING_FLAGS).map(([flag, name]) => {
    const declared = declaration(name);
    return wrap(`  --${flag.padEnd(22)} ${name}: ${declared.Description} Default ${String(declared.Default)}.`);
  });
  return `npm run plan -- [--account ID ... | --org] [--ou OU_ID ...] [--role NAME]
                [--profile P] [--region R] [--at YYYY-MM-DD] [--stack NAME]
                [--format table|csv|json|html] [--out FILE] [--no-key-ids] [--where-used]
                [--demo] [--history USER --account ID [--bucket NAME]]
                [--delivery-config FILE]

Shows what the rotation would do to every access key, read-only: the same observe
and plan code as the rotation function, with your own AWS credentials. It sends
only reads (List, Get, Describe, GenerateCredentialReport, sts:AssumeRole,
sts:GetCallerIdentity); its clients refuse anything else before sending it.

Which accounts
  (none)                   the account of your credentials
  --account ID             that account; with no --role it must be your own
  --role NAME              assume this role in each account. With --org the default is the
                           StackSet's role (IAMRoleName, ${String(declaration('IAMRoleName').Default)}),
                           which trusts only the rotation function: as a person, name a role you
                           may assume that can read IAM (e.g. OrganizationAccountAccessRole)
  --org                    every ACTIVE account of the Organization (needs
                           organizations:ListAccounts); with --account, only those
  --ou OU_ID               only accounts under these OUs or roots, however deep (implies --org)
  --concurrency N          accounts planned at once (default ${DEFAULT_CONCURRENCY})
  --profile P, --region R  the AWS credential chain's profile and region (default us-east-1)

Settings (default: the main template's defaults)
  --stack NAME             read them from a deployed main stack (CloudFormation DescribeStacks);
                           with --org also its OrganizationalUnits, IncludeAccounts, ExcludeAccounts
${settings.join('\n')}
  --parameter Key=Value    any other main-stack parameter
  --delivery-config FILE   check this delivery.yaml and show each key's delivery targets from it
                           (default: with --stack, the uploaded <prefix>/Config/delivery.yaml)
  Flags win over --stack. A combination the rotation function would refuse at cold
  start stops the plan with the same message, naming the parameter.

What and when
  --at YYYY-MM-DD          plan as of that day: what the first run on it would do to the keys
                           as they are now (the day you deploy, say). Default: now.
  --no-key-ids             do not list the keys of users with nothing due: they come from the
                           credential report, which has no key ids (shown as -), at no call
                           per idle user. By default every key has its id, at
                           one ListAccessKeys per such user (the rotation function names them
                           from its key ledger instead).
  --history USER           print USER's key ledger (keys, what was done to them, when and why)
                           for the one --account ID, from the stack's bucket (--stack NAME
                           or --bucket NAME)
  --where-used             for each key the run would switch off, announce or postpone, where
                           CloudTrail (LookupEvents, 14 days at most) shows it still used, and any
                           advice; "no management events found" is not "not used" (docs/ledger.md)

Output
  --format F               table (default; grouped by account, with compliance counts), csv,
                           json (an array of key rows), html (one self-contained page with the
                           key-age chart)
  --out FILE               write there instead of stdout; progress goes to stderr
  --demo                   plan the demo's emulated Organization (moto, started and stopped here);
                           no AWS account needed

Exit code
  0 no key is overdue; 2 some key is overdue (active and older than RotationPeriod +
  InactiveBuffer), for a CI gate; 1 an error, or an account that could not be planned
  (its keys are unknown; the output lists it). --ignore-failed-accounts: failed accounts
  are still listed but do not make the exit code 1.
`;
}

const HELP_WIDTH = 100;
const HELP_INDENT = ' '.repeat(27);

/** One help entry, wrapped at HELP_WIDTH with its continuation lines under the description. */
function wrap(entry: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of entry.split(/(?<=\S) (?=\S)/)) {
    if (line !== '' && line.length + 1 + word.length > HELP_WIDTH) {
      lines.push(line);
      line = `${HELP_INDENT}${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}
