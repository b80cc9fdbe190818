import { CloseAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { ClientPlugin } from '../../../functions/core/aws/plugins';
import { DEFAULT_EXEMPTION_GROUP, DEFAULT_EXEMPTION_TAG_KEY } from '../../../contract/names';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { seedUser } from '../../../emulator/iam-users';
import { MANAGEMENT_ACCOUNT_ID, type Moto } from '../../../emulator/moto';
import { createAccount, createOrganization, createOrganizationalUnit, credentialsIn } from '../../../emulator/organization';
import { runPlanCommand } from '../../../scripts/plan/command';

/** The plan's clock and moto's: a fixed morning, so every date in the assertions is exact. */
export const NOW = new Date('2026-03-02T09:00:00.000Z');
export const day = (offset: number): string => new Date(NOW.getTime() + offset * DAY_MS).toISOString().slice(0, 10);

/**
 * The Organization the plan tests share, with OUs nested two deep and a
 * suspended account:
 *
 *   root        management (mgmt-admin, 10 days)
 *   ├── Prod    Payments: legacy (400 days, used), fresh (10), glass (exempt group, 500), temp (exempt by tag for 20 more days, 120)
 *   │   └── ProdEU   Ledger <EU> & "Co": batch (85 days: rotated in 5, no reminder before), retired (inactive, 30 days)
 *   └── Sandbox      Sandbox: intern (20 days); Closed (suspended)
 */
export interface PlanWorld {
  readonly rootId: string;
  readonly ous: { readonly prod: string; readonly prodEu: string; readonly sandbox: string };
  readonly accounts: { readonly payments: string; readonly ledger: string; readonly sandbox: string; readonly closed: string };
}

export const LEDGER_NAME = 'Ledger <EU> & "Co"';

export async function buildPlanWorld(moto: Moto): Promise<PlanWorld> {
  await moto.clock.set(NOW);
  const { rootId } = await createOrganization(moto);
  const prod = await createOrganizationalUnit(moto, rootId, 'Prod');
  const prodEu = await createOrganizationalUnit(moto, prod, 'ProdEU');
  const sandboxOu = await createOrganizationalUnit(moto, rootId, 'Sandbox');
  const payments = await createAccount(moto, { name: 'Payments', email: 'payments@example.com', parentId: prod, rootId });
  const ledger = await createAccount(moto, { name: LEDGER_NAME, email: 'ledger@example.com', parentId: prodEu, rootId });
  const sandbox = await createAccount(moto, { name: 'Sandbox', email: 'sandbox@example.com', parentId: sandboxOu, rootId });
  const closed = await createAccount(moto, { name: 'Closed', email: 'closed@example.com', parentId: sandboxOu, rootId });
  await new OrganizationsClient(moto.config()).send(new CloseAccountCommand({ AccountId: closed }));

  const seed = async (account: string, specs: Parameters<typeof seedUser>[2][]) => {
    const credentials = await credentialsIn(moto, account);
    for (const spec of specs) await seedUser(moto, credentials, spec, NOW);
  };
  await seed(MANAGEMENT_ACCOUNT_ID, [{ name: 'mgmt-admin', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] }]);
  await seed(payments, [
    { name: 'legacy', keys: [{ ageDays: 400, lastUsedDaysAgo: 2 }] },
    { name: 'fresh', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] },
    { name: 'glass', groups: [DEFAULT_EXEMPTION_GROUP], keys: [{ ageDays: 500, lastUsedDaysAgo: 30 }] },
    { name: 'temp', tags: { [DEFAULT_EXEMPTION_TAG_KEY]: day(20) }, keys: [{ ageDays: 120, lastUsedDaysAgo: 1 }] },
  ]);
  await seed(ledger, [
    { name: 'batch', keys: [{ ageDays: 85, lastUsedDaysAgo: 1 }] },
    { name: 'retired', keys: [{ ageDays: 30, status: 'Inactive', lastUsedDaysAgo: 31 }] },
  ]);
  await seed(sandbox, [{ name: 'intern', keys: [{ ageDays: 20, lastUsedDaysAgo: 3 }] }]);
  await moto.clock.set(NOW);
  return { rootId, ous: { prod, prodEu, sandbox: sandboxOu }, accounts: { payments, ledger, sandbox, closed } };
}

export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run plan -- <argv>` in-process against this worker's moto, at NOW. */
export async function plan(argv: readonly string[], options: { plugins?: readonly ClientPlugin[]; now?: Date } = {}): Promise<CommandRun> {
  let stdout = '';
  let stderr = '';
  const code = await runPlanCommand(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    now: () => options.now ?? NOW,
    polling: { delaysMs: [0, 0, 0], sleep: async () => undefined },
    ...(options.plugins ? { plugins: options.plugins } : {}),
  });
  return { code, stdout, stderr };
}

/** Shaped like a secret access key: an error that echoes one must not print it. */
export const SECRET_LOOKALIKE = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** Fails sts:AssumeRole into one account, as a missing member role does (its message echoing a secret); every other call goes through. */
export function denyAssumeRoleInto(accountId: string): ClientPlugin {
  return {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          const roleArn = (args.input as { RoleArn?: string }).RoleArn ?? '';
          if (context.commandName === 'AssumeRoleCommand' && roleArn.includes(`::${accountId}:`)) {
            throw Object.assign(new Error(`User is not authorized to perform: sts:AssumeRole on resource: ${roleArn} (session key ${SECRET_LOOKALIKE})`), { name: 'AccessDenied' });
          }
          return next(args);
        },
        { step: 'initialize', name: 'testDenyAssumeRole' },
      );
    },
  };
}
