import { DAY_MS } from '../lifecycle/time';
import type { LifecycleSettings } from '../lifecycle/types';
import { ageInDays } from './dates';
import { LEFT_ALONE_WORDS, UNTIL_WORD, type ClassifiedKey } from './key-rows';
import type { KeyRow } from './row';
import { hasNewerActiveKey, standingOf, type SiblingKey } from './standing';

const LAST_DAY = new RegExp(`${UNTIL_WORD}(\\d{4}-\\d{2}-\\d{2})$`);

/**
 * A row classified again from its own fields, for a reader that has only the
 * rows (the admin digest gets them from every account's result): what
 * accountRows classified it as, at the same `now`. A test holds the two
 * together. A left-alone key's row says which in its reason and its last
 * day in `exemptUntil`; a postponed key's next action is POSTPONE.
 */
export function classifyRow(
  row: KeyRow,
  settings: Pick<LifecycleSettings, 'rotationPeriodDays' | 'inactiveBufferDays'>,
  now: Date,
  replaced = false,
): ClassifiedKey {
  const ageDays = ageInDays(new Date(row.createdAt), now);
  const leftAlone = row.exemptReason === null ? undefined : row.reason.startsWith(LEFT_ALONE_WORDS.held) ? 'held' : 'exempt';
  const standing = standingOf({ status: row.status, ageDays, ...(leftAlone ? { leftAlone } : {}), postponed: row.nextAction === 'POSTPONE', replaced }, settings);
  // The last day is inclusive; `until` is the instant it ends, as accountRows has it.
  const until = row.exemptUntil === null ? null : new Date(Date.parse(`${row.exemptUntil}T00:00:00.000Z`) + DAY_MS);
  return { row, standing, ageDays, until: leftAlone ? until : null };
}

/** A left-alone row's cause without its last day ("tag IAMKeyRotationHold"), for lists that show the day apart. */
export function leftAloneCause(row: KeyRow): string {
  return (row.exemptReason ?? '').replace(LAST_DAY, '');
}

/**
 * Rows classified again, each knowing its user's other keys (a key replaced
 * by a newer active one stands `replaced`): what accountRows classified them
 * as. Rows of one user need not be adjacent.
 */
export function classifyRows(rows: readonly KeyRow[], settings: Pick<LifecycleSettings, 'rotationPeriodDays' | 'inactiveBufferDays'>, now: Date): ClassifiedKey[] {
  const keys = rows.map((row) => ({ status: row.status, createdMs: Date.parse(row.createdAt), ageDays: ageInDays(new Date(row.createdAt), now) }));
  const byUser = new Map<string, SiblingKey[]>();
  rows.forEach((row, index) => {
    const user = JSON.stringify([row.accountId, row.userName]);
    byUser.set(user, [...(byUser.get(user) ?? []), keys[index] as SiblingKey]);
  });
  return rows.map((row, index) => {
    const siblings = byUser.get(JSON.stringify([row.accountId, row.userName])) ?? [];
    return classifyRow(row, settings, now, hasNewerActiveKey(keys[index] as SiblingKey, siblings, settings));
  });
}
