import type { WhereUsedSummary } from './summary';
import { agentLabel } from './user-agent';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Addresses named in the first line; the rest are counted. */
const NAMED_ADDRESSES = 3;

/** "12 Jan" (UTC): the evidence is at most 14 days old, so the year adds nothing. */
export function shortDay(instant: string | Date): string {
  const date = new Date(instant);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''}`;
}

/**
 * The evidence in one or two plain lines, for a mail, a digest row or the plan.
 * With events: where and by what the key was last used, then how much and
 * since when. Without: "no management events found", never "not used" (data
 * events such as S3 object reads, and events older than 90 days, are not in
 * what LookupEvents returns). Nothing at all when the key was not looked up.
 */
export function evidenceLines(summary: WhereUsedSummary | undefined): string[] {
  if (!summary) return [];
  const regions = summary.regions.join(', ');
  if (summary.events === 0) {
    return [
      `No management events found for this key in CloudTrail (${regions}) since ${shortDay(summary.from)}. ` +
        'Data events such as S3 object reads are not in this lookup, so the key may still be in use.',
    ];
  }
  const places = summary.sourceIps.slice(0, NAMED_ADDRESSES).map((ip) => `from ${ip.value} by ${programs(ip.agents)}`);
  const others = summary.distinctSourceIps - Math.min(summary.sourceIps.length, NAMED_ADDRESSES);
  const where = places.length > 0 ? ` ${joinAnd(places)}${others > 0 ? ` and ${others} more address${others === 1 ? '' : 'es'}` : ''}` : '';
  const first = `Still used on ${shortDay(summary.lastSeen ?? summary.to)}${where}.`;
  const calls = summary.eventNames.map((name) => name.value).slice(0, 3);
  const partial = summary.complete ? '' : ' (at least: only the first pages were read)';
  const second =
    `${summary.events} management event${summary.events === 1 ? '' : 's'}${partial} in CloudTrail (${regions}) ` +
    `since ${shortDay(summary.from)}, first on ${shortDay(summary.firstSeen ?? summary.from)}` +
    (calls.length > 0 ? `: ${calls.join(', ')}.` : '.');
  return [first, second];
}

/**
 * One line of advice, only where the evidence is clear: every event came from
 * a GitHub Actions runner, or every event carried a sign of running inside AWS.
 * No evidence (not looked up, or nothing found), no advice.
 */
export function adviceLine(summary: WhereUsedSummary | undefined): string | undefined {
  if (!summary || summary.events === 0 || !summary.complete) return undefined;
  if (summary.githubActionsOnly) return "Used only from GitHub Actions: GitHub's OIDC provider removes the need for this key.";
  if (summary.insideAws) return 'Used only from inside AWS: an instance or task role removes the need for this key.';
  return undefined;
}

/** Evidence and advice together, as the messages show them. */
export function whereUsedLines(summary: WhereUsedSummary | undefined): string[] {
  const advice = adviceLine(summary);
  return [...evidenceLines(summary), ...(advice ? [advice] : [])];
}

function programs(families: readonly string[]): string {
  return families.length === 0 ? 'an unnamed program' : joinAnd(families.slice(0, 2).map(agentLabel));
}

function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}
