import { accountRows, emptyCounts, type KeyRow, type Standing } from '../../core/compliance';
import type { LifecycleSettings, Planner } from '../../core/lifecycle/types';
import { accountKeys } from '../account-keys';
import type { AccountPlan } from '../plan-account';

export interface KeyRowsOptions {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly exemptionGroup: string;
  readonly exemptionTagKey: string;
  readonly settings: LifecycleSettings;
  readonly now: Date;
  readonly plan: Planner;
}

export interface AccountKeyRows {
  readonly rows: readonly KeyRow[];
  /** Where these keys stand (the compliance view's seven standings), for the run's metrics. */
  readonly standings: Record<Standing, number>;
  /** Users whose keys nobody read (exempt or on hold, and no credential report): not in `rows`. */
  readonly unread: readonly string[];
}

/**
 * A row for every key of the account, from what the run already read: no
 * call of its own. Examined users' keys with their ids and the run's plan;
 * users listed and left alone with their ids and the report's last use; the
 * rest from the credential report, without key ids (as `npm run plan`
 * shows them without --key-ids). Rows are the keys as the run found them:
 * an action dated the run's day is the one this run took (or, in audit
 * mode, would have taken).
 */
export function accountKeyRows(plan: AccountPlan, options: KeyRowsOptions): AccountKeyRows {
  const keys = accountKeys(plan, {
    accountId: options.accountId,
    accountName: options.accountName,
    exemptionGroup: options.exemptionGroup,
    exemptionTagKey: options.exemptionTagKey,
  });
  const classified = accountRows(keys, { settings: options.settings, now: options.now, plan: options.plan });
  const rows = classified.map((key) => key.row);
  const standings = emptyCounts();
  for (const key of classified) standings[key.standing] += 1;
  const covered = new Set([...keys.users.map((user) => user.userName), ...plan.observation.failures.map((failure) => failure.userName)]);
  const unread = plan.observation.users.map((user) => user.userName).filter((name) => !covered.has(name));
  return { rows, standings, unread };
}
