import type { KeyRow } from '../../core/compliance';
import { EMAIL_ADDRESS } from '../../core/config/values';
import { tagValue, type AccountUser } from '../observe/users';

/**
 * The addresses the owner tag names for the account's users that have keys:
 * who may be mailed about them, on this run or a later one. Each once (an
 * address is one SES identity whatever its case), in the order first met;
 * a tag that is not an address is left out (the run's notes name it).
 */
export function ownerAddresses(users: readonly AccountUser[], keyRows: readonly KeyRow[], ownerTagKey: string): string[] {
  const withKeys = new Set(keyRows.map((row) => row.userName));
  const addresses = new Map<string, string>();
  for (const user of users) {
    if (!withKeys.has(user.userName)) continue;
    const owner = tagValue(user, ownerTagKey)?.trim();
    if (owner && EMAIL_ADDRESS.test(owner) && !addresses.has(owner.toLowerCase())) addresses.set(owner.toLowerCase(), owner);
  }
  return [...addresses.values()];
}
