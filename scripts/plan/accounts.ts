import { partitionOf } from '../../functions/core/aws/partition';
import { listAccountsInScope, selectAccounts, type SkipReason } from '../../functions/inventory';
import type { AccountAccess } from '../../functions/rotation';
import type { Caller, PlanClients } from './clients';
import { PlanUsageError } from './errors';

export interface TargetAccount {
  readonly id: string;
  readonly name: string | null;
  readonly access: AccountAccess;
}

export interface Targets {
  readonly accounts: readonly TargetAccount[];
  /** What the listing found and the plan leaves out, and why (suspended, excluded by the stack, …). */
  readonly notes: readonly string[];
}

export interface TargetOptions {
  readonly accounts: readonly string[];
  readonly org: boolean;
  readonly ous: readonly string[];
  /** --role given: assume it even without --org. */
  readonly role?: string;
  /** The member role's name when one is assumed (IAMRoleName: --role, the stack, the default). */
  readonly roleName: string;
  /** The deployed stack's scope, used with --org when given. */
  readonly stackScope?: { readonly ous: readonly string[]; readonly include: readonly string[]; readonly exclude: readonly string[] };
}

const SKIPPED: Readonly<Record<SkipReason, string>> = {
  notRequested: 'not named by --account',
  inactive: 'not ACTIVE',
  excluded: "in the stack's ExcludeAccounts",
  notIncluded: "not in the stack's IncludeAccounts",
};

/**
 * The accounts to plan and how to get into each: the caller's own account
 * with the caller's credentials, or the member role in each named or listed
 * account, as the rotation function gets in.
 */
export async function targetAccounts(options: TargetOptions, caller: Caller, clients: PlanClients): Promise<Targets> {
  const partition = partitionOf(clients.region);
  const viaRole = (id: string): AccountAccess => ({ roleArn: `arn:${partition}:iam::${id}:role/${options.roleName}` });
  if (!options.org) {
    const ids = options.accounts.length > 0 ? options.accounts : [caller.accountId];
    if (options.role === undefined) {
      const others = ids.filter((id) => id !== caller.accountId);
      if (others.length > 0) {
        throw new PlanUsageError(
          '--account',
          `${others.join(', ')} is not the account of your credentials (${caller.accountId}): to plan another account, name the role to assume in it with --role (the StackSet's role is ${options.roleName}), or use --org`,
        );
      }
      return { accounts: ids.map((id) => ({ id, name: null, access: { credentials: caller.credentials } })), notes: [] };
    }
    return { accounts: ids.map((id) => ({ id, name: null, access: viaRole(id) })), notes: [] };
  }

  const scope = options.ous.length > 0 ? options.ous : (options.stackScope?.ous ?? []);
  const listed = await listAccountsInScope(clients.organizations, scope);
  const selection = selectAccounts(listed, {
    include: new Set(options.stackScope?.include ?? []),
    exclude: new Set(options.stackScope?.exclude ?? []),
    ...(options.accounts.length > 0 ? { requested: options.accounts } : {}),
  });
  if (selection.requestedNotFound.length > 0) {
    throw new PlanUsageError('--account', `${selection.requestedNotFound.join(', ')} not found in the Organization${scope.length > 0 ? ` under ${scope.join(', ')}` : ''}`);
  }
  const names = new Map(listed.map((account) => [account.id, account.name]));
  const notes = selection.skipped
    .filter((skip) => skip.reason !== 'notRequested')
    .map((skip) => `account ${skip.account}${names.get(skip.account) ? ` (${names.get(skip.account)})` : ''} not planned: ${SKIPPED[skip.reason]}${skip.reason === 'inactive' ? ` (${skip.state})` : ''}`);
  return {
    accounts: selection.selected.map((account) => ({ id: account.id, name: account.name || null, access: viaRole(account.id) })),
    notes,
  };
}
