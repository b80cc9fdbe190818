import type { KeyStatus } from '../lifecycle/types';
import type { LedgerKey, LedgerUser, ReportRow } from './schema';

/** A key as a credential-report row shows it: a slot, a flag and a time, no id. */
export interface ReportRowKey {
  readonly slot?: 1 | 2 | undefined;
  readonly status: KeyStatus;
  readonly createdAt: Date;
}

/** The report row in the ledger's form (slots in order; a key without a slot takes its position). */
export function reportRowOf(keys: readonly ReportRowKey[]): ReportRow {
  return keys
    .map((key, index) => ({ slot: key.slot ?? (index === 0 ? 1 : 2), active: key.status === 'Active', lastRotated: key.createdAt.toISOString() }))
    .sort((a, b) => a.slot - b.slot);
}

/** Times equal to the second: the report and ListAccessKeys both give whole seconds, in different spellings. */
export function sameSecond(a: string | Date, b: string | Date): boolean {
  return Math.floor(new Date(a).getTime() / 1000) === Math.floor(new Date(b).getTime() / 1000);
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
    const slot = row.find((entry) => sameSecond(entry.lastRotated, key.createdAt) && entry.active === (key.status === 'Active'))?.slot ?? key.slot ?? index + 1;
    const match = present.find((candidate) => sameSecond(candidate.createdAt, key.createdAt) && (candidate.slot === undefined || candidate.slot === slot));
    if (!match || paired.includes(match)) return undefined;
    paired.push(match);
  }
  return paired;
}
