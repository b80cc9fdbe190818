import * as z from '../schema/zod';
import type { KeyRow } from '../compliance/row';
import type { NotificationMessage } from './notification';
import { keyRow, notificationMessage, runId } from './notification-schema';

/**
 * The run's state and its hand-over to the notifier (docs/run.md). Each
 * account of a scheduled run writes its admin report, key rows included, to
 * `Runs/<runId>/<accountId>.json`; the close-run step gathers them into one
 * RunDigest, stores it as `Digests/<runId>.json` (the record that the run was
 * closed) and queues a DigestMessage; the notifier reads the digest and mails it.
 */

/** How a run was closed: every expected account reported, or the straggler deadline passed first. */
export type ClosedBy = 'complete' | 'deadline';

/** One account's report of a scheduled run, as stored in Runs/<runId>/: the admin's view of the account. */
export type AccountReport = NotificationMessage & { readonly runId: string; readonly expectedAccounts: number };

export interface RunDigest {
  readonly version: 1;
  readonly runId: string;
  /** How many accounts the inventory enqueued. */
  readonly expectedAccounts: number;
  readonly closedBy: ClosedBy;
  /** ISO 8601. */
  readonly closedAt: string;
  /** One report per account that reported, in account id order. */
  readonly reports: readonly NotificationMessage[];
  /** Every key of every account that reported (accounts in id order): the digest's compliance section. */
  readonly keyRows: readonly KeyRow[];
}

/** What the close-run step queues for the notifier: the digest itself is too large for a queue, so it names it. */
export interface DigestMessage {
  readonly version: 1;
  readonly kind: 'digest';
  readonly runId: string;
}

export const runDigest = z.object({
  version: z.literal(1, { error: 'must be 1 (a digest from a newer rotation function?)' }),
  runId,
  expectedAccounts: z.int().check(z.minimum(1)),
  closedBy: z.enum(['complete', 'deadline']),
  closedAt: z.string(),
  reports: z.array(notificationMessage),
  keyRows: z.array(keyRow),
});

export const digestMessage = z.strictObject({
  version: z.literal(1),
  kind: z.literal('digest'),
  runId,
});

// The schemas' outputs must be the contracts: a field added to one side only fails to compile here.
type Assignable<T extends U, U> = T;
export type RunDigestChecked = Assignable<z.output<typeof runDigest>, RunDigest>;
export type DigestMessageChecked = Assignable<z.output<typeof digestMessage>, DigestMessage>;
