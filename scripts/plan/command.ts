import { writeFile } from 'node:fs/promises';
import type { ClientPlugin } from '../../functions/core/aws/plugins';
import { isoDay } from '../../functions/core/compliance';
import { describeError } from '../../functions/core/errors/describe';
import { startOfUtcDay } from '../../functions/core/lifecycle/time';
import { scrubber } from '../../functions/core/scrub/scrub';
import { singleLine } from '../../functions/core/text/escape';
import { OrganizationListingError } from '../../functions/inventory';
import type { CredentialReportPolling } from '../../functions/rotation';
import { helpText, parsePlanArgs, type PlanArgs } from './args';
import { targetAccounts } from './accounts';
import { planClients, whoIsCalling } from './clients';
import { withDemoOrganization } from './demo';
import { PlanUsageError } from './errors';
import { formatPlan } from './format';
import { limitLines } from './format/compliance-limit';
import { accountTitle, countsText, keysText } from './format/summary';
import { exitCode, runPlan, type PlanResult } from './run';
import { resolvePlanSettings } from './settings';
import { readStackParameters } from './stack';
import { planDeliveryConfig } from './delivery';
import { printHistory } from './history';

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Progress after each account (a redrawn line on a terminal); none when absent. */
  readonly progress?: (done: number, total: number, account: string) => void;
  /** Tests only: SDK plugins after the read-only guard (faults, counters), and a quicker credential-report wait. */
  readonly plugins?: readonly ClientPlugin[];
  readonly polling?: CredentialReportPolling;
  /** The clock; defaults to the real time. */
  readonly now?: () => Date;
}

/** `npm run plan`: returns the exit code (0 nothing overdue, 2 something overdue, 1 an error or an account not planned). */
export async function runPlanCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  let args: PlanArgs;
  try {
    args = parsePlanArgs(argv);
    if (args.help) {
      io.stdout(helpText());
      return 0;
    }
    if (args.history !== undefined) {
      const clients = await planClients({ ...(args.profile !== undefined ? { profile: args.profile } : {}), ...(args.region !== undefined ? { region: args.region } : {}), ...(io.plugins ? { plugins: io.plugins } : {}) });
      io.stdout(
        await printHistory(
          { userName: args.history, accounts: args.accounts, ...(args.stack !== undefined ? { stack: args.stack } : {}), ...(args.bucket !== undefined ? { bucket: args.bucket } : {}), now: io.now?.() ?? new Date() },
          clients,
        ),
      );
      return 0;
    }
    const result = args.demo
      ? await withDemoOrganization((start) => plan(args, io, start, true))
      : await plan(args, io, io.now?.() ?? new Date(), false);
    const text = formatPlan(result, args.format);
    if (args.out !== undefined) await writeFile(args.out, text, 'utf8');
    else io.stdout(text);
    const code = exitCode(result, args.ignoreFailedAccounts);
    io.stderr(closingLines(result, code, args.out));
    return code;
  } catch (error) {
    io.stderr(`plan: ${oneLine(error)}\n`);
    return 1;
  }
}

async function plan(args: PlanArgs, io: CommandIo, now: Date, demo: boolean): Promise<PlanResult> {
  const clients = await planClients({
    ...(args.profile !== undefined ? { profile: args.profile } : {}),
    ...(args.region !== undefined ? { region: args.region } : {}),
    ...(io.plugins ? { plugins: io.plugins } : {}),
  });
  const caller = await whoIsCalling(clients);
  const stack = args.stack === undefined ? undefined : { name: args.stack, values: await readStackParameters(clients.cloudFormation, args.stack, clients.region) };
  const settings = resolvePlanSettings({
    flags: { ...args.parameters, ...(args.role !== undefined ? { IAMRoleName: args.role } : {}) },
    ...(stack ? { stack } : {}),
    region: clients.region,
  });
  const at = planDate(args.at, now);
  const csv = (name: string) => (stack?.values[name] ?? '').split(',').map((value) => value.trim()).filter(Boolean);
  const targets = await targetAccounts(
    {
      accounts: args.accounts,
      org: args.org || demo,
      ous: args.ous,
      ...(args.role !== undefined ? { role: args.role } : {}),
      roleName: settings.roleName,
      ...(stack ? { stackScope: { ous: csv('OrganizationalUnits'), include: csv('IncludeAccounts'), exclude: csv('ExcludeAccounts') } } : {}),
    },
    caller,
    clients,
  );
  for (const note of targets.notes) io.stderr(`plan: ${singleLine(note)}\n`);
  if (targets.accounts.length === 0) throw new PlanUsageError('accounts', 'none left to plan (see the lines above)');
  io.stderr(`plan: ${targets.accounts.length} account(s) as of ${isoDay(at)}, read-only, as ${caller.arn}\n`);
  const delivery = await planDeliveryConfig(args, clients, stack?.values, io);
  return runPlan({
    targets: targets.accounts,
    notes: targets.notes,
    caller,
    clients,
    settings,
    ...(stack ? { stack: stack.name } : {}),
    at,
    keyIds: args.keyIds,
    ...(args.whereUsed ? { whereUsed: true } : {}),
    concurrency: args.concurrency,
    demo,
    ...(delivery ? { delivery } : {}),
    ...(io.polling ? { polling: io.polling } : {}),
    ...(io.progress ? { progress: io.progress } : {}),
  });
}

/** --at: that day at 00:00 UTC (today: now); a day before today has no keys to look at. */
function planDate(at: Date | undefined, now: Date): Date {
  if (at === undefined) return now;
  if (at.getTime() < startOfUtcDay(now.getTime())) {
    throw new PlanUsageError('--at', `${isoDay(at)} is before today (${isoDay(now)}): the plan looks ahead from the keys as they are now`);
  }
  return at.getTime() === startOfUtcDay(now.getTime()) ? now : at;
}

/** What a CI log needs after the output: failures, the counts, and why the exit code is what it is. */
function closingLines(result: PlanResult, code: number, out: string | undefined): string {
  const lines: string[] = [];
  for (const account of result.accounts) {
    if (account.error !== undefined) lines.push(`plan: account ${accountTitle(account)} NOT PLANNED: ${account.error}`);
    for (const failure of account.failures) lines.push(`plan: account ${accountTitle(account)}: user ${failure}`);
  }
  const unassumable = result.accounts.filter((account) => account.error?.startsWith('AssumeRoleError')).length;
  if (unassumable > 0) {
    lines.push(
      `plan: hint: the role could not be assumed in ${unassumable} account(s). The StackSet's member role trusts only the rotation function; as a person, pass --role with a role you may assume that can read IAM (OrganizationAccountAccessRole in accounts the Organization created, or your audit role)`,
    );
  }
  for (const line of limitLines(result)) lines.push(`plan: ${line}`);
  const { rotationPeriodDays: r, inactiveBufferDays: b } = result.settings.settings;
  lines.push(`plan: ${keysText(result.view.keys)} in ${result.accounts.length} account(s): ${countsText(result.view.counts, { all: false })}${out ? `; written to ${out}` : ''}`);
  const why =
    code === 2
      ? `${result.view.counts.overdue} key(s) overdue (active and older than RotationPeriod + InactiveBuffer = ${r + b} days)`
      : code === 1
        ? 'some accounts or users could not be planned, so their keys are unknown (--ignore-failed-accounts to gate on the rest)'
        : 'no key overdue';
  lines.push(`plan: exit ${code}: ${why}`);
  return `${lines.map((line) => singleLine(line)).join('\n')}\n`;
}

function oneLine(error: unknown): string {
  if (error instanceof OrganizationListingError) {
    return scrubber.text(
      `${error.message.replace(/; nothing was enqueued$/, '')} (--org needs organizations:ListAccounts, ListAccountsForParent and ListOrganizationalUnitsForParent: run it from the management account or a delegated administrator)`,
    );
  }
  if (error instanceof Error && error.name === 'CredentialsProviderError') {
    return scrubber.text(`no AWS credentials: ${error.message.split('\n')[0] ?? ''} (pass --profile, set AWS_PROFILE, or run aws sso login)`);
  }
  return singleLine(scrubber.text(describeError(error)));
}
