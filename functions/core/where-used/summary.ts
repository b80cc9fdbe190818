import * as z from '../schema/zod';

const isoTime = z.iso.datetime({ offset: true });
const count = z.int().check(z.minimum(0));

const counted = z.object({ value: z.string(), count });

/** One source IP address, how many events came from it, and the programs seen using the key there. */
const sourceIp = z.object({ value: z.string(), count, agents: z.array(z.string()) });

/**
 * What CloudTrail's LookupEvents showed about one key: a summary, never the
 * events themselves (they hold request parameters an owner's mail has no use
 * for). Kept in the key ledger, so a key is looked up at most once a day.
 */
export const whereUsedSummary = z.object({
  keyId: z.string(),
  lookedUpAt: isoTime,
  /** The Regions looked in: the key's last-used Region and us-east-1 (where global services log). */
  regions: z.array(z.string()),
  /** The window looked at: since the key's rotation, at most 14 days. */
  from: isoTime,
  to: isoTime,
  /** Management events read (all pages read, or as many as the page budget allowed). */
  events: count,
  /** False when the page budget ended the lookup before the last page: the counts are a lower bound. */
  complete: z.boolean(),
  /** The top 5 addresses, most events first. */
  sourceIps: z.array(sourceIp),
  /** How many distinct addresses there were in all. */
  distinctSourceIps: count,
  /** Programs named from the user agents (see user-agent.ts), most events first. */
  agents: z.array(counted),
  /** The top 5 event sources and event names. */
  eventSources: z.array(counted),
  eventNames: z.array(counted),
  firstSeen: z.optional(isoTime),
  lastSeen: z.optional(isoTime),
  /** Every event carried a sign of running inside AWS (see inside-aws.ts). */
  insideAws: z.boolean(),
  /** Every address the key was used from also ran the GitHub Actions credentials action. */
  githubActionsOnly: z.boolean(),
});

export type WhereUsedSummary = z.infer<typeof whereUsedSummary>;

/** A key that was to be looked up and was not, and why (for the run's notes and the plan). */
export interface SkippedLookup {
  readonly keyId: string;
  readonly userName: string;
  readonly reason: string;
}
