import type { KeyStatus } from '../lifecycle/types';
import type { LedgerKey, LedgerUser, ReportRow } from './schema';

/** A key as a credential-report row shows it: a slot, a flag and a time, no id. */
export interface ReportRowKey {
  readonly slot?: 1 | 2 | undefined;
  readonly status: KeyStatus;
  readonly createdAt: Date;
}

/** A reported key's slot: its own, or its position when the source gave none. */
export function slotOf(key: ReportRowKey, index: number): 1 | 2 {
  return key.slot ?? (index === 0 ? 1 : 2);
}

/** The report row in the ledger's form (slots in order; a key without a slot takes its position). */
export function reportRowOf(keys: readonly ReportRowKey[]): ReportRow {
  return keys
    .map((key, index) => ({ slot: slotOf(key, index), active: key.status === 'Active', lastRotated: key.createdAt.toISOString() }))
    .sort((a, b) => a.slot - b.slot);
}

/** Times equal to the second: the report and ListAccessKeys both give whole seconds, in different spellings. */
export function sameSecond(a: string | Date, b: string | Date): boolean {
  return Math.floor(new Date(a).getTime() / 1000) === Math.floor(new Date(b).getTime() / 1000);
}

/**
 * A listed key's creation time and the report's last-rotated time of the
 * same key: whole seconds both, but two views read apart, which were seen to
 * differ by one second (about one key in a thousand on the emulator). Held
 * exact, such a user was listed again at every run. A second either way is the
 * same key; the two keys of one user are told apart by slot first, then by the
 * nearer time (pairListed).
 */
export function sameKeyTime(listed: string | Date, reported: string | Date): boolean {
  return Math.abs(wholeSeconds(listed) - wholeSeconds(reported)) <= 1;
}

function wholeSeconds(time: string | Date): number {
  return Math.floor(new Date(time).getTime() / 1000);
}

/**
 * Pure: the report row's entry for each listed key (same index), or undefined
 * where none is within sameKeyTime. Each entry pairs once, the nearest first,
 * so two keys created a second apart do not both take slot 1; a matching
 * status decides between two keys of one second.
 */
export function pairListed<K extends { readonly createdAt: string | Date; readonly status?: KeyStatus }, E extends { readonly lastRotated: string; readonly active?: boolean }>(
  listed: readonly K[],
  row: readonly E[],
): (E | undefined)[] {
  // A status that disagrees (slot 1 off, slot 2 on, created in one second) weighs more than any time within the tolerance.
  const disagrees = (key: K, entry: E): number => (key.status !== undefined && entry.active !== undefined && (key.status === 'Active') !== entry.active ? 2 : 0);
  const pairs = listed.flatMap((key, index) =>
    row.flatMap((entry, at) => (sameKeyTime(key.createdAt, entry.lastRotated) ? [{ index, at, gap: gap(key.createdAt, entry.lastRotated) + disagrees(key, entry) }] : [])),
  );
  pairs.sort((a, b) => a.gap - b.gap || a.index - b.index || a.at - b.at);
  const result: (E | undefined)[] = listed.map(() => undefined);
  const taken = new Set<number>();
  for (const pair of pairs) {
    if (result[pair.index] !== undefined || taken.has(pair.at)) continue;
    result[pair.index] = row[pair.at];
    taken.add(pair.at);
  }
  return result;
}

export function sameRow(a: ReportRow | undefined, b: ReportRow): boolean {
  if (!a || a.length !== b.length) return false;
  return a.every((slot, index) => {
    const other = b[index];
    return other !== undefined && slot.slot === other.slot && slot.active === other.active && sameSecond(slot.lastRotated, other.lastRotated);
  });
}

/** The keys the ledger still holds as present (not found gone). */
export function presentKeys(user: LedgerUser | undefined): LedgerKey[] {
  return (user?.keys ?? []).filter((key) => key.goneAt === undefined);
}

/**
 * Pure: does this user's report row differ from the ledger's record of it, so
 * that ListAccessKeys is needed to name the keys? Yes when the ledger has no
 * record, when the row changed (a key created, deleted, switched on or off),
 * or when the recorded keys do not pair up with the row one to one. A user
 * with no keys needs no call: there is nothing to name.
 */
export function needsListing(reported: readonly ReportRowKey[], user: LedgerUser | undefined): boolean {
  if (reported.length === 0) return false;
  if (!user) return true;
  if (!sameRow(user.reportRow, reportRowOf(reported))) return true;
  return keysFromLedger(reported, user) === undefined;
}

/** Pure: the users (by name) whose keys must be listed; the rest are named from the ledger. */
export function usersNeedingListing(report: ReadonlyMap<string, readonly ReportRowKey[]>, ledger: { readonly users: Readonly<Record<string, LedgerUser>> }): string[] {
  return [...report].filter(([userName, keys]) => needsListing(keys, ledger.users[userName])).map(([userName]) => userName);
}

/**
 * The ledger's key for each reported key, paired by slot and creation time, or
 * undefined if any key does not pair (then the ledger cannot be used and IAM
 * is asked). Only the id is taken from the ledger; status and dates stay the report's.
 */
export function keysFromLedger(reported: readonly ReportRowKey[], user: LedgerUser): LedgerKey[] | undefined {
  const present = presentKeys(user);
  if (present.length !== reported.length) return undefined;
  const row = reportRowOf(reported);
  const paired: LedgerKey[] = [];
  for (const [index, key] of reported.entries()) {
    const slot = key.slot ?? row.find((entry) => sameSecond(entry.lastRotated, key.createdAt) && entry.active === (key.status === 'Active'))?.slot ?? index + 1;
    // The recorded key of this slot; a key recorded without one pairs by time alone (the nearer one when two are close).
    const candidates = present.filter((candidate) => !paired.includes(candidate) && sameKeyTime(candidate.createdAt, key.createdAt) && (candidate.slot === undefined || candidate.slot === slot));
    const match = candidates.sort((a, b) => gap(a.createdAt, key.createdAt) - gap(b.createdAt, key.createdAt))[0];
    if (!match) return undefined;
    paired.push(match);
  }
  return paired;
}

function gap(a: string | Date, b: string | Date): number {
  return Math.abs(wholeSeconds(a) - wholeSeconds(b));
}
