import fc from 'fast-check';
import { latestDeliveries, recordDeliveries } from '../../../functions/core/ledger/deliveries';
import { mergeLedgers } from '../../../functions/core/ledger/merge';
import { emptyLedger, ledgerDocument, MAX_ACTIONS_PER_USER, MAX_DELIVERIES_PER_USER, type Ledger, type LedgerAction, type LedgerDelivery, type LedgerKey, type LedgerUser } from '../../../functions/core/ledger/schema';
import { recordActions, recordListing, recordStanding, recordWhereUsed, userOf } from '../../../functions/core/ledger/update';
import { summarizeEvents } from '../../../functions/core/where-used/summarize';

const ACCOUNT = '111111111111';
const T0 = Date.UTC(2026, 2, 1, 6);
const at = (minute: number): string => new Date(T0 + minute * 60_000).toISOString();
const keyId = (n: number): string => `AKIAMERGEKEY${String(n).padStart(8, '0')}`;
const RUNS = 100;

const action = (minute: number, what = 'ROTATE', runId = 'run'): LedgerAction => ({ at: at(minute), action: what, keyId: keyId(1), runId, outcome: 'done', reason: 'DUE' });
const delivery = (minute: number, target: string, outcome: 'delivered' | 'failed' = 'delivered'): LedgerDelivery => ({
  at: at(minute),
  keyId: keyId(2),
  target,
  label: `target ${target}`,
  outcome,
  ...(outcome === 'failed' ? { status: 503 } : {}),
});
const summary = (n: number, minute: number): ReturnType<typeof summarizeEvents> =>
  summarizeEvents([], { keyId: keyId(n), lookedUpAt: new Date(T0 + minute * 60_000), regions: ['us-east-1'], from: new Date(T0), to: new Date(T0 + minute * 60_000), complete: true });

/** A ledger as a run reads it: built by the ledger's own functions, then through JSON. */
function stored(build: (ledger: Ledger) => void): Ledger {
  const ledger = emptyLedger(ACCOUNT, new Date(T0));
  build(ledger);
  return ledgerDocument.parse(JSON.parse(JSON.stringify(ledger)));
}

function listed(ledger: Ledger, userName: string, ids: readonly number[], minute: number, status: 'Active' | 'Inactive' = 'Active'): void {
  recordListing(
    ledger,
    userName,
    ids.map((n) => ({ id: keyId(n), status, createdAt: new Date(T0 - n * 86_400_000) })),
    undefined,
    new Date(T0 + minute * 60_000),
  );
}

const user = (ledger: Ledger, userName = 'app'): LedgerUser => {
  const found = ledger.users[userName];
  if (!found) throw new Error(`no user ${userName}`);
  return found;
};
const withoutTime = (ledger: Ledger): unknown => JSON.parse(JSON.stringify(ledger.users)) as unknown;

describe('merging a run into the ledger another run of the account wrote meanwhile', () => {
  const base = stored((ledger) => {
    listed(ledger, 'app', [1, 2], 0);
    recordActions(ledger, 'app', [action(0, 'ROTATE', 'first')]);
    recordDeliveries(ledger, 'app', [delivery(0, 'github:repo')]);
  });

  it('keeps both runs’ history lines and delivery records, each once, in time order', () => {
    const ours = structuredClone(base);
    recordActions(ours, 'app', [action(20, 'DEACTIVATE', 'ours')]);
    recordDeliveries(ours, 'app', [delivery(20, 'github:repo', 'failed')]);
    const theirs = structuredClone(base);
    recordActions(theirs, 'app', [action(10, 'POSTPONE', 'theirs')]);
    recordDeliveries(theirs, 'app', [delivery(10, 'gitlab:project')]);
    const merged = mergeLedgers(base, ours, theirs);
    expect(user(merged).actions.map((line) => line.runId)).toEqual(['first', 'theirs', 'ours']);
    expect(user(merged).deliveries.map((entry) => `${entry.target} ${entry.outcome}`)).toEqual(['github:repo delivered', 'gitlab:project delivered', 'github:repo failed']);
    expect(latestDeliveries(user(merged)).get('github:repo')?.outcome).toBe('failed');
    expect(() => ledgerDocument.parse(merged)).not.toThrow();
  });

  it('keeps the newest 100 history lines of the two, and never a failed delivery that is its target’s newest, whatever the limit drops', () => {
    const full = stored((ledger) => {
      listed(ledger, 'app', [1], 0);
      recordActions(ledger, 'app', Array.from({ length: MAX_ACTIONS_PER_USER }, (_, index) => action(index, 'OBSERVE', `old-${index}`)));
      recordDeliveries(ledger, 'app', [delivery(0, 'ssm:old', 'failed'), ...Array.from({ length: MAX_DELIVERIES_PER_USER - 1 }, (_, index) => delivery(1 + index, 'github:repo'))]);
    });
    const ours = structuredClone(full);
    recordActions(ours, 'app', [action(500, 'ROTATE', 'ours')]);
    recordDeliveries(ours, 'app', [delivery(500, 'github:repo', 'failed')]);
    const theirs = structuredClone(full);
    recordActions(theirs, 'app', [action(400, 'ROTATE', 'theirs'), action(401, 'DEACTIVATE', 'theirs')]);
    recordDeliveries(theirs, 'app', [delivery(400, 'gitlab:project', 'failed'), delivery(401, 'github:repo')]);
    const merged = user(mergeLedgers(full, ours, theirs));
    expect(merged.actions).toHaveLength(MAX_ACTIONS_PER_USER);
    expect(merged.actions.slice(-3).map((line) => line.runId)).toEqual(['theirs', 'theirs', 'ours']);
    expect(merged.actions[0]?.runId).toBe('old-3');
    expect(merged.deliveries).toHaveLength(MAX_DELIVERIES_PER_USER);
    // The oldest record of all stays: it is the only one of its target, and says that target failed.
    expect(merged.deliveries[0]).toEqual(delivery(0, 'ssm:old', 'failed'));
    expect([...latestDeliveries(merged).values()].map((entry) => `${entry.target} ${entry.outcome}`).sort()).toEqual(['github:repo failed', 'gitlab:project failed', 'ssm:old failed']);
  });

  it('takes a key this run changed from this run, any other from the other run, and keeps keys only one side knows', () => {
    const ours = structuredClone(base);
    // This run switched key 1 off and found key 3; key 2 it left as read.
    listed(ours, 'app', [1, 2, 3], 30);
    user(ours).keys = user(ours).keys.map((key) => (key.id === keyId(1) ? { ...key, status: 'Inactive' } : key));
    const theirs = structuredClone(base);
    // The other run found key 2 gone and key 4 new.
    listed(theirs, 'app', [1, 4], 20);
    const merged = user(mergeLedgers(base, ours, theirs));
    const byId = (id: number): LedgerKey | undefined => merged.keys.find((key) => key.id === keyId(id));
    expect(merged.keys.map((key) => key.id)).toEqual([keyId(1), keyId(2), keyId(4), keyId(3)]);
    expect(byId(1)).toMatchObject({ status: 'Inactive' });
    expect(byId(2)?.goneAt).toBe(at(20));
    expect(byId(3)).toEqual(user(ours).keys.find((key) => key.id === keyId(3)));
    expect(byId(4)).toEqual(user(theirs).keys.find((key) => key.id === keyId(4)));
  });

  it('a key both runs changed is this run’s, with the newer of the two last uses', () => {
    const ours = structuredClone(base);
    user(ours).keys = user(ours).keys.map((key) => (key.id === keyId(1) ? { ...key, status: 'Inactive', lastUsedAt: at(10), lastUsedService: 's3', lastUsedRegion: 'eu-west-1' } : key));
    const theirs = structuredClone(base);
    user(theirs).keys = user(theirs).keys.map((key) => (key.id === keyId(1) ? { ...key, lastUsedAt: at(20), lastUsedService: 'sts' } : key));
    const merged = user(mergeLedgers(base, ours, theirs)).keys.find((key) => key.id === keyId(1));
    expect(merged).toMatchObject({ status: 'Inactive', lastUsedAt: at(20), lastUsedService: 'sts' });
    expect(merged?.lastUsedRegion).toBeUndefined();
    // This run's own sighting, when it is the newer one, stays.
    const older = structuredClone(theirs);
    user(older).keys = user(older).keys.map((key) => (key.id === keyId(1) ? { ...key, lastUsedAt: at(5) } : key));
    expect(user(mergeLedgers(base, ours, older)).keys.find((key) => key.id === keyId(1))).toMatchObject({ lastUsedAt: at(10), lastUsedRegion: 'eu-west-1' });
  });

  it.each<[string, (ledger: Ledger) => void]>([
    ['a hold set', (ledger) => recordStanding(ledger, 'app', { holdUntil: new Date(T0 + 9 * 86_400_000) })],
    ['an exemption for good', (ledger) => recordStanding(ledger, 'app', { exemptUntil: null })],
    ['the report row and listing time', (ledger) => recordListing(ledger, 'app', [{ id: keyId(1), status: 'Active', createdAt: new Date(T0 - 86_400_000) }], [{ slot: 1, status: 'Active', createdAt: new Date(T0 - 86_400_000) }], new Date(T0 + 3_600_000))],
    ['the tag-records marker', (ledger) => (userOf(ledger, 'app').deliveryTags = { readFor: keyId(1), present: false })],
  ])('takes %s from the run that changed it, this run first', (_what, change) => {
    const held = stored((ledger) => {
      listed(ledger, 'app', [1], 0);
      recordStanding(ledger, 'app', { holdUntil: new Date(T0 + 86_400_000) });
    });
    const changed = structuredClone(held);
    change(changed);
    const fields = (ledger: Ledger): unknown => {
      const { keys: _keys, actions: _actions, deliveries: _deliveries, whereUsed: _whereUsed, ...rest } = user(ledger);
      return JSON.parse(JSON.stringify(rest)) as unknown;
    };
    expect(fields(mergeLedgers(held, changed, structuredClone(held)))).toEqual(fields(changed));
    expect(fields(mergeLedgers(held, structuredClone(held), changed))).toEqual(fields(changed));
  });

  it('takes this run’s word where both runs changed the same thing, the other’s where only it changed something', () => {
    const held = stored((ledger) => recordStanding(ledger, 'app', { holdUntil: new Date(T0 + 86_400_000) }));
    const ours = structuredClone(held);
    recordStanding(ours, 'app', { holdUntil: new Date(T0 + 9 * 86_400_000) });
    const theirs = structuredClone(held);
    recordStanding(theirs, 'app', { exemptUntil: null });
    // The other run cleared the hold and found the user exempt; this run moved the hold.
    expect(user(mergeLedgers(held, ours, theirs))).toMatchObject({ holdUntil: user(ours).holdUntil, exemptUntil: null });
  });

  it('a hold this run cleared stays cleared; one the other run cleared stays cleared too', () => {
    const held = stored((ledger) => recordStanding(ledger, 'app', { holdUntil: new Date(T0 + 86_400_000) }));
    const cleared = structuredClone(held);
    recordStanding(cleared, 'app', {});
    expect(user(mergeLedgers(held, cleared, structuredClone(held))).holdUntil).toBeUndefined();
    expect(user(mergeLedgers(held, structuredClone(held), cleared))).not.toHaveProperty('holdUntil');
  });

  it('drops the where-used summary this run refreshed for a key the other run found gone', () => {
    const looked = stored((ledger) => {
      listed(ledger, 'app', [1, 2], 0);
      recordWhereUsed(ledger, 'app', summary(2, 0));
    });
    const ours = structuredClone(looked);
    recordWhereUsed(ours, 'app', summary(2, 60));
    const theirs = structuredClone(looked);
    listed(theirs, 'app', [1], 30);
    const merged = user(mergeLedgers(looked, ours, theirs));
    expect(merged.keys.find((key) => key.id === keyId(2))?.goneAt).toBe(at(30));
    expect(merged.whereUsed).toEqual({});
  });

  it('merges where-used summaries by key id: this run’s new and removed ones, the other run’s otherwise', () => {
    const looked = stored((ledger) => {
      listed(ledger, 'app', [1, 2], 0);
      recordWhereUsed(ledger, 'app', summary(1, 0));
      recordWhereUsed(ledger, 'app', summary(2, 0));
    });
    const ours = structuredClone(looked);
    recordWhereUsed(ours, 'app', summary(1, 60));
    delete user(ours).whereUsed[keyId(2)];
    const theirs = structuredClone(looked);
    recordWhereUsed(theirs, 'app', summary(3, 30));
    recordWhereUsed(theirs, 'app', summary(2, 30));
    const merged = user(mergeLedgers(looked, ours, theirs)).whereUsed;
    expect(Object.keys(merged).sort()).toEqual([keyId(1), keyId(3)]);
    expect(merged[keyId(1)]).toEqual(JSON.parse(JSON.stringify(summary(1, 60))));
  });

  it('keeps users only one side has', () => {
    const ours = structuredClone(base);
    listed(ours, 'ours-only', [5], 10);
    const theirs = structuredClone(base);
    listed(theirs, 'theirs-only', [6], 10);
    expect(Object.keys(mergeLedgers(base, ours, theirs).users).sort()).toEqual(['app', 'ours-only', 'theirs-only']);
  });

  it('without a base (this run found no ledger, or an unreadable one) everything this run holds is its own, and nothing of the other run is lost', () => {
    const ours = stored((ledger) => {
      listed(ledger, 'app', [1], 10);
      recordActions(ledger, 'app', [action(10, 'ROTATE', 'ours')]);
      recordDeliveries(ledger, 'app', [delivery(10, 'github:repo', 'failed')]);
    });
    const theirs = stored((ledger) => {
      listed(ledger, 'app', [1], 5, 'Inactive');
      listed(ledger, 'other', [7], 5);
      recordStanding(ledger, 'app', { holdUntil: new Date(T0 + 86_400_000) });
      recordActions(ledger, 'app', [action(5, 'DEACTIVATE', 'theirs')]);
      recordDeliveries(ledger, 'app', [delivery(5, 'gitlab:project', 'failed')]);
    });
    const merged = mergeLedgers(undefined, ours, theirs);
    expect(user(merged).keys).toEqual(user(ours).keys);
    expect(user(merged).holdUntil).toBe(user(theirs).holdUntil);
    expect(user(merged).actions.map((line) => line.runId)).toEqual(['theirs', 'ours']);
    expect(user(merged).deliveries.map((entry) => entry.target)).toEqual(['gitlab:project', 'github:repo']);
    expect(merged.users.other).toEqual(theirs.users.other);
  });

  it('changes none of its inputs', () => {
    const ours = structuredClone(base);
    recordActions(ours, 'app', [action(20)]);
    const theirs = structuredClone(base);
    recordDeliveries(theirs, 'app', [delivery(10, 'gitlab:project')]);
    const before = JSON.stringify([base, ours, theirs]);
    const merged = mergeLedgers(base, ours, theirs);
    recordActions(merged, 'app', [action(30)]);
    user(merged).keys.push({ ...(user(merged).keys[0] as LedgerKey), id: keyId(9) });
    expect(JSON.stringify([base, ours, theirs])).toBe(before);
  });
});

// Property-based: random ledgers, and two runs each changing random things in a copy.
const USERS = ['app', 'ci', 'ops'] as const;
const TARGETS = ['github:repo', 'gitlab:project', 'ssm:param', 'github:org'] as const;

interface RunChanges {
  readonly actions: readonly { readonly user: number; readonly count: number }[];
  readonly deliveries: readonly { readonly user: number; readonly target: number; readonly failed: boolean }[];
  readonly listings: readonly { readonly user: number; readonly keys: readonly number[]; readonly inactive: boolean }[];
  readonly holds: readonly { readonly user: number; readonly days: number | null }[];
  readonly newUser: boolean;
}

const changesArb: fc.Arbitrary<RunChanges> = fc.record({
  actions: fc.array(fc.record({ user: fc.nat(2), count: fc.integer({ min: 1, max: 60 }) }), { maxLength: 3 }),
  deliveries: fc.array(fc.record({ user: fc.nat(2), target: fc.nat(3), failed: fc.boolean() }), { maxLength: 70 }),
  listings: fc.array(fc.record({ user: fc.nat(2), keys: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { maxLength: 2 }), inactive: fc.boolean() }), { maxLength: 2 }),
  holds: fc.array(fc.record({ user: fc.nat(2), days: fc.option(fc.integer({ min: 1, max: 30 })) }), { maxLength: 2 }),
  newUser: fc.boolean(),
});

/** A run's changes to its copy, at its own minutes (every record its own time: `clock`). */
function applyRun(read: Ledger, changes: RunChanges, name: string, clock: { minute: number }): Ledger {
  const ledger = structuredClone(read);
  const next = (): number => (clock.minute += 1);
  for (const listing of changes.listings) listed(ledger, USERS[listing.user] as string, listing.keys, next(), listing.inactive ? 'Inactive' : 'Active');
  for (const hold of changes.holds) recordStanding(ledger, USERS[hold.user] as string, hold.days === null ? {} : { holdUntil: new Date(T0 + hold.days * 86_400_000) });
  for (const batch of changes.actions) recordActions(ledger, USERS[batch.user] as string, Array.from({ length: batch.count }, () => action(next(), 'ROTATE', name)));
  for (const entry of changes.deliveries) recordDeliveries(ledger, USERS[entry.user] as string, [delivery(next(), TARGETS[entry.target] as string, entry.failed ? 'failed' : 'delivered')]);
  if (changes.newUser) listed(ledger, `${name}-user`, [9], next());
  return ledgerDocument.parse(JSON.parse(JSON.stringify(ledger)));
}

const deliveryId = (entry: LedgerDelivery): string => `${entry.target} ${entry.keyId} ${entry.at} ${entry.outcome}`;
const actionId = (line: LedgerAction): string => JSON.stringify(line);

function newestByTarget(entries: readonly LedgerDelivery[]): Set<string> {
  return new Set([...latestDeliveries({ keys: [], actions: [], deliveries: [...entries], whereUsed: {} }).values()].map(deliveryId));
}

function checkUnited<T>(merged: readonly T[], ours: readonly T[], theirs: readonly T[], id: (item: T) => string, time: (item: T) => string, cap: number, kept: Set<string>): void {
  const union = new Map([...theirs, ...ours].map((item) => [id(item), item]));
  const ids = merged.map(id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const item of ids) expect(union.has(item)).toBe(true);
  expect(merged.map(time)).toEqual(merged.map(time).sort());
  expect(merged.length).toBe(Math.min(cap, union.size));
  const present = new Set(ids);
  const oldestKept = merged.filter((item) => !kept.has(id(item))).map(time)[0];
  for (const [itemId, item] of union) {
    if (present.has(itemId)) continue;
    // Dropped only by the limit: never a record that must stay, never one newer than what stayed.
    expect(kept.has(itemId)).toBe(false);
    if (oldestKept !== undefined) expect(time(item) <= oldestKept).toBe(true);
  }
}

describe(`merging, property-based (${RUNS} random pairs of runs each)`, () => {
  const baseArb = changesArb.map((changes) => applyRun(emptyLedger(ACCOUNT, new Date(T0)), changes, 'base', { minute: 0 }));
  const pairArb = fc.tuple(baseArb, changesArb, changesArb, fc.boolean()).map(([base, ourChanges, theirChanges, oursFirst]) => {
    // The two runs' records interleave in time in either order.
    const clocks = oursFirst ? [{ minute: 1000 }, { minute: 1000 + 0.5 }] : [{ minute: 1000 + 0.5 }, { minute: 1000 }];
    return { base, ours: applyRun(base, ourChanges, 'ours', clocks[0] as { minute: number }), theirs: applyRun(base, theirChanges, 'theirs', clocks[1] as { minute: number }) };
  });

  it('nothing either run recorded is lost but what the limits drop; never the newest record of a target; the result is a valid ledger', () => {
    fc.assert(
      fc.property(pairArb, ({ base, ours, theirs }) => {
        const merged = mergeLedgers(base, ours, theirs);
        expect(() => ledgerDocument.parse(merged)).not.toThrow();
        expect(Object.keys(merged.users).sort()).toEqual([...new Set([...Object.keys(ours.users), ...Object.keys(theirs.users)])].sort());
        for (const [userName, mergedUser] of Object.entries(merged.users)) {
          const our = ours.users[userName] ?? { keys: [], actions: [], deliveries: [], whereUsed: {} };
          const their = theirs.users[userName] ?? { keys: [], actions: [], deliveries: [], whereUsed: {} };
          checkUnited(mergedUser.actions, our.actions, their.actions, actionId, (line) => line.at, MAX_ACTIONS_PER_USER, new Set());
          checkUnited(mergedUser.deliveries, our.deliveries, their.deliveries, deliveryId, (entry) => entry.at, MAX_DELIVERIES_PER_USER, newestByTarget([...our.deliveries, ...their.deliveries]));
          const ids = mergedUser.keys.map((key) => key.id);
          expect(new Set(ids)).toEqual(new Set([...our.keys, ...their.keys].map((key) => key.id)));
          expect(new Set(ids).size).toBe(ids.length);
          for (const key of mergedUser.keys) {
            const before = base.users[userName]?.keys.find((known) => known.id === key.id);
            const ourKey = our.keys.find((known) => known.id === key.id);
            const theirKey = their.keys.find((known) => known.id === key.id);
            const changedByUs = ourKey !== undefined && JSON.stringify(ourKey) !== JSON.stringify(before);
            expect(key).toEqual(changedByUs || !theirKey ? ourKey : theirKey);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a side that changed nothing leaves the other side’s ledger as it is', () => {
    fc.assert(
      fc.property(pairArb, ({ base, ours, theirs }) => {
        expect(withoutTime(mergeLedgers(base, ours, structuredClone(base)))).toEqual(withoutTime(ours));
        expect(withoutTime(mergeLedgers(base, structuredClone(base), theirs))).toEqual(withoutTime(theirs));
      }),
      { numRuns: RUNS },
    );
  });

  it('merging again what is already merged changes nothing (a retry after a second conflict)', () => {
    fc.assert(
      fc.property(pairArb, ({ base, ours, theirs }) => {
        const merged = mergeLedgers(base, ours, theirs);
        expect(withoutTime(mergeLedgers(theirs, merged, structuredClone(theirs)))).toEqual(withoutTime(merged));
      }),
      { numRuns: RUNS },
    );
  });
});
