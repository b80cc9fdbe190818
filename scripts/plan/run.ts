import type { DeliveryConfig } from '../../functions/core/delivery/config/types';
import { complianceView, type ClassifiedKey, type ComplianceView } from '../../functions/core/compliance';
import { mapWithConcurrency } from '../../functions/core/async/map-with-concurrency';
import type { CredentialReportPolling } from '../../functions/rotation';
import { planOneAccount, type PlannedAccount } from './account';
import type { TargetAccount } from './accounts';
import type { Caller, PlanClients } from './clients';
import type { PlanSettings } from './settings';

/** Everything the formats show. */
export interface PlanResult {
  /** The instant planned for: now, or --at. */
  readonly at: Date;
  readonly caller: Caller;
  readonly settings: PlanSettings;
  readonly stack?: string;
  /** In the order they were listed. */
  readonly accounts: readonly PlannedAccount[];
  /** Every key of the accounts that could be read, account by account. */
  readonly keys: readonly ClassifiedKey[];
  readonly view: ComplianceView;
  /** Not failures: accounts left out and why. */
  readonly notes: readonly string[];
  readonly demo: boolean;
  /** The delivery configuration the targets are shown from (issue 21), when there is one. */
  readonly delivery?: DeliveryConfig;
  /** --where-used was given: the formats carry CloudTrail's evidence (json and csv only then, so their contract is unchanged without it). */
  readonly whereUsed?: boolean;
}

export interface RunOptions {
  readonly targets: readonly TargetAccount[];
  readonly notes: readonly string[];
  readonly caller: Caller;
  readonly clients: PlanClients;
  readonly settings: PlanSettings;
  readonly stack?: string;
  readonly at: Date;
  readonly keyIds: boolean;
  readonly whereUsed?: boolean;
  /** Accounts planned at once. */
  readonly concurrency: number;
  readonly demo: boolean;
  readonly delivery?: DeliveryConfig;
  readonly polling?: CredentialReportPolling;
  /** Called after each account, for the progress line. */
  readonly progress?: (done: number, total: number, account: string) => void;
}

// What the rotation function uses within one account (its handler's default).
const USER_CONCURRENCY = 8;

/** Plans every target account, a bounded number at a time; a failed account is in the result, never a thrown error. */
export async function runPlan(options: RunOptions): Promise<PlanResult> {
  let done = 0;
  const accounts = await mapWithConcurrency(options.targets, options.concurrency, async (target) => {
    const result = await planOneAccount(target, {
      settings: options.settings,
      clients: options.clients,
      now: options.at,
      keyIds: options.keyIds,
      ...(options.whereUsed ? { whereUsed: true } : {}),
      userConcurrency: USER_CONCURRENCY,
      ...(options.polling ? { polling: options.polling } : {}),
    });
    done++;
    options.progress?.(done, options.targets.length, target.name ? `${target.id} (${target.name})` : target.id);
    return result;
  });
  const keys = accounts.flatMap((account) => account.keys);
  return {
    at: options.at,
    caller: options.caller,
    settings: options.settings,
    ...(options.stack ? { stack: options.stack } : {}),
    accounts,
    keys,
    view: complianceView(keys, options.settings.settings),
    notes: options.notes,
    demo: options.demo,
    ...(options.delivery ? { delivery: options.delivery } : {}),
    ...(options.whereUsed ? { whereUsed: true } : {}),
  };
}

/** 0: nothing overdue; 2: some key overdue; 1: some account or user could not be planned (unless ignored), since its keys are unknown. */
export function exitCode(result: PlanResult, ignoreFailedAccounts: boolean): 0 | 1 | 2 {
  const failed = result.accounts.some((account) => account.error !== undefined || account.failures.length > 0);
  if (failed && !ignoreFailedAccounts) return 1;
  return result.view.counts.overdue > 0 ? 2 : 0;
}
