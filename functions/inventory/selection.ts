import type { OrgAccount } from './organization';

export const SKIP_REASONS = ['notRequested', 'inactive', 'excluded', 'notIncluded'] as const;
/**
 * Why a listed account gets no rotation request:
 * - notRequested: a console event named other accounts;
 * - inactive: its state is not ACTIVE (suspended, closing, closed, pending activation);
 * - excluded: EXCLUDE_ACCOUNTS names it;
 * - notIncluded: INCLUDE_ACCOUNTS is set and does not name it.
 */
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface SkippedAccount {
  readonly account: string;
  readonly reason: SkipReason;
  readonly state: string;
}

export interface AccountFilter {
  readonly include: ReadonlySet<string>;
  readonly exclude: ReadonlySet<string>;
  /** From a console event; undefined means no narrowing. */
  readonly requested?: readonly string[];
}

export interface Selection {
  readonly selected: readonly OrgAccount[];
  readonly skipped: readonly SkippedAccount[];
  /** Requested by the console event but not found in the inventoried scope: reported, never enqueued. */
  readonly requestedNotFound: readonly string[];
  /** Named by INCLUDE_ACCOUNTS but not found in scope: most likely a typo in the rollout list. */
  readonly includedNotFound: readonly string[];
}

export const ACTIVE = 'ACTIVE';

/**
 * Decides which listed accounts get a rotation request. Pure, so every rule
 * is tested without AWS. The first reason that applies is the one reported,
 * in the order of SKIP_REASONS. Console narrowing cannot override the
 * exclude or include list: those are the operator's rollout guard rails.
 */
export function selectAccounts(accounts: readonly OrgAccount[], filter: AccountFilter): Selection {
  const requested = filter.requested ? new Set(filter.requested) : undefined;
  const selected: OrgAccount[] = [];
  const skipped: SkippedAccount[] = [];
  const seen = new Set<string>();
  for (const account of accounts) {
    if (seen.has(account.id)) continue;
    seen.add(account.id);
    const reason = skipReason(account, filter, requested);
    if (reason) skipped.push({ account: account.id, reason, state: account.state });
    else selected.push(account);
  }
  return {
    selected,
    skipped,
    requestedNotFound: [...(requested ?? [])].filter((id) => !seen.has(id)),
    includedNotFound: [...filter.include].filter((id) => !seen.has(id)),
  };
}

function skipReason(account: OrgAccount, filter: AccountFilter, requested: ReadonlySet<string> | undefined): SkipReason | undefined {
  if (requested && !requested.has(account.id)) return 'notRequested';
  if (account.state !== ACTIVE) return 'inactive';
  if (filter.exclude.has(account.id)) return 'excluded';
  if (filter.include.size > 0 && !filter.include.has(account.id)) return 'notIncluded';
  return undefined;
}

export function countByReason(skipped: readonly SkippedAccount[]): Record<SkipReason, number> {
  const counts = Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<SkipReason, number>;
  for (const entry of skipped) counts[entry.reason] += 1;
  return counts;
}
