import { isDeepStrictEqual } from 'node:util';
import { DAY_MS } from '../lifecycle/time';
import type { Ledger } from './schema';

/**
 * How far a key's recorded last use (and a user's `listedAt`) may fall
 * behind before the ledger is written for that alone. A key in daily use has
 * a new last-used time every day; writing the ledger for it would cost every
 * account one S3 PutObject a day for nothing a run needs (keys are named from
 * the report row, never from the recorded last use).
 */
export const LAST_USE_REFRESH_DAYS = 7;

/**
 * Pure: must the run write the ledger? Yes when there was none to compare
 * with (first run, or rebuilt), and when anything but `updatedAt`, the keys'
 * last use and the users' `listedAt` differs from what was read: keys, report
 * rows, history, deliveries, where-used summaries, exemptions and holds.
 * Those three alone are written when a key is used (or a user listed) for the
 * first time, or once the recorded time is LAST_USE_REFRESH_DAYS behind;
 * whenever the ledger is written, the newest times go with it.
 */
export function ledgerChanged(stored: Ledger | undefined, current: Ledger): boolean {
  if (!stored) return true;
  if (!isDeepStrictEqual(withoutVolatile(stored), withoutVolatile(current))) return true;
  for (const [userName, user] of Object.entries(current.users)) {
    const before = stored.users[userName];
    if (moved(before?.listedAt, user.listedAt)) return true;
    for (const key of user.keys) {
      if (moved(before?.keys.find((candidate) => candidate.id === key.id)?.lastUsedAt, key.lastUsedAt)) return true;
    }
  }
  return false;
}

function moved(before: string | undefined, after: string | undefined): boolean {
  if (after === undefined) return false;
  if (before === undefined) return true;
  return new Date(after).getTime() - new Date(before).getTime() >= LAST_USE_REFRESH_DAYS * DAY_MS;
}

/** The ledger as plain JSON (no undefined members, key order irrelevant to the comparison), without what changes by itself. */
function withoutVolatile(ledger: Ledger): unknown {
  const users = Object.fromEntries(
    Object.entries(ledger.users).map(([userName, user]) => [
      userName,
      { ...user, listedAt: undefined, keys: user.keys.map(({ lastUsedAt: _at, lastUsedService: _service, lastUsedRegion: _region, ...key }) => key) },
    ]),
  );
  return JSON.parse(JSON.stringify({ ...ledger, updatedAt: undefined, users })) as unknown;
}
