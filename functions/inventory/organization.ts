import {
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { isRootId } from './config';
import { OrganizationListingError } from './errors';
import { collectPages } from './pagination';

/** An account as the inventory sees it: the SDK's optional fields resolved once, here. */
export interface OrgAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /**
   * `State` when Organizations reports it, else the older `Status`, which
   * AWS is retiring (the classic inventory read only `Status`).
   */
  readonly state: string;
}

// The largest page every list operation accepts.
const PAGE_SIZE = 20;

/**
 * Lists every account in scope: the whole Organization when `scope` is empty
 * or names a root, otherwise every account under the given OUs, however deep.
 * Throws OrganizationListingError on any failure; never returns a partial list.
 * The result is deduplicated by account id, in listing order.
 */
export async function listAccountsInScope(org: OrganizationsClient, scope: readonly string[]): Promise<OrgAccount[]> {
  const raw = scope.length === 0 || scope.some(isRootId) ? await listAllAccounts(org) : await listUnder(org, scope);
  const byId = new Map<string, OrgAccount>();
  for (const account of raw) {
    const normalised = normalise(account);
    if (!byId.has(normalised.id)) byId.set(normalised.id, normalised);
  }
  return [...byId.values()];
}

/**
 * The ids of the accounts under these OUs and their sub-OUs (EnforcedScope),
 * listed once per run; undefined when a root is named (every account is under it).
 */
export async function accountIdsUnder(org: OrganizationsClient, units: readonly string[]): Promise<ReadonlySet<string> | undefined> {
  if (units.some(isRootId)) return undefined;
  return new Set((await listUnder(org, units)).map((account) => normalise(account).id));
}

function listAllAccounts(org: OrganizationsClient): Promise<Account[]> {
  return collectPages('ListAccounts', undefined, paginateListAccounts({ client: org, pageSize: PAGE_SIZE }, {}), (page) => page.Accounts);
}

/** Breadth-first through the OU tree; an OU reached twice (a parent and its child both configured) is listed once. */
async function listUnder(org: OrganizationsClient, roots: readonly string[]): Promise<Account[]> {
  const accounts: Account[] = [];
  const visited = new Set<string>();
  const pending = [...roots];
  for (let parentId = pending.shift(); parentId !== undefined; parentId = pending.shift()) {
    if (visited.has(parentId)) continue;
    visited.add(parentId);
    const parent = parentId;
    accounts.push(
      ...(await collectPages(
        'ListAccountsForParent',
        parent,
        paginateListAccountsForParent({ client: org, pageSize: PAGE_SIZE }, { ParentId: parent }),
        (page) => page.Accounts,
      )),
    );
    const children = await collectPages(
      'ListOrganizationalUnitsForParent',
      parent,
      paginateListOrganizationalUnitsForParent({ client: org, pageSize: PAGE_SIZE }, { ParentId: parent }),
      (page) => page.OrganizationalUnits,
    );
    for (const child of children) {
      if (!child.Id) throw new OrganizationListingError('ListOrganizationalUnitsForParent', parent, 'returned an OU without an Id');
      pending.push(child.Id);
    }
  }
  return accounts;
}

function normalise(account: Account): OrgAccount {
  if (!account.Id) throw new OrganizationListingError('Organizations', undefined, 'listed an account without an Id');
  return {
    id: account.Id,
    name: account.Name ?? '',
    email: account.Email ?? '',
    state: account.State ?? account.Status ?? 'UNKNOWN',
  };
}
