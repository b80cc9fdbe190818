import { USER_TAGS } from '../../contract/names';
import type { AccountKeys, KnownKey, LeftAlone, UserKeys } from '../core/compliance';
import type { AccessKeyState } from '../core/lifecycle/types';
import type { CredentialReportKey } from './observe/credential-report';
import type { Exemption } from './observe/exemption';
import type { ObservedKey } from './observe/keys';
import type { AccountPlan } from './plan-account';

export interface AccountKeysOptions {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly exemptionGroup: string;
  readonly exemptionTagKey: string;
  /** Keys listed after the observation, by user (the key ids of users only the report covered): their last use comes from the report. */
  readonly listed?: ReadonlyMap<string, readonly AccessKeyState[]>;
  /** Keys read after the observation with their last use, by user (users nobody had listed and the report did not cover). */
  readonly read?: ReadonlyMap<string, readonly ObservedKey[]>;
}

/**
 * Everything the run learned about an account's keys, per user, for the
 * compliance rows: the examined users' keys with the run's own plan, the
 * keys of users it listed and left alone, and the credential report's view
 * of the rest (without key ids). A user whose keys could not be read, or
 * that nobody saw the keys of, has no entry: the caller reports it.
 */
export function accountKeys(account: AccountPlan, options: AccountKeysOptions): AccountKeys {
  const { observation } = account;
  const examined = new Map(account.users.map((planned) => [planned.observed.user.userName, planned]));
  const held = new Map(observation.held.map((user) => [user.userName, user.until]));
  const users: UserKeys[] = [];
  for (const user of observation.users) {
    const name = user.userName;
    const exemption = observation.exempt.get(name);
    const holdUntil = held.get(name);
    const leftAlone = exemption ? leftAloneBy(exemption, options) : holdUntil ? heldUntil(holdUntil) : undefined;
    const reported = observation.reported?.get(name);
    const planned = examined.get(name);
    const read = planned?.observed.keys ?? options.read?.get(name);
    const keys: readonly KnownKey[] | undefined = read
      ? read.map(known)
      : (withUsage(options.listed?.get(name) ?? observation.listed.get(name) ?? account.named?.named.get(name), reported) ??
        reported?.map((key) => ({ ...key, id: null })));
    if (keys === undefined) continue;
    users.push({ userName: name, keys, ...(leftAlone ? { leftAlone } : {}), ...(planned ? { plan: planned.plan } : {}) });
  }
  users.sort((a, b) => a.userName.localeCompare(b.userName));
  return { accountId: options.accountId, accountName: options.accountName, users };
}

function heldUntil(until: Date): LeftAlone {
  return { standing: 'held', because: `tag ${USER_TAGS.hold}`, until };
}

function leftAloneBy(exemption: Exemption & { exempt: true }, options: AccountKeysOptions): LeftAlone {
  if (exemption.reason === 'GROUP') return { standing: 'exempt', because: `group ${options.exemptionGroup}` };
  return exemption.until
    ? { standing: 'exempt', because: `tag ${options.exemptionTagKey}`, until: exemption.until }
    : { standing: 'exempt', because: `tag ${options.exemptionTagKey}=true` };
}

function known(key: ObservedKey): KnownKey {
  return {
    id: key.id,
    status: key.status,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    lastUsedService: key.lastUsedService,
    lastUsedRegion: key.lastUsedRegion,
  };
}

/**
 * Keys listed with their ids, with the last use the credential report gives
 * the key created at the same second (the report names keys by position, not
 * id, and its `last_rotated` is the key's creation).
 */
function withUsage(keys: readonly AccessKeyState[] | undefined, reported: readonly CredentialReportKey[] | undefined): KnownKey[] | undefined {
  if (keys === undefined) return undefined;
  return keys.map((key) => {
    const match = reported?.find((candidate) => Math.floor(candidate.createdAt.getTime() / 1000) === Math.floor(key.createdAt.getTime() / 1000));
    return {
      id: key.id,
      status: key.status,
      createdAt: key.createdAt,
      lastUsedAt: match?.lastUsedAt,
      lastUsedService: match?.lastUsedService,
      lastUsedRegion: match?.lastUsedRegion,
    };
  });
}
