import type { NotificationMessage } from '../core/messages/notification';
import type { Logger } from '../core/log/logger';
import type { DigestWeekday } from '../../contract/names';
import { digestDecision } from './cadence/cadence';
import { describe, SendError } from './errors';
import { joinParts, reportsByAccount, type AccountReports } from './report-parts';
import type { RunStore, StoredReport } from './run-store';
import type { DigestInput } from './values';

/**
 * The admin digest: one email per run instead of one per account.
 *
 * Each ADMIN message of a scheduled run (it carries runId and
 * expectedAccounts) is stored as Runs/<runId>/<accountId>.json, or, split to
 * fit SQS, each part as Runs/<runId>/<accountId>.<i>-of-<n>.json. After
 * storing, the notifier lists the run; when as many accounts as expected have
 * reported (all parts of a split one), it claims the run by creating Digests/<runId>.json with
 * If-None-Match: *, and only the claimant sends. This holds across batches,
 * containers and redeliveries: a redelivered report overwrites its own key
 * (the count does not grow), and a second claim fails with 412 once the
 * digest was claimed. S3 lists are strongly consistent, so of the last two
 * accounts to report, at least the later one sees the run complete.
 *
 * A transient send failure gives the claim back and fails the message, which
 * SQS redelivers; the redelivery finds the run complete and claims again.
 * If the function dies between claim and send (timeout), that digest is lost:
 * at-most-once was chosen over the risk of the admin getting it twice.
 *
 * An account that never reports (its rotation message went to the DLQ) keeps
 * the run open. Such a run is stale once its newest report is older than
 * `staleAfterMs`; the first ADMIN message of a later run (normally the next
 * day's) sweeps stale runs and sends each a digest of what did report, which
 * says how many accounts are missing. Each container sweeps once per run it
 * sees, so a sweep costs a few S3 lists per container per day.
 *
 * A complete or stale run is closed the same way whether or not it gets a
 * digest (cadence/cadence.ts decides: not on a quiet day other than
 * DigestWeekday): claimed, then its reports deleted, so nothing piles up in
 * Runs/ and a late redelivery finds the claim and sends nothing.
 */
export type DigestOutcome =
  | { readonly status: 'waiting'; readonly reported: number; readonly expected: number }
  | { readonly status: 'sent'; readonly reported: number; readonly expected: number }
  /** Complete, and quiet on a day that is not DigestWeekday: closed without a mail. */
  | { readonly status: 'quiet'; readonly reported: number; readonly expected: number }
  | { readonly status: 'already-claimed' };

export type SendDigest = (digest: DigestInput) => Promise<void>;

export interface AdminDigestOptions {
  readonly now: () => Date;
  readonly staleAfterMs: number;
  readonly weekday: DigestWeekday;
  /** ComplianceMaxKeyAge (0: off), for the digest's and the inventory's compliance-limit lines. */
  readonly complianceMaxKeyAgeDays?: number;
  /**
   * Called with every claimed run, whether or not its digest is mailed that
   * day (the auditors' key inventory), before the mail; a failure gives the
   * claim back, as a send failure does.
   */
  readonly onClaimed?: (digest: DigestInput) => Promise<void>;
}

/** Long enough for a run's retries and DLQ redrives to settle; short enough that the next daily run sends it. */
export const DEFAULT_STALE_AFTER_MS = 12 * 60 * 60 * 1000;

export class AdminDigest {
  private readonly sweptFor = new Set<string>();

  constructor(
    private readonly store: RunStore,
    private readonly sendDigest: SendDigest,
    private readonly logger: Logger,
    private readonly options: AdminDigestOptions,
  ) {}

  async record(message: NotificationMessage & { runId: string; expectedAccounts: number }): Promise<DigestOutcome> {
    await this.store.putReport(message);
    const stored = await this.store.listReports(message.runId);
    const expected = message.expectedAccounts;
    // An account split into parts has reported once all its parts are in.
    const reported = reportsByAccount(stored).filter((account) => account.complete).length;
    if (reported < expected) {
      this.logger.info('admin report stored; run not complete yet', { runId: message.runId, reported, expected, ...(message.part ? { part: message.part } : {}) });
      return { status: 'waiting', reported, expected };
    }
    return this.finish(message.runId, expected, stored, 'complete');
  }

  /**
   * Sends the digest of every stale run other than `currentRunId`. Never
   * throws: housekeeping must not fail the message that triggered it.
   */
  async sweepStaleRuns(currentRunId: string): Promise<void> {
    if (this.sweptFor.has(currentRunId)) return;
    this.sweptFor.add(currentRunId);
    try {
      const runs = (await this.store.openRuns()).filter((runId) => runId !== currentRunId);
      for (const runId of runs) {
        const stored = await this.store.listReports(runId);
        const newest = Math.max(0, ...stored.map((report) => report.lastModified.getTime()));
        if (stored.length === 0 || this.options.now().getTime() - newest < this.options.staleAfterMs) continue;
        const reports = await this.store.readReports(stored);
        const accounts = new Set(stored.map((report) => report.accountId)).size;
        const expected = Math.max(accounts, ...reports.map((report) => report.expectedAccounts ?? 0));
        const outcome = await this.finish(runId, expected, stored, 'stale', reports);
        if (outcome.status === 'already-claimed') {
          // Sent before; these are reports redelivered after the digest. Nothing reads them any more.
          await this.store.deleteReports(stored);
        }
      }
    } catch (error) {
      this.sweptFor.delete(currentRunId);
      this.logger.error('sweeping stale runs failed; the next run tries again', { error: describe(error) });
    }
  }

  private async finish(
    runId: string,
    expected: number,
    stored: readonly StoredReport[],
    reason: 'complete' | 'stale',
    alreadyRead?: readonly NotificationMessage[],
  ): Promise<DigestOutcome> {
    const accounts = reportsByAccount(stored);
    const reported = accounts.length;
    const claimed = await this.store.claim(runId, {
      runId,
      reason,
      reported,
      expected,
      claimedAt: this.options.now().toISOString(),
    });
    if (!claimed) {
      this.logger.info('admin digest already claimed for this run; not sending again', { runId });
      return { status: 'already-claimed' };
    }
    let sent = true;
    try {
      const reports = await this.accountReports(accounts, stored, alreadyRead);
      const digest: DigestInput = {
        runId,
        reports,
        expectedAccounts: expected,
        keyRows: reports.flatMap((report) => report.keyRows ?? []),
        complianceMaxKeyAgeDays: this.options.complianceMaxKeyAgeDays ?? 0,
      };
      await this.options.onClaimed?.(digest);
      const decision = digestDecision({ weekday: this.options.weekday, reports, expectedAccounts: expected });
      if (decision.send) await this.sendDigest(digest);
      else sent = false;
    } catch (error) {
      if (!(error instanceof SendError && error.kind === 'permanent')) {
        await this.store.release(runId).catch((releaseError: unknown) =>
          this.logger.error('could not release the digest claim; this run will get no digest', { runId, error: describe(releaseError) }),
        );
      }
      throw error;
    }
    if (sent) this.logger.info('admin digest sent', { runId, reason, reported, expected });
    else this.logger.info('quiet run: nothing changed, failed or is postponed, and today is not DigestWeekday; no digest', { runId, reason, reported, expected, digestWeekday: this.options.weekday });
    await this.store.deleteReports(stored).catch((error: unknown) =>
      this.logger.warn('could not delete the run reports; a later sweep removes them', { runId, error: describe(error) }),
    );
    return { status: sent ? 'sent' : 'quiet', reported, expected };
  }

  /**
   * One report per account, in account id order, its parts put back
   * together. An account whose parts did not all arrive (a stale run) is
   * shown with what did, and a failure line that says its list is partial.
   */
  private async accountReports(
    accounts: readonly AccountReports[],
    stored: readonly StoredReport[],
    alreadyRead?: readonly NotificationMessage[],
  ): Promise<NotificationMessage[]> {
    const wanted = accounts.flatMap((account) => account.reports);
    const read = alreadyRead ? new Map(stored.map((report, index) => [report.key, alreadyRead[index]])) : undefined;
    const messages = read ? wanted.map((report) => read.get(report.key)) : await this.store.readReports(wanted);
    const byKey = new Map(wanted.map((report, index) => [report.key, messages[index]]));
    return [...accounts]
      .sort((a, b) => a.accountId.localeCompare(b.accountId))
      .map((account) => {
        const parts = account.reports.map((report) => byKey.get(report.key)).filter((message): message is NotificationMessage => message !== undefined);
        const joined = joinParts(parts);
        if (account.complete) return joined;
        const missing = `only ${account.reports.length} of the ${account.expectedParts ?? '?'} parts of this account's report arrived: its users and keys are listed in part`;
        return { ...joined, failures: [...joined.failures, missing] };
      });
  }
}
