import type { AwsCredentialIdentity } from '@smithy/types';
import { DEFAULT_EXEMPTION_GROUP, DEFAULT_EXEMPTION_TAG_KEY } from '../../contract/names';
import { seedUser, type SeededUser, type UserSpec } from '../../emulator/iam-users';
import type { Moto } from '../../emulator/moto';
import { createAccount, createOrganization, credentialsIn } from '../../emulator/organization';

import { OWNER_TAG_KEY } from '../../emulator/deployment';
export const DAY_MS = 86_400_000;
/** The demo's day 0, fixed so its output is the same on every run (day N is always the same date); `npm run plan -- --demo` plans as of it. */
export const DEMO_START = new Date('2026-01-05T06:00:00.000Z');

export interface DemoAccount {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly credentials: AwsCredentialIdentity;
}

export interface DemoOrganization {
  readonly orgId: string;
  readonly accounts: readonly DemoAccount[];
  readonly users: ReadonlyMap<DemoAccount, readonly SeededUser[]>;
}

/** Users whose keys an application uses every day (the others are idle, exempt or switched off). */
export const LIVE_USERS = new Set(['ci-deploy', 'legacy-batch', 'app-reader', 'etl', 'two-keys', 'contractor', 'svc-metrics']);

/** What the demo seeds, per account name: every row of the lifecycle table shows up at least once. */
export function demoUsers(start: Date): Record<string, readonly UserSpec[]> {
  const isoDay = (day: number): string => new Date(start.getTime() + day * DAY_MS).toISOString().slice(0, 10);
  return {
    Security: [
      { name: 'ci-deploy', keys: [{ ageDays: 80, lastUsedDaysAgo: 1 }] },
      { name: 'legacy-batch', keys: [{ ageDays: 400, lastUsedDaysAgo: 2 }] },
      { name: 'break-glass', groups: [DEFAULT_EXEMPTION_GROUP], keys: [{ ageDays: 500, lastUsedDaysAgo: 30 }] },
    ],
    Workloads: [
      { name: 'app-reader', keys: [{ ageDays: 60, lastUsedDaysAgo: 1 }] },
      { name: 'etl', tags: { [OWNER_TAG_KEY]: 'data-team@example.com' }, keys: [{ ageDays: 88, lastUsedDaysAgo: 1 }] },
      {
        name: 'two-keys',
        keys: [
          { ageDays: 150, lastUsedDaysAgo: 5 },
          { ageDays: 95, lastUsedDaysAgo: 1 },
        ],
      },
      { name: 'never-used', keys: [{ ageDays: 95 }] },
    ],
    Sandbox: [
      { name: 'intern', keys: [{ ageDays: 30, status: 'Inactive', lastUsedDaysAgo: 31 }] },
      { name: 'contractor', tags: { [DEFAULT_EXEMPTION_TAG_KEY]: isoDay(45) }, keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }] },
      { name: 'svc-metrics', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] },
    ],
  };
}

/** Three accounts: the management account (Security) and two members, with users from demoUsers. */
export async function seedDemoOrganization(moto: Moto, start: Date): Promise<DemoOrganization> {
  const org = await createOrganization(moto);
  const members = [
    { name: 'Workloads', email: 'workloads-owner@example.com' },
    { name: 'Sandbox', email: 'sandbox-owner@example.com' },
  ];
  const accounts: DemoAccount[] = [
    { id: org.managementAccountId, name: 'Security', email: 'security-owner@example.com', credentials: moto.config().credentials },
  ];
  for (const member of members) {
    const id = await createAccount(moto, member);
    accounts.push({ ...member, id, credentials: await credentialsIn(moto, id) });
  }
  const specs = demoUsers(start);
  const users = new Map<DemoAccount, SeededUser[]>();
  for (const account of accounts) {
    const seeded: SeededUser[] = [];
    for (const spec of specs[account.name] ?? []) seeded.push(await seedUser(moto, account.credentials, spec, start));
    users.set(account, seeded);
  }
  return { orgId: org.orgId, accounts, users };
}
