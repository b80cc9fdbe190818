import { isDeepStrictEqual } from 'node:util';
import { recordDeliveries } from './deliveries';
import type { Ledger, LedgerAction, LedgerKey, LedgerUser } from './schema';
import { recordActions } from './update';

/** How each field of a user is merged; a field added to the schema does not compile until it is placed here. */
const RULES: { readonly [Field in keyof LedgerUser]-?: 'united' | 'by key id' | 'ours if changed' } = {
  keys: 'by key id',
  reportRow: 'ours if changed',
  listedAt: 'ours if changed',
  actions: 'united',
  deliveries: 'united',
  deliveryTags: 'ours if changed',
  whereUsed: 'by key id',
  exemptUntil: 'ours if changed',
  holdUntil: 'ours if changed',
};
const OWN_FIELDS = (Object.keys(RULES) as (keyof LedgerUser)[]).filter((field) => RULES[field] === 'ours if changed');

/**
 * Pure: this run's ledger merged into the one another run of the same account
 * wrote since this run read it (its conditional write found the object changed).
 * `base` is the ledger as this run read it (undefined: there was none, or it did
 * not parse, so everything this run holds is its own), `ours` this run's,
 * `theirs` the one in S3 now. Nothing either run recorded is lost:
 *
 * - history lines and delivery records: both runs' (one of each that both hold),
 *   in time order, then the ledger's usual limits (update.ts, deliveries.ts):
 *   the newest 100 per user, and never the newest delivery record of a target,
 *   which is what holds an old key while a target lacks the new one;
 * - keys, by id: a key this run changed (or added) is this run's, any other the other run's,
 *   with the newer of the two last uses; a key only one side has is kept;
 * - where-used summaries, by key id (none for a key either run found gone), the report row, when the keys were listed,
 *   the tag-records marker, exemption and hold: this run's where this run changed
 *   them, otherwise the other run's;
 * - users either side has are kept.
 *
 * The ledger is never trusted over IAM: should the merged report row not pair
 * with the merged keys, the next run lists that user's keys again.
 */
export function mergeLedgers(base: Ledger | undefined, ours: Ledger, theirs: Ledger): Ledger {
  const merged: Ledger = { version: ours.version, accountId: ours.accountId, updatedAt: ours.updatedAt, users: {} };
  const names = [...Object.keys(theirs.users), ...Object.keys(ours.users).filter((userName) => theirs.users[userName] === undefined)];
  for (const userName of names) {
    const our = ours.users[userName];
    const their = theirs.users[userName];
    if (!our || !their) {
      merged.users[userName] = structuredClone((our ?? their) as LedgerUser);
      continue;
    }
    const before = base?.users[userName];
    const user: LedgerUser = {
      keys: mergeKeys(before?.keys ?? [], our.keys, their.keys),
      actions: [],
      deliveries: structuredClone(their.deliveries),
      whereUsed: mergeByKey(before?.whereUsed ?? {}, our.whereUsed, their.whereUsed),
    };
    for (const field of OWN_FIELDS) {
      const value = same(before?.[field], our[field]) ? their[field] : our[field];
      if (value !== undefined) Object.assign(user, { [field]: structuredClone(value) });
    }
    // A key either run found gone has nothing left to say where it is used (update.ts drops it the same way).
    for (const key of user.keys) if (key.goneAt !== undefined) delete user.whereUsed[key.id];
    merged.users[userName] = user;
    recordActions(merged, userName, unitedActions(our.actions, their.actions));
    recordDeliveries(merged, userName, structuredClone(our.deliveries));
  }
  return merged;
}

function mergeKeys(base: readonly LedgerKey[], ours: readonly LedgerKey[], theirs: readonly LedgerKey[]): LedgerKey[] {
  const changedByUs = (key: LedgerKey): boolean => !same(base.find((known) => known.id === key.id), key);
  const kept = theirs.map((their) => {
    const our = ours.find((key) => key.id === their.id);
    return our && changedByUs(our) ? withNewerUse(our, their) : their;
  });
  return structuredClone([...kept, ...ours.filter((our) => !theirs.some((their) => their.id === our.id))]);
}

/** This run's key, with the other run's last use when that one is newer: both runs saw the key, the later sighting counts. */
function withNewerUse(our: LedgerKey, their: LedgerKey): LedgerKey {
  if (!their.lastUsedAt || (our.lastUsedAt && Date.parse(our.lastUsedAt) >= Date.parse(their.lastUsedAt))) return our;
  const { lastUsedAt: _at, lastUsedService: _service, lastUsedRegion: _region, ...rest } = our;
  return {
    ...rest,
    lastUsedAt: their.lastUsedAt,
    ...(their.lastUsedService ? { lastUsedService: their.lastUsedService } : {}),
    ...(their.lastUsedRegion ? { lastUsedRegion: their.lastUsedRegion } : {}),
  };
}

function mergeByKey<T>(base: Readonly<Record<string, T>>, ours: Readonly<Record<string, T>>, theirs: Readonly<Record<string, T>>): Record<string, T> {
  const merged: Record<string, T> = {};
  for (const id of new Set([...Object.keys(theirs), ...Object.keys(ours)])) {
    const value = same(base[id], ours[id]) ? theirs[id] : ours[id];
    if (value !== undefined) merged[id] = structuredClone(value);
  }
  return merged;
}

/** Both sides' lines, each once, oldest first (a stable sort: at the same time, theirs before ours). */
function unitedActions(ours: readonly LedgerAction[], theirs: readonly LedgerAction[]): LedgerAction[] {
  const united = [...theirs, ...ours.filter((our) => !theirs.some((their) => same(their, our)))];
  return structuredClone(united).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** Equal as stored: JSON has no undefined members, and key order does not matter. */
function same(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify({ value: a })), JSON.parse(JSON.stringify({ value: b })));
}
