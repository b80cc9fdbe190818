import { LookupEventsCommand, type LookupEventsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { describeError } from '../errors/describe';
import { DAY_MS, startOfUtcDay } from '../lifecycle/time';
import { trailEventOf, type TrailEvent } from './event';
import { Pacer, REAL_CLOCK, type PacerClock } from './pacer';
import { summarizeEvents } from './summarize';
import type { SkippedLookup, WhereUsedSummary } from './summary';

/** Global services (IAM, the STS global endpoint) log their events here. */
export const GLOBAL_EVENTS_REGION = 'us-east-1';
/** The window looked at: since the key's rotation, never more than this. */
export const MAX_WINDOW_DAYS = 14;
/** LookupEvents' own limits: 50 events a page, 2 requests per second per account and Region. */
export const PAGE_SIZE = 50;
export const REQUESTS_PER_SECOND = 2;

/**
 * Pages read at most: per key (over its Regions, 50 events each) and per run
 * (an account). At 2 requests a second, the run's budget bounds the time the
 * lookups add to an account's run (60 pages: 30 s in one Region); a key the
 * budget does not reach is reported as skipped, never shown as unused.
 */
export interface LookupBudget {
  readonly pagesPerKey: number;
  readonly pagesPerRun: number;
}

export const DEFAULT_LOOKUP_BUDGET: LookupBudget = { pagesPerKey: 4, pagesPerRun: 60 };

export interface KeyToLookUp {
  readonly keyId: string;
  readonly userName: string;
  /** The key's last-used Region (GetAccessKeyLastUsed or the credential report), when known. */
  readonly lastUsedRegion?: string | undefined;
  /** When the key was replaced; the window starts there (at most 14 days back). */
  readonly since?: Date | undefined;
}

/** The one call made: LookupEvents, in the Region the client was made for. */
export interface TrailClient {
  send(command: LookupEventsCommand): Promise<Pick<LookupEventsCommandOutput, 'Events' | 'NextToken'>>;
}

export interface LookupContext {
  readonly accountId: string;
  readonly now: Date;
  readonly client: (region: string) => TrailClient;
  readonly budget?: LookupBudget;
  readonly clock?: PacerClock;
  /** A summary already in the ledger: looked up today, it is used again instead. */
  readonly cached?: (keyId: string) => WhereUsedSummary | undefined;
}

export interface LookupResult {
  readonly summaries: ReadonlyMap<string, WhereUsedSummary>;
  /** Only the keys looked up now (not those taken from the cache): what the ledger must store. */
  readonly fresh: readonly WhereUsedSummary[];
  readonly skipped: readonly SkippedLookup[];
  readonly pagesRead: number;
}

/** True when `summary` was made on `now`'s UTC day: a key is looked up at most once a day. */
export function lookedUpToday(summary: WhereUsedSummary | undefined, now: Date): boolean {
  return summary !== undefined && startOfUtcDay(new Date(summary.lookedUpAt).getTime()) === startOfUtcDay(now.getTime());
}

/** The Regions a key's events can be in: where it was last used, and us-east-1. */
export function regionsFor(key: KeyToLookUp): string[] {
  const last = key.lastUsedRegion?.trim();
  return last && last !== GLOBAL_EVENTS_REGION ? [last, GLOBAL_EVENTS_REGION] : [GLOBAL_EVENTS_REGION];
}

/**
 * Looks each key up in CloudTrail (LookupAttributes AccessKeyId), paced at 2
 * requests a second per account and Region and bounded by the page budget.
 * A key whose lookup failed, or that the run's budget did not reach, is in
 * `skipped` with the reason; the others have a summary.
 */
export async function lookUpWhereUsed(keys: readonly KeyToLookUp[], context: LookupContext): Promise<LookupResult> {
  const budget = context.budget ?? DEFAULT_LOOKUP_BUDGET;
  const pacer = new Pacer(context.clock ?? REAL_CLOCK, REQUESTS_PER_SECOND);
  const summaries = new Map<string, WhereUsedSummary>();
  const fresh: WhereUsedSummary[] = [];
  const skipped: SkippedLookup[] = [];
  let pagesRead = 0;
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key.keyId)) continue;
    seen.add(key.keyId);
    const cached = context.cached?.(key.keyId);
    if (cached && lookedUpToday(cached, context.now)) {
      summaries.set(key.keyId, cached);
      continue;
    }
    const regions = regionsFor(key);
    const left = budget.pagesPerRun - pagesRead;
    // Each Region needs a page at least: a key only half looked at would hide the other half.
    if (left < regions.length) {
      skipped.push({ keyId: key.keyId, userName: key.userName, reason: `the run's CloudTrail budget of ${budget.pagesPerRun} pages was used up` });
      continue;
    }
    const to = context.now;
    const earliest = to.getTime() - MAX_WINDOW_DAYS * DAY_MS;
    const from = new Date(Math.min(to.getTime(), Math.max(earliest, key.since?.getTime() ?? earliest)));
    const events: TrailEvent[] = [];
    let pagesLeft = Math.min(budget.pagesPerKey, left);
    let complete = true;
    try {
      for (const [index, region] of regions.entries()) {
        // Keep a page for each Region still to come.
        const allowance = pagesLeft - (regions.length - index - 1);
        const read = await readRegion(key.keyId, region, { from, to }, allowance, context, pacer);
        pagesRead += read.pages;
        pagesLeft -= read.pages;
        events.push(...read.events);
        complete &&= read.complete;
      }
    } catch (error) {
      skipped.push({ keyId: key.keyId, userName: key.userName, reason: `CloudTrail LookupEvents failed: ${describeError(error)}` });
      continue;
    }
    const summary = summarizeEvents(events, { keyId: key.keyId, lookedUpAt: context.now, regions, from, to, complete });
    summaries.set(key.keyId, summary);
    fresh.push(summary);
  }
  return { summaries, fresh, skipped, pagesRead };
}

interface RegionRead {
  readonly events: TrailEvent[];
  readonly pages: number;
  readonly complete: boolean;
}

async function readRegion(
  keyId: string,
  region: string,
  window: { readonly from: Date; readonly to: Date },
  allowance: number,
  context: LookupContext,
  pacer: Pacer,
): Promise<RegionRead> {
  const client = context.client(region);
  const events: TrailEvent[] = [];
  const tokens = new Set<string>();
  let token: string | undefined;
  let pages = 0;
  while (pages < allowance) {
    await pacer.wait(`${context.accountId}/${region}`);
    const page = await client.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: keyId }],
        StartTime: window.from,
        EndTime: window.to,
        MaxResults: PAGE_SIZE,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    pages++;
    for (const event of page.Events ?? []) {
      const parsed = trailEventOf(event);
      if (parsed) events.push(parsed);
    }
    token = page.NextToken || undefined;
    // A token that comes back would loop forever; what was read stands, marked incomplete.
    if (!token || tokens.has(token)) return { events, pages, complete: !token };
    tokens.add(token);
  }
  return { events, pages, complete: false };
}
