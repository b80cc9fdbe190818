import { LedgerConflictError } from '../../../functions/core/ledger/errors';
import { emptyLedger, type Ledger } from '../../../functions/core/ledger/schema';
import type { LoadedLedger } from '../../../functions/core/ledger/store';
import { recordActions } from '../../../functions/core/ledger/update';
import { createLogger } from '../../../functions/core/log/logger';
import { LEDGER_WRITE_ATTEMPTS, writeLedger } from '../../../functions/rotation/ledger/write';

const NOW = new Date('2026-03-01T06:00:00Z');
const logger = createLogger('ledger-write-test', { level: 'ERROR', sink: () => undefined });
const line = (runId: string) => ({ at: NOW.toISOString(), action: 'ROTATE', keyId: 'AKIALEDGERWRITE00001', runId, outcome: 'done' as const, reason: 'DUE' });

function withLine(ledger: Ledger, runId: string): Ledger {
  const copy = structuredClone(ledger);
  recordActions(copy, 'app', [line(runId)]);
  return copy;
}

/** S3 as the write sees it: the version now stored, and a conflict for each write made over an older ETag. */
class Bucket {
  readonly writes: { etag: string | undefined; ledger: Ledger }[] = [];
  constructor(
    public stored: Ledger,
    public etag: string,
  ) {}

  readonly store = {
    load: async (): Promise<LoadedLedger> => ({ ledger: structuredClone(this.stored), state: 'read', etag: this.etag }),
    save: async (ledger: Ledger, _now: Date, etag: string | undefined): Promise<void> => {
      this.writes.push({ etag, ledger: structuredClone(ledger) });
      if (etag !== this.etag) throw new LedgerConflictError('Ledger/111111111111.json', { cause: new Error('PreconditionFailed') });
      this.stored = structuredClone(ledger);
      this.etag = `${this.etag}+`;
    },
  };
}

describe('writing the ledger over the version read', () => {
  const base = emptyLedger('111111111111', NOW);

  it('another run already wrote everything this run had to add: after one refused write it stops without writing again', async () => {
    const ours = withLine(base, 'run-1');
    // The other run (a redelivery of the same message) recorded the very same line.
    const bucket = new Bucket(withLine(base, 'run-1'), 'etag-2');
    await writeLedger(bucket.store, { ledger: ours, stored: base, etag: 'etag-1' }, NOW, logger);
    expect(bucket.writes.map((write) => write.etag)).toEqual(['etag-1']);
    expect(bucket.stored.users.app?.actions).toEqual([line('run-1')]);
  });

  it('another run added something else: the merge is written over the new version, with both runs’ lines', async () => {
    const bucket = new Bucket(withLine(base, 'run-2'), 'etag-2');
    await writeLedger(bucket.store, { ledger: withLine(base, 'run-1'), stored: base, etag: 'etag-1' }, NOW, logger);
    expect(bucket.writes.map((write) => write.etag)).toEqual(['etag-1', 'etag-2']);
    expect(bucket.stored.users.app?.actions.map((action) => action.runId).sort()).toEqual(['run-1', 'run-2']);
  });

  it(`gives up after ${LEDGER_WRITE_ATTEMPTS} refused writes with the conflict`, async () => {
    const bucket = new Bucket(withLine(base, 'run-2'), 'etag-2');
    // Every read is already stale by the time of the write: another run writes again each time.
    const store = { ...bucket.store, load: async (): Promise<LoadedLedger> => ({ ...(await bucket.store.load()), etag: `stale-${bucket.writes.length}` }) };
    await expect(writeLedger(store, { ledger: withLine(base, 'run-1'), stored: base, etag: 'etag-1' }, NOW, logger)).rejects.toBeInstanceOf(LedgerConflictError);
    expect(bucket.writes).toHaveLength(LEDGER_WRITE_ATTEMPTS);
  });
});
