import type { LifecycleSettings } from '../lifecycle/types';
import { ageDistribution, type AgeBucket } from './age-buckets';
import type { ClassifiedKey } from './key-rows';
import { emptyCounts, type Standing } from './standing';

export type StandingCounts = Readonly<Record<Standing, number>>;

export interface AccountCompliance {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly keys: number;
  readonly counts: StandingCounts;
}

/** A user the tool leaves alone, with when that ends. */
export interface LeftAloneUser {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly userName: string;
  readonly standing: 'exempt' | 'held';
  readonly reason: string;
  /** null: no end. */
  readonly until: Date | null;
}

/** What the digest and the plan say about a selection of keys: counts, the worst accounts, who is left alone, the age chart's data. */
export interface ComplianceView {
  readonly keys: number;
  readonly counts: StandingCounts;
  /** In the order the keys came. */
  readonly accounts: readonly AccountCompliance[];
  /** The accounts with the most overdue keys, at most MOST_OVERDUE_ACCOUNTS, none without an overdue key. */
  readonly mostOverdue: readonly AccountCompliance[];
  readonly leftAlone: readonly LeftAloneUser[];
  readonly ages: readonly AgeBucket[];
}

export const MOST_OVERDUE_ACCOUNTS = 5;

export function complianceView(
  keys: readonly ClassifiedKey[],
  settings: Pick<LifecycleSettings, 'rotationPeriodDays' | 'inactiveBufferDays'>,
): ComplianceView {
  const counts = emptyCounts();
  const accounts = new Map<string, { accountId: string; accountName: string | null; keys: number; counts: Record<Standing, number> }>();
  const leftAlone = new Map<string, LeftAloneUser>();
  for (const key of keys) {
    const { accountId, accountName, userName } = key.row;
    counts[key.standing] += 1;
    const account = accounts.get(accountId) ?? { accountId, accountName, keys: 0, counts: emptyCounts() };
    account.keys += 1;
    account.counts[key.standing] += 1;
    accounts.set(accountId, account);
    if ((key.standing === 'exempt' || key.standing === 'held') && key.row.exemptReason !== null) {
      // Users, not keys: an exempt user with two keys is one exemption.
      leftAlone.set(JSON.stringify([accountId, userName]), {
        accountId,
        accountName,
        userName,
        standing: key.standing,
        reason: key.row.exemptReason,
        until: key.until,
      });
    }
  }
  const all = [...accounts.values()];
  const mostOverdue = all
    .filter((account) => account.counts.overdue > 0)
    .sort((a, b) => b.counts.overdue - a.counts.overdue || a.accountId.localeCompare(b.accountId))
    .slice(0, MOST_OVERDUE_ACCOUNTS);
  return { keys: keys.length, counts, accounts: all, mostOverdue, leftAlone: [...leftAlone.values()], ages: ageDistribution(keys, settings) };
}
