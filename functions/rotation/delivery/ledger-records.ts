import { latestDeliveries, recordDeliveries, recordDeliveryTags } from '../../core/ledger/deliveries';
import type { Ledger, LedgerDelivery } from '../../core/ledger/schema';
import { describeError } from '../errors';
import type { DeliveryRecordEntry, DeliveryRecordStore } from './records';

/**
 * Delivery outcomes in the account's key ledger (the run's working copy,
 * saved by closeLedger when the run ends). The tags beside the secret are
 * still looked at, so that nothing they know is lost:
 *
 * - read: when the ledger holds no outcome for the key asked about, the tags
 *   are read once (per user and run, and not again for the same key on later
 *   runs): records from before the ledger (migration), or kept there because
 *   the ledger could not be saved. What they hold joins the ledger.
 * - write: a user with tag records keeps them current too, so that they never
 *   contradict the ledger if it is ever lost and rebuilt.
 * - ledgerNotSaved: the run's outcomes go to the tags, where the next run finds
 *   them (its ledger has no outcome for the new key, so it reads them).
 */
export class LedgerRecordStore implements DeliveryRecordStore {
  private readonly tagsRead = new Set<string>();
  /** This run's outcomes per user, for ledgerNotSaved. */
  private readonly written = new Map<string, DeliveryRecordEntry[]>();

  constructor(
    private readonly ledger: Ledger,
    private readonly tags: DeliveryRecordStore,
    /** A line for the admin's report. */
    private readonly note: (line: string) => void,
  ) {}

  async read(userName: string, keyId?: string): Promise<ReadonlyMap<string, DeliveryRecordEntry>> {
    if (this.needsTags(userName, keyId)) {
      // A failure throws before anything is marked: the tags are read again at the next run.
      const found = await this.tags.read(userName);
      this.tagsRead.add(userName);
      recordDeliveries(this.ledger, userName, [...found.values()].map(toLedger));
      recordDeliveryTags(this.ledger, userName, keyId, found.size > 0 || this.ledger.users[userName]?.deliveryTags?.present === true);
    }
    return new Map([...latestDeliveries(this.ledger.users[userName])].map(([target, entry]) => [target, fromLedger(entry)]));
  }

  private needsTags(userName: string, keyId: string | undefined): boolean {
    if (this.tagsRead.has(userName)) return false;
    const user = this.ledger.users[userName];
    // Keys unknown (a quiet day without a listing): only a user the ledger knows nothing about needs them.
    if (keyId === undefined) return user?.deliveryTags === undefined && (user?.deliveries.length ?? 0) === 0;
    if (user?.deliveries.some((entry) => entry.keyId === keyId)) return false;
    return user?.deliveryTags?.readFor !== keyId;
  }

  async write(userName: string, outcomes: readonly DeliveryRecordEntry[]): Promise<void> {
    if (outcomes.length === 0) return;
    recordDeliveries(this.ledger, userName, outcomes.map(toLedger));
    this.written.set(userName, [...(this.written.get(userName) ?? []), ...outcomes]);
    if (this.ledger.users[userName]?.deliveryTags?.present !== true) return;
    try {
      await this.tags.write(userName, outcomes);
    } catch (error) {
      this.note(`${userName}: delivery outcomes are in the key ledger, but the older record beside the secret could not be updated (${describeError(error)})`);
    }
  }

  async ledgerNotSaved(): Promise<readonly string[]> {
    const notes: string[] = [];
    for (const [userName, outcomes] of this.written) {
      const latest = [...new Map(outcomes.map((entry) => [entry.target, entry])).values()];
      try {
        await this.tags.write(userName, latest);
        notes.push(`${userName}: this run's delivery outcomes were kept beside the secret instead; the next run reads them from there`);
      } catch (error) {
        const failing = latest.filter((entry) => !entry.delivered);
        // Nothing remembers the failures now, so nothing holds the old key for them: the admin must hear it in those words.
        notes.push(
          `${userName}: this run's delivery outcomes could be kept neither in the key ledger nor beside the secret (${describeError(error)})` +
            (failing.length > 0
              ? `; ${failing.map((entry) => entry.label ?? entry.target).join(', ')} still lack key ${failing[0]?.keyId ?? ''}, and the next runs will neither retry them nor hold the old key for them: copy the key there from its secret`
              : '; every target has the key, so nothing is missing'),
        );
      }
    }
    return notes;
  }
}

function toLedger(entry: DeliveryRecordEntry): LedgerDelivery {
  return {
    at: entry.at,
    keyId: entry.keyId,
    target: entry.target,
    ...(entry.label !== undefined ? { label: entry.label } : {}),
    outcome: entry.delivered ? 'delivered' : 'failed',
    ...(entry.status !== undefined ? { status: entry.status } : {}),
    ...(entry.code !== undefined ? { code: entry.code } : {}),
  };
}

function fromLedger(entry: LedgerDelivery): DeliveryRecordEntry {
  return {
    target: entry.target,
    keyId: entry.keyId,
    at: entry.at,
    delivered: entry.outcome === 'delivered',
    ...(entry.label !== undefined ? { label: entry.label } : {}),
    ...(entry.status !== undefined ? { status: entry.status } : {}),
    ...(entry.code !== undefined ? { code: entry.code } : {}),
  };
}
