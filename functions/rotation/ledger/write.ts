import { ledgerChanged } from '../../core/ledger/change';
import { LedgerConflictError } from '../../core/ledger/errors';
import { mergeLedgers } from '../../core/ledger/merge';
import type { Ledger } from '../../core/ledger/schema';
import type { LedgerStore } from '../../core/ledger/store';
import type { Logger } from '../../core/log/logger';

/** Writes in all, the first included, before the run gives up on the ledger (then its delivery outcomes are kept elsewhere). */
export const LEDGER_WRITE_ATTEMPTS = 3;

/**
 * Writes the run's ledger over the version it read, and only over that (S3
 * conditional write). When another run of the account wrote it meanwhile (a
 * redelivered message, a console run during the scheduled one), reads it
 * again, merges this run's changes into it (core/ledger/merge.ts) and writes
 * that over the new version, LEDGER_WRITE_ATTEMPTS writes in all. Throws
 * what the last write, or a read in between, threw. Without a conflict it costs
 * exactly the one write it cost before.
 */
export async function writeLedger(
  store: Pick<LedgerStore, 'load' | 'save'>,
  read: { readonly ledger: Ledger; readonly stored?: Ledger; readonly etag?: string },
  now: Date,
  logger: Logger,
): Promise<void> {
  let base = read.stored;
  let ours = read.ledger;
  let etag = read.etag;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await store.save(ours, now, etag);
      return;
    } catch (error) {
      if (!(error instanceof LedgerConflictError) || attempt >= LEDGER_WRITE_ATTEMPTS) throw error;
      logger.warn('key ledger changed since this run read it (another run of the account wrote it); merging this run into it and writing again', { attempt });
    }
    const theirs = await store.load(ours.accountId, now, logger);
    ours = mergeLedgers(base, ours, theirs.ledger);
    base = theirs.ledger;
    etag = theirs.etag;
    // The other run already wrote everything this one had to add.
    if (theirs.state === 'read' && !ledgerChanged(base, ours)) return;
  }
}
