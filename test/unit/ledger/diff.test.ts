import { keysFromLedger, needsListing, pairListed, usersNeedingListing, type ReportRowKey } from '../../../functions/core/ledger/diff';
import { emptyLedger, type Ledger } from '../../../functions/core/ledger/schema';
import { recordListing, recordNoKeys, recordWhereUsed } from '../../../functions/core/ledger/update';
import { summarizeEvents } from '../../../functions/core/where-used/summarize';

const now = new Date('2026-03-01T06:00:00Z');
const created1 = new Date('2025-11-01T10:00:00Z');
const created2 = new Date('2026-02-01T10:00:00Z');
const ID1 = 'AKIALEDGERKEY0000001';
const ID2 = 'AKIALEDGERKEY0000002';

function ledgerWith(reported: readonly ReportRowKey[]): Ledger {
  const ledger = emptyLedger('111111111111', now);
  recordListing(
    ledger,
    'app',
    [
      { id: ID1, status: 'Active', createdAt: created1 },
      { id: ID2, status: 'Active', createdAt: created2 },
    ],
    reported,
    now,
  );
  return ledger;
}

const row: ReportRowKey[] = [
  { slot: 1, status: 'Active', createdAt: created1 },
  { slot: 2, status: 'Active', createdAt: created2 },
];

describe('which users need ListAccessKeys', () => {
  it('none in the steady state: the row is the one recorded, and the keys pair up by slot and time', () => {
    const ledger = ledgerWith(row);
    expect(usersNeedingListing(new Map([['app', row]]), ledger)).toEqual([]);
    expect(keysFromLedger(row, ledger.users.app!)?.map((key) => [key.id, key.slot])).toEqual([
      [ID1, 1],
      [ID2, 2],
    ]);
  });

  it('a user the ledger has never seen (a new ledger, a rebuilt one, a new user)', () => {
    expect(usersNeedingListing(new Map([['app', row]]), emptyLedger('111111111111', now))).toEqual(['app']);
  });

  it.each<[string, ReportRowKey[]]>([
    ['a key switched off', [{ slot: 1, status: 'Inactive', createdAt: created1 }, row[1]!]],
    ['a key replaced', [row[0]!, { slot: 2, status: 'Active', createdAt: new Date('2026-02-28T10:00:00Z') }]],
    ['a key deleted', [row[1]!]],
    ['a key created', [row[0]!]],
  ])('a row that changed: %s', (_, changed) => {
    const recorded = ledgerWith(row);
    expect(needsListing(changed, recorded.users.app)).toBe(true);
  });

  it('no keys: no call, and whatever the ledger held is marked gone', () => {
    const ledger = ledgerWith(row);
    expect(needsListing([], ledger.users.app)).toBe(false);
    recordNoKeys(ledger, 'app', now);
    expect(ledger.users.app?.keys.every((key) => key.goneAt === now.toISOString())).toBe(true);
  });

  it('a listing made without a report row is not trusted for the next report', () => {
    const ledger = emptyLedger('111111111111', now);
    recordListing(ledger, 'app', [{ id: ID1, status: 'Active', createdAt: created1 }], undefined, now);
    expect(needsListing([{ slot: 1, status: 'Active', createdAt: created1 }], ledger.users.app)).toBe(true);
  });
});

describe('recordListing', () => {
  it('keeps when a key was first seen, marks missing keys gone, and drops their where-used evidence', () => {
    const ledger = ledgerWith(row);
    recordWhereUsed(ledger, 'app', summarizeEvents([], { keyId: ID1, lookedUpAt: now, regions: ['us-east-1'], from: now, to: now, complete: true }));
    const later = new Date('2026-03-20T06:00:00Z');
    recordListing(ledger, 'app', [{ id: ID2, status: 'Active', createdAt: created2, lastUsedAt: later, lastUsedRegion: 'eu-west-1' }], [{ slot: 2, status: 'Active', createdAt: created2 }], later);
    const keys = ledger.users.app?.keys ?? [];
    expect(keys.find((key) => key.id === ID1)?.goneAt).toBe(later.toISOString());
    expect(keys.find((key) => key.id === ID2)).toMatchObject({ firstSeenAt: now.toISOString(), lastUsedRegion: 'eu-west-1', slot: 2 });
    expect(ledger.users.app?.whereUsed).toEqual({});
  });
});

describe('a listing and a report a second apart (seen on the emulator for about one key in a thousand)', () => {
  const second = (time: Date, by: number): Date => new Date(time.getTime() + by * 1000);
  const key = (id: string, status: 'Active' | 'Inactive', createdAt: Date) => ({ id, status, createdAt });
  const entry = (slot: 1 | 2, status: 'Active' | 'Inactive', createdAt: Date): ReportRowKey => ({ slot, status, createdAt });

  /** A ledger whose only record is one listing of app's keys against the report row `reported`. */
  function listedAgainst(keys: ReturnType<typeof key>[], reported: readonly ReportRowKey[]): Ledger {
    const ledger = emptyLedger('111111111111', now);
    recordListing(ledger, 'app', keys, reported, now);
    return ledger;
  }

  it.each([
    ['a second later', 1],
    ['a second earlier', -1],
  ])('listed %s than the report says: the row is recorded, and the next run lists nothing', (_, by) => {
    const ledger = listedAgainst([key(ID1, 'Active', second(created1, by)), key(ID2, 'Active', created2)], row);
    expect(ledger.users.app?.reportRow).toHaveLength(2);
    expect(ledger.users.app?.keys.map((recorded) => recorded.slot)).toEqual([1, 2]);
    expect(usersNeedingListing(new Map([['app', row]]), ledger)).toEqual([]);
    expect(keysFromLedger(row, ledger.users.app!)?.map((recorded) => recorded.id)).toEqual([ID1, ID2]);
  });

  it('two seconds apart is another key: the row is not trusted', () => {
    const ledger = listedAgainst([key(ID1, 'Active', second(created1, 2))], [row[0]!]);
    expect(ledger.users.app?.reportRow).toBeUndefined();
    expect(needsListing([row[0]!], ledger.users.app)).toBe(true);
  });

  it('two keys created a second apart each take their own slot, the nearer time first', () => {
    const close = [entry(1, 'Active', created1), entry(2, 'Active', second(created1, 1))];
    const ledger = listedAgainst([key(ID2, 'Active', second(created1, 1)), key(ID1, 'Active', created1)], close);
    expect(ledger.users.app?.keys.map((recorded) => [recorded.id, recorded.slot])).toEqual([
      [ID2, 2],
      [ID1, 1],
    ]);
    expect(keysFromLedger(close, ledger.users.app!)?.map((recorded) => recorded.id)).toEqual([ID1, ID2]);
  });

  it('two keys created in the same second pair by slot, not both with slot 1', () => {
    const same = [entry(1, 'Active', created1), entry(2, 'Active', created1)];
    const ledger = listedAgainst([key(ID1, 'Active', created1), key(ID2, 'Active', created1)], same);
    expect(ledger.users.app?.keys.map((recorded) => recorded.slot).sort()).toEqual([1, 2]);
    expect(usersNeedingListing(new Map([['app', same]]), ledger)).toEqual([]);
    expect(new Set(keysFromLedger(same, ledger.users.app!)?.map((recorded) => recorded.id))).toEqual(new Set([ID1, ID2]));
  });

  it('two keys of one second, one switched off: the status tells which slot is which', () => {
    const same = [entry(1, 'Inactive', created1), entry(2, 'Active', created1)];
    const ledger = listedAgainst([key(ID1, 'Active', created1), key(ID2, 'Inactive', created1)], same);
    expect(ledger.users.app?.keys.map((recorded) => [recorded.id, recorded.slot])).toEqual([
      [ID1, 2],
      [ID2, 1],
    ]);
    expect(keysFromLedger(same, ledger.users.app!)?.map((recorded) => recorded.id)).toEqual([ID2, ID1]);
  });

  it('pairListed gives each report entry to one listed key only', () => {
    const entries = [{ lastRotated: created1.toISOString() }];
    expect(pairListed([{ createdAt: created1 }, { createdAt: second(created1, 1) }], entries)).toEqual([entries[0], undefined]);
  });
});
