import type { IAMClient } from '@aws-sdk/client-iam';
import { keysFromLedger, needsListing } from '../../core/ledger/diff';
import type { Ledger } from '../../core/ledger/schema';
import { recordListing, recordNoKeys, recordReported, recordStanding, recordUsersGone } from '../../core/ledger/update';
import type { AccessKeyState } from '../../core/lifecycle/types';
import type { Logger } from '../../core/log/logger';
import { mapWithConcurrency } from '../../core/async/map-with-concurrency';
import { describeError } from '../errors';
import type { AccountObservation } from '../observe/account';
import { listKeys } from '../observe/keys';

export interface NamedKeys {
  /** Keys of users the run neither examined nor listed, with ids: from the ledger, or listed because their row changed. */
  readonly named: ReadonlyMap<string, readonly AccessKeyState[]>;
  /** ListAccessKeys calls this step made (users whose report row differed from the ledger's). */
  readonly listCalls: number;
}

/**
 * Gives every key the run saw an id, and brings the ledger up to date with
 * what IAM said. Examined and listed users' keys were read from IAM already;
 * for the others the credential report's row is compared with the ledger's
 * record: unchanged, the recorded ids are used (no call); changed or unknown,
 * the keys are listed (one call). A failed listing leaves that user's keys
 * without ids (a WARNING), and never fails the run: nothing is acted on from here.
 */
export async function nameKeys(iam: IAMClient, observation: AccountObservation, ledger: Ledger, options: { readonly now: Date; readonly concurrency: number; readonly logger: Logger }): Promise<NamedKeys> {
  const { now } = options;
  const reported = observation.reported;
  recordUsersGone(ledger, new Set(observation.users.map((user) => user.userName)), now);
  const held = new Map(observation.held.map((user) => [user.userName, user.until]));
  for (const user of observation.users) {
    const exemption = observation.exempt.get(user.userName);
    const holdUntil = held.get(user.userName);
    recordStanding(ledger, user.userName, { ...(exemption ? { exemptUntil: exemption.until ?? null } : {}), ...(holdUntil ? { holdUntil } : {}) });
  }
  for (const examined of observation.examined) recordListing(ledger, examined.user.userName, examined.keys, reported?.get(examined.user.userName), now);
  for (const [userName, keys] of observation.listed) recordListing(ledger, userName, keys, reported?.get(userName), now);

  const named = new Map<string, readonly AccessKeyState[]>();
  const toList: string[] = [];
  const seen = new Set([...observation.examined.map((user) => user.user.userName), ...observation.listed.keys(), ...observation.failures.map((failure) => failure.userName)]);
  for (const [userName, keys] of reported ?? []) {
    if (seen.has(userName)) continue;
    if (keys.length === 0) {
      recordNoKeys(ledger, userName, now);
      continue;
    }
    const user = ledger.users[userName];
    const paired = user && !needsListing(keys, user) ? keysFromLedger(keys, user) : undefined;
    if (!paired) {
      toList.push(userName);
      continue;
    }
    // keysFromLedger pairs in the report's order: the n-th ledger key is the n-th reported key.
    const pairs = keys.flatMap((key, index) => {
      const match = paired[index];
      return match ? [{ key: match, reported: key }] : [];
    });
    recordReported(ledger, userName, pairs);
    named.set(
      userName,
      pairs.map((pair) => ({ ...pair.reported, id: pair.key.id })),
    );
  }
  await mapWithConcurrency(toList, options.concurrency, async (userName) => {
    try {
      const listed = await listKeys(iam, userName);
      recordListing(ledger, userName, listed, reported?.get(userName), now);
      named.set(userName, listed);
    } catch (error) {
      options.logger.warn('could not list keys to name them; they are shown without ids', { userName, error: describeError(error) });
    }
  });
  return { named, listCalls: toList.length };
}
