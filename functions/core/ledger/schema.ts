import * as z from '../schema/zod';
import { whereUsedSummary } from '../where-used/summary';

export const LEDGER_VERSION = 1;
/** The history kept per user: the newest actions; older ones fall off (the run logs keep them). */
export const MAX_ACTIONS_PER_USER = 100;
/** The delivery outcomes kept per user; the newest of each target is always kept, whatever its age. */
export const MAX_DELIVERIES_PER_USER = 100;

const isoTime = z.iso.datetime({ offset: true });
const slot = z.union([z.literal(1), z.literal(2)]);
const status = z.enum(['Active', 'Inactive']);

/**
 * A user's credential-report row as far as it identifies the keys: each
 * slot's active flag and last-rotated time. While the row stays the same, the
 * key ids recorded with it are still the user's keys and no ListAccessKeys is
 * needed to name them.
 */
const reportRow = z.array(z.object({ slot, active: z.boolean(), lastRotated: isoTime }));

const ledgerKey = z.object({
  id: z.string().check(z.minLength(16), z.maxLength(128)),
  /** The credential report's access_key_1 / access_key_2, when known. */
  slot: z.optional(slot),
  createdAt: isoTime,
  status,
  lastUsedAt: z.optional(isoTime),
  lastUsedService: z.optional(z.string()),
  lastUsedRegion: z.optional(z.string()),
  firstSeenAt: isoTime,
  /** When a run first found the key gone (deleted by this tool or by hand). */
  goneAt: z.optional(isoTime),
});

const ledgerAction = z.object({
  at: isoTime,
  /** ROTATE, DEACTIVATE, DELETE, POSTPONE, REACTIVATE and the like: the lifecycle's own words. */
  action: z.string(),
  keyId: z.optional(z.string()),
  runId: z.optional(z.string()),
  /** done; planned (audit mode: it would have been done); failed. */
  outcome: z.enum(['done', 'planned', 'failed']),
  reason: z.string(),
});

/**
 * One attempt to deliver a key to a target (issue 21). `target` is the
 * target's id (the record's key, stable across runs), `label` the target in
 * an owner's words; the HTTP status or the AWS/network code says why it failed.
 */
const delivery = z.object({
  at: isoTime,
  keyId: z.string(),
  target: z.string(),
  label: z.optional(z.string()),
  outcome: z.enum(['delivered', 'failed']),
  status: z.optional(z.int()),
  code: z.optional(z.string()),
});

/**
 * The delivery records kept as tags beside the key's secret (before the
 * ledger, or when it could not be written): the key id they were last read
 * for, and whether there were any. Read again only for another key.
 */
const deliveryTags = z.object({ readFor: z.optional(z.string()), present: z.boolean() });

const ledgerUser = z.object({
  keys: z.array(ledgerKey),
  reportRow: z.optional(reportRow),
  /** When ListAccessKeys last confirmed the keys (the ledger is never trusted over IAM). */
  listedAt: z.optional(isoTime),
  actions: z.array(ledgerAction),
  deliveries: z.array(delivery),
  deliveryTags: z.optional(deliveryTags),
  /** The where-used summaries by key id (at most one lookup a day per key). */
  whereUsed: z.record(z.string(), whereUsedSummary),
  /** Exempt (group, or the tag: `until` absent means for good) or on hold, as the last run saw it. */
  exemptUntil: z.optional(z.nullable(isoTime)),
  holdUntil: z.optional(isoTime),
});

export const ledgerDocument = z.object({
  version: z.literal(LEDGER_VERSION),
  accountId: z.string().check(z.regex(/^\d{12}$/)),
  updatedAt: isoTime,
  users: z.record(z.string(), ledgerUser),
});

export type Ledger = z.infer<typeof ledgerDocument>;
export type LedgerUser = z.infer<typeof ledgerUser>;
export type LedgerKey = z.infer<typeof ledgerKey>;
export type LedgerAction = z.infer<typeof ledgerAction>;
export type ReportRow = z.infer<typeof reportRow>;
export type LedgerDelivery = z.infer<typeof delivery>;

export function emptyLedger(accountId: string, now: Date): Ledger {
  return { version: LEDGER_VERSION, accountId, updatedAt: now.toISOString(), users: {} };
}

export function emptyUser(): LedgerUser {
  return { keys: [], actions: [], deliveries: [], whereUsed: {} };
}
