import { MAX_DELIVERIES_PER_USER, type Ledger, type LedgerDelivery, type LedgerUser } from './schema';
import { userOf } from './update';

/**
 * The delivery outcomes in the ledger (issue 21): each attempt is kept (the
 * history), and the newest per target is the record the old-key guard and the
 * retries read.
 */

/** The newest outcome of each target, by target id. */
export function latestDeliveries(user: LedgerUser | undefined): ReadonlyMap<string, LedgerDelivery> {
  const latest = new Map<string, LedgerDelivery>();
  for (const entry of user?.deliveries ?? []) {
    const known = latest.get(entry.target);
    if (!known || known.at <= entry.at) latest.set(entry.target, entry);
  }
  return latest;
}

/**
 * Adds outcomes; one already there (same target, key, time and outcome: a
 * record read twice, or a migrated tag) is not added again. The oldest fall
 * off past the limit, never the newest of a target: that is what holds an old key.
 */
export function recordDeliveries(ledger: Ledger, userName: string, entries: readonly LedgerDelivery[]): void {
  if (entries.length === 0) return;
  const user = userOf(ledger, userName);
  for (const entry of entries) {
    if (user.deliveries.some((known) => known.target === entry.target && known.keyId === entry.keyId && known.at === entry.at && known.outcome === entry.outcome)) continue;
    user.deliveries.push(entry);
  }
  user.deliveries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const excess = user.deliveries.length - MAX_DELIVERIES_PER_USER;
  if (excess <= 0) return;
  const newest = new Set(latestDeliveries(user).values());
  const dropped = new Set(user.deliveries.filter((entry) => !newest.has(entry)).slice(0, excess));
  user.deliveries = user.deliveries.filter((entry) => !dropped.has(entry));
}

/** The tags beside the secret were read for this key (or, keys unknown, at all), and whether there were any. */
export function recordDeliveryTags(ledger: Ledger, userName: string, readFor: string | undefined, present: boolean): void {
  userOf(ledger, userName).deliveryTags = { ...(readFor !== undefined ? { readFor } : {}), present };
}
