import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DIGEST_FOLDERS } from '../../contract/names';
import { describeError } from '../core/errors/describe';
import type { Logger } from '../core/log/logger';
import type { AccountResult, ClosedBy, DigestMessage, RunDigest } from '../core/messages/run';
import { ClaimOnceStore } from '../core/once/claim-store';
import { scrubber } from '../core/scrub/scrub';
import { keyReportFiles, runDay } from './key-report';
import { AuditorFilesError, DigestQueueError, RunStoreError } from './errors';
import { RunStore, type StoredResult } from './store';

/** Long enough for a run's retries and DLQ redrives to settle; short enough that the next daily run closes it. */
export const DEFAULT_STRAGGLER_DEADLINE_MS = 12 * 60 * 60 * 1000;

export interface RunCloserParts {
  readonly s3: S3Client;
  readonly bucket: string;
  /** Without leading or trailing slash. */
  readonly prefix: string;
  /** Puts the digest message on the notification queue. */
  readonly queueDigest: (message: DigestMessage) => Promise<void>;
  readonly logger: Logger;
  readonly now: () => Date;
  /** A run is closed without its stragglers once its newest result is this old. */
  readonly deadlineMs?: number;
  /** ComplianceMaxKeyAge (0: off): the key report says when each key fails it. */
  readonly complianceMaxKeyAgeDays?: number;
}

export type CloseOutcome =
  | { readonly status: 'open'; readonly reported: number; readonly expected: number }
  | { readonly status: 'closed'; readonly closedBy: ClosedBy; readonly reported: number; readonly expected: number }
  | { readonly status: 'already-closed' };

/**
 * The run's fan-in, outside the notifier (docs/run.md). Each account of a
 * scheduled run stores its result (`reported`); the account that finds all
 * expected accounts stored closes the run: it claims `Digests/<runId>.json`
 * in the claim-once store, with the digest as the record's body, writes the
 * key report, queues one digest message for the notifier, and deletes
 * the run's results.
 *
 * Idempotent under redelivery and concurrency: a redelivered account
 * overwrites its own result (the count does not grow); of two accounts that
 * finish at once, at least the later one lists both results (S3 lists are
 * strongly consistent), and if both see the run complete, the conditional
 * create lets exactly one of them close it. A result redelivered after the
 * close starts the folder again; the straggler sweep finds the claim taken
 * and only deletes it.
 *
 * A run an account never reports to (its message went to the DLQ) stays open
 * until its newest result is older than the deadline; the next run's first
 * account in each container then closes it with what did report, and the
 * digest says how many accounts did not.
 */
export class RunCloser {
  private readonly store: RunStore;
  private readonly closed: ClaimOnceStore;
  private readonly sweptFor = new Set<string>();

  constructor(private readonly parts: RunCloserParts) {
    this.store = new RunStore(parts.s3, parts.bucket, parts.prefix);
    this.closed = new ClaimOnceStore(parts.s3, parts.bucket, `${parts.prefix}/${DIGEST_FOLDERS.digests}`);
  }


  /**
   * Stores the account's result and closes the run if it was the last one
   * expected. Throws only when the result could not be stored: a run that
   * could not be closed now is logged and closed at its deadline, because
   * retrying the account would run it again.
   */
  async reported(result: AccountResult): Promise<CloseOutcome> {
    await this.store.putResult(result);
    try {
      const stored = await this.store.listResults(result.runId);
      if (stored.length < result.expectedAccounts) {
        this.parts.logger.debug('account result stored; run still open', { runId: result.runId, reported: stored.length, expected: result.expectedAccounts });
        return { status: 'open', reported: stored.length, expected: result.expectedAccounts };
      }
      // This account's result is in hand: only the others are read back.
      const others = stored.filter((object) => object.accountId !== result.accountId);
      const read = await this.store.readResults(others);
      return await this.close(result.runId, result.expectedAccounts, stored, [...read, result]);
    } catch (error) {
      if (vanished(error)) {
        // Only a close deletes results, after its digest is queued: another account closed this run between our listing and our read.
        this.parts.logger.info('another account closed the run while this one read its results; nothing done again', { runId: result.runId });
        return { status: 'already-closed' };
      }
      this.parts.logger.error('the run could not be closed now; it is closed at its straggler deadline', { runId: result.runId, error: describeError(error) });
      return { status: 'open', reported: 0, expected: result.expectedAccounts };
    }
  }

  /**
   * Closes every run other than `currentRunId` whose newest result is older
   * than the deadline, once per container and run. Never throws: closing
   * another run must not fail this account.
   */
  async closeStragglers(currentRunId: string): Promise<void> {
    if (this.sweptFor.has(currentRunId)) return;
    this.sweptFor.add(currentRunId);
    const deadlineMs = this.parts.deadlineMs ?? DEFAULT_STRAGGLER_DEADLINE_MS;
    try {
      for (const runId of (await this.store.openRuns()).filter((id) => id !== currentRunId)) {
        const stored = await this.store.listResults(runId);
        const newest = Math.max(0, ...stored.map((result) => result.lastModified.getTime()));
        if (stored.length === 0 || this.parts.now().getTime() - newest < deadlineMs) continue;
        let results: AccountResult[];
        try {
          results = await this.store.readResults(stored);
        } catch (error) {
          if (!vanished(error)) throw error;
          // Another container's sweep closed or cleared this run between our listing and our read: nothing left to do here.
          this.parts.logger.info('another container closed this run past its deadline while this one read it; nothing done again', { runId });
          continue;
        }
        const expected = Math.max(stored.length, ...results.map((result) => result.expectedAccounts));
        const outcome = await this.close(runId, expected, stored, results);
        // Closed before: these are results redelivered after it. Nothing reads them any more.
        if (outcome.status === 'already-closed') await this.store.deleteResults(stored);
      }
    } catch (error) {
      this.sweptFor.delete(currentRunId);
      this.parts.logger.error('closing runs past their deadline failed; the next run tries again', { error: describeError(error) });
    }
  }

  private async close(runId: string, expected: number, stored: readonly StoredResult[], alreadyRead?: readonly AccountResult[]): Promise<CloseOutcome> {
    const { logger } = this.parts;
    const results = [...(alreadyRead ?? (await this.store.readResults(stored)))].sort((a, b) => a.accountId.localeCompare(b.accountId));
    const closedBy: ClosedBy = results.length >= expected ? 'complete' : 'deadline';
    const digest: RunDigest = {
      version: 1,
      runId,
      expectedAccounts: expected,
      closedBy,
      closedAt: this.parts.now().toISOString(),
      // The rows travel once, in keyRows, not again inside each result.
      reports: results.map(({ keyRows: _rows, ...result }) => result),
      keyRows: results.flatMap((result) => result.keyRows ?? []),
    };
    const record = `${runId}.json`;
    if (!(await this.closed.claimOne(record, scrubber.text(JSON.stringify(digest))))) {
      logger.info('run already closed; nothing done again', { runId });
      return { status: 'already-closed' };
    }
    try {
      await this.writeAuditorFiles(digest);
      await this.parts.queueDigest({ version: 1, kind: 'digest', runId }).catch((error: unknown) => {
        throw new DigestQueueError(runId, { cause: error });
      });
    } catch (error) {
      // Given back, so that the deadline sweep closes the run again rather than never.
      await this.closed.release([record]).catch((releaseError: unknown) =>
        logger.error('could not give back the run close claim; this run will get no digest', { runId, error: describeError(releaseError) }),
      );
      throw error;
    }
    logger.info('run closed', { runId, closedBy, reported: results.length, expected });
    await this.store.deleteResults(stored).catch((error: unknown) =>
      logger.warn('could not delete the account results of the run; the straggler sweep removes them', { runId, error: describeError(error) }),
    );
    return { status: 'closed', closedBy, reported: results.length, expected };
  }

  /**
   * The key report for auditors: reports/<date>/keys.csv and keys.json. A later
   * run of the same day overwrites it: the folder holds the day's last view of every key.
   */
  private async writeAuditorFiles(digest: RunDigest): Promise<void> {
    const day = runDay(digest.reports);
    const settings = digest.reports[0]?.settings;
    const limit = settings ? { days: this.parts.complianceMaxKeyAgeDays ?? 0, settings } : undefined;
    for (const file of keyReportFiles(this.parts.prefix, day, digest.keyRows, limit)) {
      try {
        // The one scrubber on this output too (the rows were scrubbed when written): it keeps CSV and JSON well-formed.
        await this.parts.s3.send(new PutObjectCommand({ Bucket: this.parts.bucket, Key: file.key, Body: scrubber.text(file.body), ContentType: file.contentType }));
      } catch (error) {
        throw new AuditorFilesError(file.key, { cause: error });
      }
    }
    this.parts.logger.info('key report written', { day, keys: digest.keyRows.length, accounts: digest.reports.length });
  }
}

/** A stored result that was listed and then was not there to read. */
function vanished(error: unknown): boolean {
  return error instanceof RunStoreError && error.operation === 'GetObject' && error.cause instanceof Error && error.cause.name === 'NoSuchKey';
}
