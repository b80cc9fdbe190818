import { isoDay, STANDING_LABELS, STANDINGS, type StandingCounts } from '../../../functions/core/compliance';
import type { MainParameter } from '../../../templates-src/main-stack/parameters';
import type { PlanResult } from '../run';

/** "1 key", "3 keys". */
export function keysText(count: number): string {
  return count === 1 ? '1 key' : `${count} keys`;
}

/** "5 compliant, 1 rotation due, …": every standing, or only those with keys. */
export function countsText(counts: StandingCounts, options: { all: boolean }): string {
  const parts = STANDINGS.filter((standing) => options.all || counts[standing] > 0).map((standing) => `${counts[standing]} ${STANDING_LABELS[standing]}`);
  return parts.length > 0 ? parts.join(', ') : 'no keys';
}

const SHOWN: readonly MainParameter[] = ['RotationPeriod', 'InactiveBuffer', 'RecoveryGracePeriod', 'WarningDays'];

/** "RotationPeriod 90, InactiveBuffer 10 (--inactive-buffer), …": the settings planned with, and which ones are not the template's defaults. */
export function settingsText(result: PlanResult): string {
  const sourced = SHOWN.map((name) => {
    const chosen = result.settings.parameters.get(name);
    const from = chosen?.source === 'flag' ? ' (flag)' : chosen?.source === 'stack' ? ` (stack ${result.stack ?? ''})` : '';
    return `${name} ${chosen?.value ?? '?'}${from}`;
  });
  const exempt = `exempt: group ${result.settings.exemptionGroup} or tag ${result.settings.exemptionTagKey}`;
  return `${sourced.join(', ')}; ${exempt}`;
}

export function titleText(result: PlanResult): string {
  const scope = result.accounts.length === 1 ? '1 account' : `${result.accounts.length} accounts`;
  return `IAM access key plan for ${scope}, as of ${isoDay(result.at)} (UTC)${result.demo ? ' (the demo Organization, emulated)' : ''}`;
}

/** "rotate 4 keys, deactivate 0, delete 2 (1 CRITICAL)": what the first run would do, from the engine's own plan of each account. */
export function firstRunText(result: PlanResult): string {
  const counts = { ROTATE: 0, DEACTIVATE: 0, DELETE: 0, POSTPONE: 0 };
  let critical = 0;
  for (const account of result.accounts) {
    for (const { plan } of account.planned) {
      for (const action of plan.actions) {
        if (action.type === 'WARN') continue;
        counts[action.type] += 1;
        if (action.severity === 'CRITICAL') critical++;
      }
    }
  }
  const postponed = counts.POSTPONE > 0 ? `, postpone the deactivation of ${keysText(counts.POSTPONE)} in use` : '';
  return `the run on ${isoDay(result.at)} would rotate ${keysText(counts.ROTATE)}, deactivate ${keysText(counts.DEACTIVATE)}, delete ${keysText(counts.DELETE)}${postponed}${critical > 0 ? ` (${critical} CRITICAL: see the reasons)` : ''}${
    // Audit mode is the template's default and a deployed stack's first setting: say the changes wait for enforce.
    result.settings.dryRun ? ' once enforcing (DryRunFlag=False; in audit mode it emails this plan instead)' : ''
  }`;
}

/** Lines that qualify the whole plan: audit mode, unknown key ids, accounts left out. */
export function footnotes(result: PlanResult): string[] {
  const notes = [...result.notes];
  if (result.stack && result.settings.dryRun) notes.push(`stack ${result.stack} is in audit mode (DryRunFlag=True): its runs email this plan and change nothing`);
  if (result.keys.some((key) => key.row.accessKeyId === null)) {
    notes.push('key id -: the key has nothing due and was read from the credential report, which has no key ids; without --no-key-ids they are listed (one IAM call per such user)');
  }
  return notes;
}

/** "2026-01-04 sts us-east-1", or "never". */
export function lastUsedText(row: { lastUsedAt: string | null; lastUsedService: string | null; lastUsedRegion: string | null }): string {
  if (row.lastUsedAt === null) return 'never';
  return [row.lastUsedAt.slice(0, 10), row.lastUsedService, row.lastUsedRegion].filter((part) => part !== null).join(' ');
}

export function accountTitle(account: { accountId: string; accountName: string | null }): string {
  return account.accountName ? `${account.accountName} (${account.accountId})` : account.accountId;
}
