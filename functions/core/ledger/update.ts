import type { AccessKeyState } from '../lifecycle/types';
import type { WhereUsedSummary } from '../where-used/summary';
import { pairListed, presentKeys, reportRowOf, slotOf, type ReportRowKey } from './diff';
import { emptyUser, MAX_ACTIONS_PER_USER, type Ledger, type LedgerAction, type LedgerKey, type LedgerUser } from './schema';

/**
 * Changes to a run's working copy of the ledger. Each records what IAM (or the
 * run) said: the ledger follows IAM, never the other way round.
 */

/** A key as IAM listed it (ListAccessKeys, and GetAccessKeyLastUsed when asked). */
export type ListedKey = Pick<AccessKeyState, 'id' | 'status' | 'createdAt' | 'lastUsedAt' | 'lastUsedService' | 'lastUsedRegion'>;

type LastUse = Partial<Pick<ListedKey, 'lastUsedAt' | 'lastUsedService' | 'lastUsedRegion'>>;
/** A key of the credential report's row, with its last use when the report has one. */
export type CredentialReportLastUse = ReportRowKey & LastUse;

export function userOf(ledger: Ledger, userName: string): LedgerUser {
  const user = ledger.users[userName] ?? emptyUser();
  ledger.users[userName] = user;
  return user;
}

/**
 * The user's keys as ListAccessKeys named them: known keys are updated, new
 * ones added, missing ones marked gone. With the user's report row, the row is
 * remembered, so the next run can name the keys without listing them again
 * while the row stays the same. A listing without a row (no report this run)
 * clears the remembered row: the next report row must be checked again.
 */
export function recordListing(ledger: Ledger, userName: string, keys: readonly ListedKey[], reported: readonly CredentialReportLastUse[] | undefined, now: Date): void {
  const user = userOf(ledger, userName);
  const at = now.toISOString();
  const row = reported ? reportRowOf(reported) : undefined;
  // Each listed key's report entry: its slot, and the last use the report gives it.
  const entries = pairListed(
    keys,
    (reported ?? []).map((use, index) => ({ use, slot: slotOf(use, index), active: use.status === 'Active', lastRotated: use.createdAt.toISOString() })),
  );
  for (const [index, key] of keys.entries()) {
    const entry = entries[index];
    const slot = entry?.slot;
    const known = user.keys.find((candidate) => candidate.id === key.id);
    const next: LedgerKey = {
      id: key.id,
      ...(slot ? { slot } : known?.slot ? { slot: known.slot } : {}),
      createdAt: key.createdAt.toISOString(),
      status: key.status,
      // ListAccessKeys has no last use: the report's, so that the run after this one finds nothing new to record.
      ...lastUse(newerUse(key, entry?.use), known),
      firstSeenAt: known?.firstSeenAt ?? at,
    };
    if (known) user.keys[user.keys.indexOf(known)] = next;
    else user.keys.push(next);
  }
  markGone(user, (key) => !keys.some((listed) => listed.id === key.id), at);
  user.listedAt = at;
  if (row && reported && reported.length === keys.length && entries.every((entry) => entry !== undefined)) user.reportRow = row;
  else delete user.reportRow;
}

/**
 * The report row matched the record: the keys are the same, only their last
 * use may have moved. Ids are not touched; status and last use follow the report.
 */
export function recordReported(ledger: Ledger, userName: string, paired: readonly { readonly key: LedgerKey; readonly reported: CredentialReportLastUse }[]): void {
  const user = userOf(ledger, userName);
  for (const { key, reported } of paired) {
    const index = user.keys.findIndex((candidate) => candidate.id === key.id);
    const current = user.keys[index];
    if (!current) continue;
    user.keys[index] = { ...current, status: reported.status, ...lastUse(reported, current) };
  }
}

/** A user the report shows with no keys: whatever the ledger held is gone. */
export function recordNoKeys(ledger: Ledger, userName: string, now: Date): void {
  const user = ledger.users[userName];
  if (!user) return;
  markGone(user, () => true, now.toISOString());
  delete user.reportRow;
}

/**
 * Appends what a run did. In audit mode a due key is "planned" again at every
 * run until someone acts; the history keeps the first of those (when it
 * became due), not a line a day, which would also write the ledger daily.
 */
export function recordActions(ledger: Ledger, userName: string, actions: readonly LedgerAction[]): void {
  if (actions.length === 0) return;
  const user = userOf(ledger, userName);
  const fresh = actions.filter((action) => !(action.outcome === 'planned' && samePlanned(latestFor(user.actions, action.keyId), action)));
  if (fresh.length === 0) return;
  user.actions.push(...fresh);
  if (user.actions.length > MAX_ACTIONS_PER_USER) user.actions.splice(0, user.actions.length - MAX_ACTIONS_PER_USER);
}

function latestFor(actions: readonly LedgerAction[], keyId: string | undefined): LedgerAction | undefined {
  for (let index = actions.length - 1; index >= 0; index--) if (actions[index]?.keyId === keyId) return actions[index];
  return undefined;
}

function samePlanned(latest: LedgerAction | undefined, action: LedgerAction): boolean {
  return latest !== undefined && latest.outcome === 'planned' && latest.action === action.action;
}

export function recordWhereUsed(ledger: Ledger, userName: string, summary: WhereUsedSummary): void {
  userOf(ledger, userName).whereUsed[summary.keyId] = summary;
}

/** Exemption (null: for good) and hold as this run saw them; absent ones are cleared. */
export function recordStanding(ledger: Ledger, userName: string, standing: { readonly exemptUntil?: Date | null; readonly holdUntil?: Date }): void {
  const user = userOf(ledger, userName);
  if (standing.exemptUntil !== undefined) user.exemptUntil = standing.exemptUntil === null ? null : standing.exemptUntil.toISOString();
  else delete user.exemptUntil;
  if (standing.holdUntil) user.holdUntil = standing.holdUntil.toISOString();
  else delete user.holdUntil;
}

/** Users IAM no longer has: their keys are gone; the history stays. */
export function recordUsersGone(ledger: Ledger, present: ReadonlySet<string>, now: Date): void {
  for (const [userName, user] of Object.entries(ledger.users)) {
    if (present.has(userName)) continue;
    markGone(user, () => true, now.toISOString());
    delete user.reportRow;
  }
}

function markGone(user: LedgerUser, gone: (key: LedgerKey) => boolean, at: string): void {
  user.keys = user.keys.map((key) => (key.goneAt === undefined && gone(key) ? { ...key, goneAt: at } : key));
  // A gone key's where-used evidence has nothing left to say.
  const present = new Set(presentKeys(user).map((key) => key.id));
  for (const keyId of Object.keys(user.whereUsed)) if (!present.has(keyId)) delete user.whereUsed[keyId];
}

function newerUse(listed: LastUse, reported: LastUse | undefined): LastUse {
  if (!reported?.lastUsedAt) return listed;
  return listed.lastUsedAt && listed.lastUsedAt.getTime() >= reported.lastUsedAt.getTime() ? listed : reported;
}

/** The newer of what is known: a listing without GetAccessKeyLastUsed must not erase a recorded last use. */
function lastUse(key: LastUse, known: LedgerKey | undefined): Partial<LedgerKey> {
  if (key.lastUsedAt && (!known?.lastUsedAt || key.lastUsedAt.getTime() >= new Date(known.lastUsedAt).getTime())) {
    return {
      lastUsedAt: key.lastUsedAt.toISOString(),
      ...(key.lastUsedService ? { lastUsedService: key.lastUsedService } : {}),
      ...(key.lastUsedRegion ? { lastUsedRegion: key.lastUsedRegion } : {}),
    };
  }
  if (!known?.lastUsedAt) return {};
  return {
    lastUsedAt: known.lastUsedAt,
    ...(known.lastUsedService ? { lastUsedService: known.lastUsedService } : {}),
    ...(known.lastUsedRegion ? { lastUsedRegion: known.lastUsedRegion } : {}),
  };
}
