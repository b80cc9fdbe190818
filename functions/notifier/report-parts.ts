import type { MessagePart, NotificationMessage } from '../core/messages/notification';

/** One stored admin report of a run: the account's whole report, or one part of it. */
export interface StoredReport {
  readonly key: string;
  readonly accountId: string;
  readonly lastModified: Date;
  /** Absent: the whole report in one object. */
  readonly part?: MessagePart;
}

/** What an account has stored in a run, and whether that is all of its report. */
export interface AccountReports {
  readonly accountId: string;
  /** True when the whole report is in (one object, or every part of one split). */
  readonly complete: boolean;
  /** The objects that make up the report (part order), or, when incomplete, the largest set of parts that arrived. */
  readonly reports: readonly StoredReport[];
  /** For an incomplete split: how many parts it has. */
  readonly expectedParts?: number;
}

/**
 * Groups a run's stored reports by account. A report split into n parts is
 * complete when parts 1 to n are all in. A rerun of the account (its
 * rotation message redelivered) may have split differently: a complete set
 * wins over an incomplete one, and of two complete ones the newer.
 */
export function reportsByAccount(stored: readonly StoredReport[]): AccountReports[] {
  const byAccount = new Map<string, StoredReport[]>();
  for (const report of stored) byAccount.set(report.accountId, [...(byAccount.get(report.accountId) ?? []), report]);
  return [...byAccount.entries()].map(([accountId, reports]) => choose(accountId, reports));
}

function choose(accountId: string, reports: readonly StoredReport[]): AccountReports {
  const candidates: AccountReports[] = [];
  for (const whole of reports.filter((report) => report.part === undefined)) candidates.push({ accountId, complete: true, reports: [whole] });
  const splits = new Map<number, Map<number, StoredReport>>();
  for (const report of reports) {
    if (report.part === undefined) continue;
    const parts = splits.get(report.part.count) ?? new Map<number, StoredReport>();
    parts.set(report.part.index, report);
    splits.set(report.part.count, parts);
  }
  for (const [count, parts] of splits) {
    const ordered = [...parts.values()].sort((a, b) => (a.part?.index ?? 0) - (b.part?.index ?? 0));
    const complete = parts.size === count;
    candidates.push({ accountId, complete, reports: ordered, ...(complete ? {} : { expectedParts: count }) });
  }
  const newest = (candidate: AccountReports): number => Math.max(...candidate.reports.map((report) => report.lastModified.getTime()));
  // Complete first; of complete ones the newest; of incomplete ones (a stale run) the one with the most parts in.
  candidates.sort(
    (a, b) => Number(b.complete) - Number(a.complete) || (a.complete ? 0 : b.reports.length - a.reports.length) || newest(b) - newest(a),
  );
  return candidates[0] as AccountReports;
}

/**
 * One account's report put back together from its parts, in part order:
 * users and key rows joined, and what part 1 alone carries (held users,
 * notes, failures) kept. Without the part number: it is whole again, as far
 * as it arrived.
 */
export function joinParts(parts: readonly NotificationMessage[]): NotificationMessage {
  const ordered = [...parts].sort((a, b) => (a.part?.index ?? 0) - (b.part?.index ?? 0));
  const first = ordered[0];
  if (first === undefined) throw new Error('joinParts needs at least one part');
  const { part: _part, ...whole } = first;
  if (ordered.length === 1) return whole;
  const held = ordered.flatMap((message) => message.held ?? []);
  const notes = ordered.flatMap((message) => message.notes ?? []);
  const withRows = ordered.some((message) => message.keyRows !== undefined);
  return {
    ...whole,
    users: ordered.flatMap((message) => message.users),
    ...(held.length > 0 ? { held } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    failures: ordered.flatMap((message) => message.failures),
    ...(withRows ? { keyRows: ordered.flatMap((message) => message.keyRows ?? []) } : {}),
  };
}
