import { paginateGetAccountAuthorizationDetails, type IAMClient } from '@aws-sdk/client-iam';
import { collectMarkerPages } from './paging';
import { sendOnlyByPolicy } from './smtp';

/** What the run knows about a user before looking at its keys. */
export interface AccountUser {
  readonly userName: string;
  readonly arn: string;
  readonly groups: readonly string[];
  /** Tag keys as IAM returns them; look them up with `tagValue` (IAM tag keys are case-insensitive). */
  readonly tags: Readonly<Record<string, string>>;
  /** Its identity policies allow nothing but sending mail through SES: an SES SMTP user (see smtp.ts). */
  readonly sendsMailOnly: boolean;
}

// The API's maximum; an account of 5,000 users is five pages.
const PAGE_SIZE = 1000;

/**
 * Every user of the account with its groups, tags and identity policies, in
 * as few calls as IAM allows: GetAccountAuthorizationDetails returns all of it
 * at once, where ListUsers + ListGroupsForUser + ListUserTags would cost up to
 * two calls per user. Groups and the account's own managed policies come in the
 * same pages (they are few), so SES SMTP users are found without a call of
 * their own.
 */
export async function listAccountUsers(iam: IAMClient): Promise<AccountUser[]> {
  // Each page as a whole: users, groups and policies come in the same pages.
  const pages = await collectMarkerPages(
    'GetAccountAuthorizationDetails',
    paginateGetAccountAuthorizationDetails({ client: iam, pageSize: PAGE_SIZE }, { Filter: ['User', 'Group', 'LocalManagedPolicy'] }),
    (page) => [page],
  );
  const details = pages.flatMap((page) => page.UserDetailList ?? []);
  const sendOnly = sendOnlyByPolicy(
    details,
    pages.flatMap((page) => page.GroupDetailList ?? []),
    pages.flatMap((page) => page.Policies ?? []),
  );
  const users = new Map<string, AccountUser>();
  for (const detail of details) {
    if (!detail.UserName || !detail.Arn) continue;
    const tags: Record<string, string> = {};
    for (const tag of detail.Tags ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
    // A user seen twice (a service retry across pages) must not be acted on twice.
    users.set(detail.UserName, {
      userName: detail.UserName,
      arn: detail.Arn,
      groups: detail.GroupList ?? [],
      tags,
      sendsMailOnly: sendOnly.has(detail.UserName),
    });
  }
  return [...users.values()];
}

export function tagValue(user: Pick<AccountUser, 'tags'>, key: string): string | undefined {
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(user.tags)) if (name.toLowerCase() === wanted) return value;
  return undefined;
}

/** The tag's key as the user carries it (IAM keeps the case it was created with), or undefined. */
export function tagKeyOf(user: Pick<AccountUser, 'tags'>, key: string): string | undefined {
  const wanted = key.toLowerCase();
  return Object.keys(user.tags).find((name) => name.toLowerCase() === wanted);
}
