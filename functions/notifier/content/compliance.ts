import { classifyRows, complianceView, leftAloneCause, type AccountCompliance, type ComplianceView, type KeyRow } from '../../core/compliance';
import type { LifecycleSettings } from '../../core/lifecycle/types';

/**
 * What the admin digest says about the whole selection, from the key rows
 * every account reported with its run: the counts, the accounts with the most
 * overdue keys, every postponed and held key, every exemption and when it
 * ends, and the key-age distribution. Pure; the rows are classified again at
 * the run's `now` (classifyRows), so the digest counts what the rotation
 * functions saw.
 */
export interface ComplianceSection {
  readonly view: ComplianceView;
  /** Exempt keys whose exemption has an end date. */
  readonly exemptWithEnd: number;
  readonly postponed: readonly ListedKey[];
  readonly held: readonly ListedKey[];
  readonly exemptions: readonly ListedKey[];
  /** Rows left out of each list above (it shows at most MAX_LISTED). */
  readonly leftOut: { readonly postponed: number; readonly held: number; readonly exemptions: number };
}

/** One line of a list: whose key, and what to know about it. */
export interface ListedKey {
  readonly account: string;
  readonly accountId: string;
  readonly userName: string;
  /** null: only the credential report saw the key (an exempt user's keys are not listed one by one). */
  readonly accessKeyId: string | null;
  readonly ageDays: number;
  /** For a postponed key: why and until when; for a hold or an exemption: its cause. */
  readonly detail: string;
  /** The last day of a hold or an exemption (YYYY-MM-DD); null: no end. */
  readonly until: string | null;
}

/** A digest stays a mail: longer lists are in the run's key report (reports/<date>/keys.csv). */
export const MAX_LISTED = 50;

export function complianceSection(
  rows: readonly KeyRow[],
  settings: Pick<LifecycleSettings, 'rotationPeriodDays' | 'inactiveBufferDays'>,
  now: Date,
): ComplianceSection {
  const keys = classifyRows(rows, settings, now);
  const view = complianceView(keys, settings);
  const listed = (standing: 'postponed' | 'held' | 'exempt'): ListedKey[] =>
    keys
      .filter((key) => key.standing === standing)
      .map((key) => ({
        account: accountName(key.row.accountId, key.row.accountName),
        accountId: key.row.accountId,
        userName: key.row.userName,
        accessKeyId: key.row.accessKeyId,
        ageDays: key.ageDays,
        // The list is the postponed keys: the row's severity word in front adds nothing.
        detail: standing === 'postponed' ? key.row.reason.replace(/^(CRITICAL|WARNING): /, '') : leftAloneCause(key.row),
        // The last day, as the row says it: `until` is the instant after it.
        until: key.until === null ? null : new Date(key.until.getTime() - 1).toISOString().slice(0, 10),
      }))
      .sort((a, b) => (a.until ?? '9999').localeCompare(b.until ?? '9999') || a.account.localeCompare(b.account) || a.userName.localeCompare(b.userName));
  const postponed = listed('postponed');
  const held = listed('held');
  // An exemption is a user's, not a key's: one line for a user with two keys.
  const exemptions = unique(listed('exempt'));
  return {
    view,
    exemptWithEnd: keys.filter((key) => key.standing === 'exempt' && key.until !== null).length,
    postponed: postponed.slice(0, MAX_LISTED),
    held: held.slice(0, MAX_LISTED),
    exemptions: exemptions.slice(0, MAX_LISTED),
    leftOut: {
      postponed: Math.max(0, postponed.length - MAX_LISTED),
      held: Math.max(0, held.length - MAX_LISTED),
      exemptions: Math.max(0, exemptions.length - MAX_LISTED),
    },
  };
}

export function accountName(accountId: string, name: string | null): string {
  return name ? `${name} (${accountId})` : accountId;
}

export function accountOf(account: AccountCompliance): string {
  return accountName(account.accountId, account.accountName);
}

function unique(keys: readonly ListedKey[]): ListedKey[] {
  const seen = new Set<string>();
  return keys.filter((key) => {
    const id = JSON.stringify([key.account, key.userName]);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
