import type { GroupDetail, ManagedPolicyDetail, PolicyDetail, UserDetail } from '@aws-sdk/client-iam';

/** What the SES console's SMTP credentials page grants (policy AmazonSesSendingAccess), and its API sibling. */
const MAIL_ACTIONS = new Set(['ses:sendrawemail', 'ses:sendemail']);

/**
 * The users whose identity policies allow nothing but ses:SendRawEmail or
 * ses:SendEmail: the SES SMTP users, whose SMTP password derives from their
 * secret access key. Every policy that applies must be readable: inline and
 * attached policies of the user and of its groups. An AWS managed policy
 * (its document is not in the listing) or an unreadable document means "not
 * only mail", so a user is never taken for an SMTP user on a guess; the tag
 * IAMKeyRotationSmtpRegions declares one that detection misses.
 */
export function sendOnlyByPolicy(users: readonly UserDetail[], groups: readonly GroupDetail[], policies: readonly ManagedPolicyDetail[]): Set<string> {
  const documents = new Map<string, string | undefined>();
  for (const policy of policies) {
    if (policy.Arn) documents.set(policy.Arn, policy.PolicyVersionList?.find((version) => version.IsDefaultVersion)?.Document);
  }
  const groupsByName = new Map(groups.flatMap((group) => (group.GroupName ? [[group.GroupName, group] as const] : [])));
  const found = new Set<string>();
  for (const user of users) {
    if (!user.UserName) continue;
    const texts: (string | undefined)[] = [...inline(user.UserPolicyList), ...attached(user.AttachedManagedPolicies, documents)];
    for (const name of user.GroupList ?? []) {
      const group = groupsByName.get(name);
      // A group the listing did not return is a policy we cannot read.
      if (!group) texts.push(undefined);
      else texts.push(...inline(group.GroupPolicyList), ...attached(group.AttachedManagedPolicies, documents));
    }
    if (texts.length > 0 && allowsMailOnly(texts)) found.add(user.UserName);
  }
  return found;
}

function inline(list: readonly PolicyDetail[] | undefined): (string | undefined)[] {
  return (list ?? []).map((policy) => policy.PolicyDocument);
}

function attached(list: readonly { PolicyArn?: string }[] | undefined, documents: ReadonlyMap<string, string | undefined>): (string | undefined)[] {
  return (list ?? []).map((policy) => (policy.PolicyArn ? documents.get(policy.PolicyArn) : undefined));
}

/** Every Allow statement of every document names mail actions only, and at least one names one. */
function allowsMailOnly(texts: readonly (string | undefined)[]): boolean {
  let allowsMail = false;
  for (const text of texts) {
    const statements = statementsOf(text);
    if (statements === undefined) return false;
    for (const statement of statements) {
      if (statement.Effect !== 'Allow') continue;
      if (statement.NotAction !== undefined) return false;
      const actions = typeof statement.Action === 'string' ? [statement.Action] : Array.isArray(statement.Action) ? statement.Action : [];
      for (const action of actions) {
        if (typeof action !== 'string' || !MAIL_ACTIONS.has(action.toLowerCase())) return false;
        allowsMail = true;
      }
    }
  }
  return allowsMail;
}

interface Statement {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
}

/** IAM returns policy documents URL-encoded. Undefined when the document cannot be read. */
function statementsOf(text: string | undefined): Statement[] | undefined {
  if (text === undefined) return undefined;
  try {
    const document = JSON.parse(decodeURIComponent(text)) as { Statement?: unknown };
    const list = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    return list.filter((statement): statement is Statement => typeof statement === 'object' && statement !== null);
  } catch {
    return undefined;
  }
}
