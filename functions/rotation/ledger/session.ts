import { ledgerChanged } from '../../core/ledger/change';
import type { LedgerAction, Ledger } from '../../core/ledger/schema';
import { LedgerStore, type LedgerState } from '../../core/ledger/store';
import { recordActions, recordWhereUsed } from '../../core/ledger/update';
import type { Logger } from '../../core/log/logger';
import type { ResultUser } from '../../core/messages/notification';
import type { WhereUsedSummary } from '../../core/where-used/summary';
import { s3Client, type ClientOptions } from '../aws/clients';
import type { RotationConfig } from '../config/config';
import { describeError } from '../errors';
import { writeLedger } from './write';

/** The account's ledger for one run: read before the observation, written after the report is built. */
export interface LedgerSession {
  readonly ledger: Ledger;
  readonly state: LedgerState;
  readonly store: LedgerStore;
  /** The ledger as read, before the run changed it: unchanged, it is not written again (change.ts). */
  readonly stored?: Ledger;
  /** The ETag of the object as read: the write is made over that version only, or merged (write.ts). Absent: there was none. */
  readonly etag?: string;
}

/**
 * Reads the ledger; missing or corrupt, an empty one is rebuilt from IAM
 * (store.ts logs the WARNING). If S3 cannot be read at all the run goes on
 * without a ledger: it only names keys, and nothing is ever decided on its word.
 */
export async function openLedger(config: RotationConfig, clients: ClientOptions, accountId: string, now: Date, logger: Logger): Promise<LedgerSession | undefined> {
  if (!config.ledger) return undefined;
  const store = new LedgerStore(s3Client(clients), config.ledger.bucket, config.ledger.prefix);
  try {
    const loaded = await store.load(accountId, now, logger);
    return { ...loaded, store, ...(loaded.state === 'read' ? { stored: structuredClone(loaded.ledger) } : {}) };
  } catch (error) {
    logger.warn('key ledger could not be read; this run names only the keys it lists', { error: describeError(error) });
    return undefined;
  }
}

/** What the run did to each key, in the ledger's words; the where-used summaries it made; then the write. Returns notes for the admin. */
export async function closeLedger(
  session: LedgerSession | undefined,
  run: {
    readonly users: readonly ResultUser[];
    readonly summaries: readonly { readonly userName: string; readonly summary: WhereUsedSummary }[];
    readonly runId?: string;
    readonly now: Date;
    /** What the run must keep elsewhere when the ledger cannot be written (delivery outcomes); returns notes for the admin. */
    readonly unsaved?: () => Promise<readonly string[]>;
  },
  logger: Logger,
): Promise<string[]> {
  if (!session) return [];
  for (const user of run.users) recordActions(session.ledger, user.userName, ledgerActions(user, run));
  for (const { userName, summary } of run.summaries) recordWhereUsed(session.ledger, userName, summary);
  // An idle account's ledger says the same every day: not writing it keeps a later run at the calls it cost before the ledger.
  if (!ledgerChanged(session.stored, session.ledger)) {
    logger.debug('key ledger unchanged; not written');
    return [];
  }
  try {
    await writeLedger(session.store, session, run.now, logger);
  } catch (error) {
    // The run's changes are made; the next run lists what changed again, so nothing is lost but this run's history lines.
    // Other runs that kept writing it in between (write.ts) end here too: the delivery outcomes are kept elsewhere.
    logger.error('key ledger could not be written', { error: describeError(error) });
    return [`the key ledger could not be written (${describeError(error)}); the next run rebuilds what it needs from IAM`, ...((await run.unsaved?.()) ?? [])];
  }
  // A missing ledger is an account's first run (the WARNING is logged); only one that was there and unreadable concerns the admin.
  return session.state === 'corrupt' ? ['the key ledger was unreadable and was rebuilt from IAM (no key was changed for this)'] : [];
}

function ledgerActions(user: ResultUser, run: { readonly runId?: string; readonly now: Date }): LedgerAction[] {
  const at = run.now.toISOString();
  const actions: LedgerAction[] = user.actions
    // Reminders are not things done to a key; the notifier keeps its own record of what it told. A later run's delivery
    // (DELIVER) is already among the user's `deliveries`, outcome by outcome: a history line would say it twice.
    .filter((action) => action.type !== 'WARN' && action.type !== 'DELIVER')
    .map((action) => ({
      at,
      action: action.type,
      keyId: action.keyId,
      ...(run.runId ? { runId: run.runId } : {}),
      outcome: action.outcome === 'DONE' ? 'done' : action.outcome === 'PLANNED' ? 'planned' : 'failed',
      reason: [action.reason, action.newKeyId ? `new key ${action.newKeyId}` : '', action.error ?? ''].filter(Boolean).join('; '),
    }));
  if (user.failure !== undefined && actions.length === 0) actions.push({ at, action: 'OBSERVE', ...(run.runId ? { runId: run.runId } : {}), outcome: 'failed', reason: user.failure });
  return actions;
}
