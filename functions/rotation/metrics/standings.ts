import { accountRows, emptyCounts, type Planner, type Standing } from '../../core/compliance';
import type { LifecycleSettings } from '../../core/lifecycle/types';
import { accountKeys } from '../account-keys';
import type { AccountPlan } from '../plan-account';

export interface StandingOptions {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly exemptionGroup: string;
  readonly exemptionTagKey: string;
  readonly settings: LifecycleSettings;
  readonly now: Date;
  readonly plan: Planner;
}

/**
 * Where the account's keys stand (the compliance view's seven standings),
 * from what the run already read: no call beyond the observation. Keys of a
 * user nobody saw (no credential report, and exempt or unreadable) are not
 * counted.
 */
export function standingCounts(account: AccountPlan, options: StandingOptions): Record<Standing, number> {
  const counts = emptyCounts();
  const rows = accountRows(
    accountKeys(account, {
      accountId: options.accountId,
      accountName: options.accountName,
      exemptionGroup: options.exemptionGroup,
      exemptionTagKey: options.exemptionTagKey,
    }),
    { settings: options.settings, now: options.now, plan: options.plan },
  );
  for (const key of rows) counts[key.standing] += 1;
  return counts;
}
