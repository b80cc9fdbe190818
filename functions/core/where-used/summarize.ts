import { agentFamily } from './user-agent';
import type { TrailEvent } from './event';
import { ranInsideAws } from './inside-aws';
import type { WhereUsedSummary } from './summary';

export const TOP = 5;

export interface SummaryWindow {
  readonly keyId: string;
  readonly lookedUpAt: Date;
  readonly regions: readonly string[];
  readonly from: Date;
  readonly to: Date;
  /** False when the page budget stopped the lookup early. */
  readonly complete: boolean;
}

/** Pure: the summary of a key's events (any order) over the window looked at. */
export function summarizeEvents(events: readonly TrailEvent[], window: SummaryWindow): WhereUsedSummary {
  const ips = new Map<string, { count: number; agents: Map<string, number> }>();
  const agents = new Map<string, number>();
  const sources = new Map<string, number>();
  const names = new Map<string, number>();
  const githubIps = new Set<string>();
  let first: Date | undefined;
  let last: Date | undefined;
  for (const event of events) {
    const family = agentFamily(event.userAgent);
    increment(agents, family);
    if (event.sourceIp) {
      const ip = ips.get(event.sourceIp) ?? { count: 0, agents: new Map<string, number>() };
      ip.count++;
      increment(ip.agents, family);
      ips.set(event.sourceIp, ip);
      if (family === 'github-actions') githubIps.add(event.sourceIp);
    }
    if (event.eventSource) increment(sources, event.eventSource);
    if (event.eventName) increment(names, event.eventName);
    if (!first || event.eventTime < first) first = event.eventTime;
    if (!last || event.eventTime > last) last = event.eventTime;
  }
  const sourceIps = ranked(new Map([...ips].map(([ip, seen]) => [ip, seen.count])))
    .slice(0, TOP)
    .map(({ value, count }) => ({ value, count, agents: ranked(ips.get(value)?.agents ?? new Map<string, number>()).map((agent) => agent.value) }));
  return {
    keyId: window.keyId,
    lookedUpAt: window.lookedUpAt.toISOString(),
    regions: [...window.regions],
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    events: events.length,
    complete: window.complete,
    sourceIps,
    distinctSourceIps: ips.size,
    agents: ranked(agents),
    eventSources: ranked(sources).slice(0, TOP),
    eventNames: ranked(names).slice(0, TOP),
    ...(first ? { firstSeen: first.toISOString() } : {}),
    ...(last ? { lastSeen: last.toISOString() } : {}),
    insideAws: events.length > 0 && events.every(ranInsideAws),
    githubActionsOnly: events.length > 0 && events.every((event) => event.sourceIp !== undefined && githubIps.has(event.sourceIp)),
  };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Most first; ties by name, so the same events always give the same summary. */
function ranked(counts: ReadonlyMap<string, number>): { value: string; count: number }[] {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
