import * as z from '../schema/zod';
import type { DeepReadonly } from '../schema/readonly';
import type { NotificationMessage } from './notification';
import { isoDate, keyRow, notificationMessage, runId } from './notification-schema';

/**
 * The run's state and its hand-over to the notifier (docs/run.md). Each
 * account of a scheduled run writes its account result (the admin's message, key rows included) to
 * `Runs/<runId>/<accountId>.json`; the close-run step gathers them into one
 * RunDigest, stores it as `Digests/<runId>.json` (the record that the run was
 * closed) and queues a DigestMessage; the notifier reads the digest and mails it.
 */

export const runDigest = z.object({
  version: z.literal(1, { error: 'must be 1 (a digest from a newer rotation function?)' }),
  runId,
  // How many accounts the inventory enqueued.
  expectedAccounts: z.int().check(z.minimum(1)),
  // Every expected account reported, or the straggler deadline passed first.
  closedBy: z.enum(['complete', 'deadline']),
  closedAt: isoDate,
  // One account result per account that reported, in account id order, without their key rows (the key
  // `reports` is kept: a digest written before an upgrade must still parse)...
  reports: z.array(notificationMessage),
  // ...which travel once, here: every key of every account that reported (accounts in id order).
  keyRows: z.array(keyRow),
});

/** What the close-run step queues for the notifier: the digest itself is too large for a queue, so it names it. */
export const digestMessage = z.strictObject({
  version: z.literal(1),
  kind: z.literal('digest'),
  runId,
});

export type RunDigest = DeepReadonly<z.output<typeof runDigest>>;
export type ClosedBy = RunDigest['closedBy'];
export type DigestMessage = DeepReadonly<z.output<typeof digestMessage>>;

/** One account's result of a scheduled run, as stored in Runs/<runId>/: the admin's view of the account. */
export type AccountResult = NotificationMessage & { readonly runId: string; readonly expectedAccounts: number };
