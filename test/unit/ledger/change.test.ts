import { LAST_USE_REFRESH_DAYS, ledgerChanged } from '../../../functions/core/ledger/change';
import type { ReportRowKey } from '../../../functions/core/ledger/diff';
import { emptyLedger, ledgerDocument, type Ledger } from '../../../functions/core/ledger/schema';
import { recordActions, recordListing, recordReported, recordStanding, recordWhereUsed } from '../../../functions/core/ledger/update';
import { summarizeEvents } from '../../../functions/core/where-used/summarize';

const ACCOUNT = '111111111111';
const day = (n: number): Date => new Date(Date.UTC(2026, 2, n, 6));
const created = new Date('2025-11-01T10:00:00Z');
const ID = 'AKIALEDGERKEY0000001';
const row: ReportRowKey[] = [{ slot: 1, status: 'Active', createdAt: created }];

/** The ledger a run reads: written by an earlier run, then read back from S3 (JSON, in the schema's key order). */
function stored(): Ledger {
  const ledger = emptyLedger(ACCOUNT, day(1));
  recordListing(ledger, 'app', [{ id: ID, status: 'Active', createdAt: created, lastUsedAt: day(1), lastUsedService: 'sts', lastUsedRegion: 'eu-west-1' }], row, day(1));
  recordStanding(ledger, 'app', {});
  recordStanding(ledger, 'idle-without-keys', {});
  recordActions(ledger, 'app', [{ at: day(1).toISOString(), action: 'ROTATE', keyId: ID, outcome: 'done', reason: 'DUE' }]);
  return ledgerDocument.parse(JSON.parse(JSON.stringify(ledger)));
}

/** What the next run does to it when nothing happened: the same steps, another day. */
function nextRun(read: Ledger, at: Date, lastUsedAt: Date): Ledger {
  const ledger = structuredClone(read);
  ledger.updatedAt = at.toISOString();
  const key = ledger.users.app?.keys[0];
  if (!key) throw new Error('no key');
  recordReported(ledger, 'app', [{ key, reported: { slot: 1, status: 'Active', createdAt: created, lastUsedAt, lastUsedService: 's3', lastUsedRegion: 'us-east-1' } }]);
  recordStanding(ledger, 'app', {});
  recordStanding(ledger, 'idle-without-keys', {});
  return ledger;
}

const summary = summarizeEvents([], { keyId: ID, lookedUpAt: day(2), regions: ['us-east-1'], from: day(1), to: day(2), complete: true });

describe('whether a run must write the ledger', () => {
  it('always when there was none to compare with (first run, or rebuilt)', () => {
    expect(ledgerChanged(undefined, stored())).toBe(true);
  });

  it('not when nothing changed but the time, the key order, and a last use newer by less than the refresh period', () => {
    const read = stored();
    expect(ledgerChanged(read, nextRun(read, day(2), day(2)))).toBe(false);
    // Re-listed the same keys (an examined user): only listedAt moved.
    const relisted = nextRun(read, day(3), day(3));
    recordListing(relisted, 'app', [{ id: ID, status: 'Active', createdAt: created }], row, day(3));
    expect(ledgerChanged(read, relisted)).toBe(false);
  });

  it("not on the run after the first: a listing (no last use of its own) records the report's last use", () => {
    const reported = { slot: 1 as const, status: 'Active' as const, createdAt: created, lastUsedAt: day(1), lastUsedService: 'sts', lastUsedRegion: 'eu-west-1' };
    const ledger = emptyLedger(ACCOUNT, day(1));
    recordListing(ledger, 'app', [{ id: ID, status: 'Active', createdAt: created }], [reported], day(1));
    expect(ledger.users.app?.keys[0]).toMatchObject({ lastUsedAt: day(1).toISOString(), lastUsedService: 'sts', lastUsedRegion: 'eu-west-1' });
    const read = ledgerDocument.parse(JSON.parse(JSON.stringify(ledger)));
    const next = structuredClone(read);
    const key = next.users.app?.keys[0];
    if (key) recordReported(next, 'app', [{ key, reported }]);
    expect(ledgerChanged(read, next)).toBe(false);
  });

  it('when the recorded last use is the refresh period behind (at most weekly for a key in daily use)', () => {
    const read = stored();
    expect(ledgerChanged(read, nextRun(read, day(1 + LAST_USE_REFRESH_DAYS), day(1 + LAST_USE_REFRESH_DAYS)))).toBe(true);
    expect(ledgerChanged(read, nextRun(read, day(LAST_USE_REFRESH_DAYS), day(LAST_USE_REFRESH_DAYS)))).toBe(false);
  });

  it('when a key is used for the first time', () => {
    const read = stored();
    const key = read.users.app?.keys[0];
    if (key) {
      delete key.lastUsedAt;
      delete key.lastUsedService;
      delete key.lastUsedRegion;
    }
    expect(ledgerChanged(read, nextRun(read, day(2), day(2)))).toBe(true);
  });

  it.each<[string, (ledger: Ledger) => void]>([
    ['a history line', (ledger) => recordActions(ledger, 'app', [{ at: day(2).toISOString(), action: 'DEACTIVATE', keyId: ID, outcome: 'done', reason: 'GRACE_ENDED' }])],
    ['a where-used summary', (ledger) => recordWhereUsed(ledger, 'app', summary)],
    ['a hold', (ledger) => recordStanding(ledger, 'app', { holdUntil: day(9) })],
    ['an exemption for good', (ledger) => recordStanding(ledger, 'app', { exemptUntil: null })],
    ['a key switched off', (ledger) => recordListing(ledger, 'app', [{ id: ID, status: 'Inactive', createdAt: created }], [{ slot: 1, status: 'Inactive', createdAt: created }], day(2))],
    ['a new key', (ledger) => recordListing(ledger, 'app', [{ id: ID, status: 'Active', createdAt: created }, { id: 'AKIALEDGERKEY0000002', status: 'Active', createdAt: day(2) }], undefined, day(2))],
    ['a delivery', (ledger) => ledger.users.app?.deliveries.push({ at: day(2).toISOString(), keyId: ID, target: 'github:org/repo', outcome: 'delivered' })],
  ])('when the run adds %s', (_what, change) => {
    const read = stored();
    const next = nextRun(read, day(2), day(2));
    change(next);
    expect(ledgerChanged(read, next)).toBe(true);
  });
});

describe('audit mode: a due key is planned again at every run', () => {
  const planned = (n: number, action = 'ROTATE') => ({ at: day(n).toISOString(), action, keyId: ID, runId: `run-${n}`, outcome: 'planned' as const, reason: 'DUE' });

  it('the history keeps the first "planned" line, so the next days write nothing', () => {
    const first = stored();
    recordActions(first, 'app', [planned(2)]);
    const read = ledgerDocument.parse(JSON.parse(JSON.stringify(first)));
    const next = nextRun(read, day(3), day(1));
    recordActions(next, 'app', [planned(3)]);
    expect(next.users.app?.actions.filter((action) => action.outcome === 'planned')).toEqual([planned(2)]);
    expect(ledgerChanged(read, next)).toBe(false);
  });

  it('a different planned action, or a planned one after something was done, is a new line', () => {
    const ledger = stored();
    recordActions(ledger, 'app', [planned(2)]);
    recordActions(ledger, 'app', [planned(3, 'DEACTIVATE')]);
    recordActions(ledger, 'app', [{ ...planned(4, 'DEACTIVATE'), outcome: 'done' }]);
    recordActions(ledger, 'app', [planned(5, 'DEACTIVATE')]);
    expect(ledger.users.app?.actions.map((action) => `${action.action} ${action.outcome} ${action.at.slice(0, 10)}`)).toEqual([
      'ROTATE done 2026-03-01',
      'ROTATE planned 2026-03-02',
      'DEACTIVATE planned 2026-03-03',
      'DEACTIVATE done 2026-03-04',
      'DEACTIVATE planned 2026-03-05',
    ]);
  });
});
