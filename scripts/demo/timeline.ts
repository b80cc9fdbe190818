import { IAMClient, ListAccessKeysCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import type { Moto } from '../../emulator/moto';
import type { DemoAccount } from './seed';

export interface KeySnapshot {
  readonly account: string;
  readonly user: string;
  readonly keyId: string;
  readonly status: string;
  readonly createdAt: Date;
}

export type KeyEvent = 'created' | 'deactivated' | 'reactivated' | 'deleted';

export interface KeyHistory {
  readonly account: string;
  readonly user: string;
  readonly keyId: string;
  readonly createdAt: Date;
  readonly events: Array<{ day: number; event: KeyEvent }>;
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

export function formatTimeline(histories: ReadonlyMap<string, KeyHistory>, start: Date): string {
  const day = (date: Date): number => Math.round((date.getTime() - start.getTime()) / 86_400_000);
  const rows = [...histories.values()].sort(
    (a, b) => a.account.localeCompare(b.account) || a.user.localeCompare(b.user) || a.createdAt.getTime() - b.createdAt.getTime(),
  );
  const lines = rows.map((h) => {
    const created = day(h.createdAt);
    const what = h.events.filter((e) => e.event !== 'created').map((e) => `${e.event} day ${e.day}`);
    const label = `${h.account}/${h.user}`.padEnd(24);
    const key = `…${h.keyId.slice(-4)}`;
    return `${label} key ${key} created day ${String(created).padStart(4)}: ${what.length > 0 ? what.join(', ') : 'kept'}`;
  });
  return lines.join('\n');
}
