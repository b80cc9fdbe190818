import { paginateGetAccountAuthorizationDetails, type IAMClient } from '@aws-sdk/client-iam';
import { collectMarkerPages } from './paging';

/** What the run knows about a user before looking at its keys. */
export interface AccountUser {
  readonly userName: string;
  readonly arn: string;
  readonly groups: readonly string[];
  /** Tag keys as IAM returns them; look them up with `tagValue` (IAM tag keys are case-insensitive). */
  readonly tags: Readonly<Record<string, string>>;
}

// The API's maximum; an account of 5,000 users is five pages.
const PAGE_SIZE = 1000;

/**
 * Every user of the account with its groups and tags, in as few calls as IAM
 * allows: GetAccountAuthorizationDetails filtered to users returns all three
 * at once, where ListUsers + ListGroupsForUser + ListUserTags would cost up to
 * two calls per user. ListUsers is therefore not needed at all.
 */
export async function listAccountUsers(iam: IAMClient): Promise<AccountUser[]> {
  const details = await collectMarkerPages(
    'GetAccountAuthorizationDetails',
    paginateGetAccountAuthorizationDetails({ client: iam, pageSize: PAGE_SIZE }, { Filter: ['User'] }),
    (page) => page.UserDetailList,
  );
  const users = new Map<string, AccountUser>();
  for (const detail of details) {
    if (!detail.UserName || !detail.Arn) continue;
    const tags: Record<string, string> = {};
    for (const tag of detail.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
    // A user seen twice (a service retry across pages) must not be acted on twice.
    users.set(detail.UserName, { userName: detail.UserName, arn: detail.Arn, groups: detail.GroupList ?? [], tags });
  }
  return [...users.values()];
}

export function tagValue(user: AccountUser, key: string): string | undefined {
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(user.tags)) if (name.toLowerCase() === wanted) return value;
  return undefined;
}
