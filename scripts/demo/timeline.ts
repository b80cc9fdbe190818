import { IAMClient, ListAccessKeysCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import type { NotificationMessage } from '../../functions/core/messages/notification';
import type { Moto } from '../../emulator/moto';
import { DAY_MS } from '../../functions/core/lifecycle/time';
import type { DemoAccount } from './seed';

export interface KeySnapshot {
  readonly account: string;
  readonly user: string;
  readonly keyId: string;
  readonly status: string;
  readonly createdAt: Date;
}

/** What IAM showed (created, deactivated, reactivated, deleted) and what the account results said (postponed, held). */
export type KeyEvent = 'created' | 'deactivated' | 'reactivated' | 'deleted' | 'postponed';

export interface KeyHistory {
  readonly account: string;
  readonly user: string;
  readonly keyId: string;
  readonly createdAt: Date;
  readonly events: Array<{ day: number; event: KeyEvent; holdUntilDay?: number }>;
}


/** What IAM holds now, read from outside the product (as an auditor would). */
export async function snapshotKeys(moto: Moto, accounts: readonly DemoAccount[]): Promise<Map<string, KeySnapshot>> {
  const perAccount = await Promise.all(
    accounts.map(async (account) => {
      const iam = new IAMClient(moto.config(account.credentials));
      const users = await iam.send(new ListUsersCommand({}));
      const perUser = await Promise.all(
        (users.Users ?? []).map(async (user) => {
          const listed = await iam.send(new ListAccessKeysCommand({ UserName: user.UserName }));
          return (listed.AccessKeyMetadata ?? []).flatMap((key): KeySnapshot[] =>
            key.AccessKeyId && user.UserName && key.CreateDate
              ? [{ account: account.name, user: user.UserName, keyId: key.AccessKeyId, status: key.Status ?? '?', createdAt: key.CreateDate }]
              : [],
          );
        }),
      );
      return perUser.flat();
    }),
  );
  return new Map(perAccount.flat().map((key) => [key.keyId, key]));
}

/** Records what changed between two snapshots as events of `day`, and returns them as short sentences. */
export function recordChanges(
  histories: Map<string, KeyHistory>,
  before: ReadonlyMap<string, KeySnapshot>,
  after: ReadonlyMap<string, KeySnapshot>,
  day: number,
): string[] {
  const said: string[] = [];
  const tell = (history: KeyHistory, event: KeyEvent): void => {
    history.events.push({ day, event });
    if (day > 0) said.push(`${history.account}/${history.user} key …${history.keyId.slice(-4)} ${event}`);
  };
  for (const [id, key] of after) {
    const previous = before.get(id);
    let history = histories.get(id);
    if (!history) {
      history = { account: key.account, user: key.user, keyId: id, createdAt: key.createdAt, events: [] };
      histories.set(id, history);
    }
    if (!previous) {
      if (day > 0) tell(history, 'created');
    } else if (previous.status !== key.status) {
      tell(history, key.status === 'Inactive' ? 'deactivated' : 'reactivated');
    }
  }
  for (const id of before.keys()) {
    const history = histories.get(id);
    if (!after.has(id) && history) tell(history, 'deleted');
  }
  return said;
}

/**
 * What the account results of `day` said that IAM does not show: a deactivation
 * postponed because the key is in use, and the hold a reactivation set.
 * Returns short sentences for the day's line (postponements once, when they start).
 */
export function recordReports(histories: ReadonlyMap<string, KeyHistory>, messages: readonly NotificationMessage[], day: number, start: Date): string[] {
  const said: string[] = [];
  for (const message of messages) {
    for (const user of message.users) {
      for (const action of user.actions) {
        const history = histories.get(action.keyId);
        if (!history || action.outcome !== 'DONE') continue;
        if (action.type === 'POSTPONE' && !history.events.some((e) => e.event === 'postponed' && e.day === day)) {
          history.events.push({ day, event: 'postponed' });
          if (action.severity === 'CRITICAL') said.push(`${history.account}/${history.user} key …${history.keyId.slice(-4)} still in use: deactivation postponed (CRITICAL)`);
        }
        if (action.type === 'REACTIVATE' && action.holdUntil) {
          const reactivated = history.events.findLast((e) => e.event === 'reactivated');
          if (reactivated) reactivated.holdUntilDay = Math.floor((Date.parse(action.holdUntil) - start.getTime()) / DAY_MS);
        }
      }
    }
  }
  return said;
}

/** One key's events as a phrase: postponed days collapse into a range. */
export function describeEvents(history: KeyHistory): string {
  const parts: string[] = [];
  const events = history.events.filter((e) => e.event !== 'created');
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (!event) continue;
    if (event.event === 'postponed') {
      let last = event.day;
      while (events[i + 1]?.event === 'postponed') last = events[++i]?.day ?? last;
      parts.push(`deactivation postponed day ${event.day}${last > event.day ? `–${last}` : ''} (in use)`);
    } else if (event.event === 'reactivated' && event.holdUntilDay !== undefined) {
      parts.push(`reactivated day ${event.day} (on hold until day ${event.holdUntilDay})`);
    } else {
      parts.push(`${event.event} day ${event.day}`);
    }
  }
  return parts.length > 0 ? parts.join(', ') : 'kept';
}

export function formatTimeline(histories: ReadonlyMap<string, KeyHistory>, start: Date): string {
  const day = (date: Date): number => Math.round((date.getTime() - start.getTime()) / DAY_MS);
  const rows = [...histories.values()].sort(
    (a, b) => a.account.localeCompare(b.account) || a.user.localeCompare(b.user) || a.createdAt.getTime() - b.createdAt.getTime(),
  );
  const width = Math.max(24, ...rows.map((h) => `${h.account}/${h.user}`.length + 1));
  const lines = rows.map((h) => {
    const label = `${h.account}/${h.user}`.padEnd(width);
    return `${label} key …${h.keyId.slice(-4)} created day ${String(day(h.createdAt)).padStart(4)}: ${describeEvents(h)}`;
  });
  return lines.join('\n');
}
