import { IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { AwsCredentialIdentity } from '@smithy/types';
import { DEFAULT_EXEMPTION_GROUP, DEFAULT_EXEMPTION_TAG_KEY } from '../../contract/names';
import { OWNER_TAG_KEY } from '../../emulator/deployment';
import { seedUser, type SeededUser, type UserSpec } from '../../emulator/iam-users';
import type { Moto } from '../../emulator/moto';
import { addDays } from '../../functions/core/lifecycle/time';
import { createAccount, createOrganization, createOrganizationalUnit, credentialsIn } from '../../emulator/organization';

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
  /** The staged rollout: the management account and the Workloads OU. */
  readonly enforcedScope: string;
  /** The accounts the rollout leaves in audit mode. */
  readonly auditOnly: readonly string[];
}

/** How an application uses its user's key (see apps.ts). */
export interface AppHabit {
  /** Uses the key every day (a batch job), or on these days only (a monthly job); default every few days. */
  readonly uses?: 'daily' | readonly number[];
  /** Does not pick up a new key before this day (its team deploys it then). */
  readonly switchesFrom?: number;
}

/** Users whose keys an application uses (the others are idle, exempt or switched off), and how. */
export const APPS: Readonly<Record<string, AppHabit>> = {
  'ci-deploy': {},
  // Runs every day and keeps its old key until its team deploys the new one on day 22, after the postponement emails.
  'legacy-batch': { uses: 'daily', switchesFrom: 22 },
  'app-reader': {},
  etl: {},
  'two-keys': {},
  // A job that runs every 20 days: it only picks up its new key when it runs, and on day 25 finds the old one switched off.
  'report-job': { uses: [5, 25, 45, 65, 85, 105] },
  'ses-mailer': {},
  contractor: {},
  'svc-metrics': {},
};

/** The policy the SES console gives the SMTP user it creates (AmazonSesSendingAccess). */
const SES_SENDING_ONLY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ses:SendRawEmail', Resource: '*' }] });

/** What the demo seeds, per account name: every row of the lifecycle table shows up at least once. */
export function demoUsers(start: Date): Record<string, readonly UserSpec[]> {
  const isoDay = (day: number): string => addDays(start, day).toISOString().slice(0, 10);
  return {
    Management: [
      { name: 'ci-deploy', keys: [{ ageDays: 80, lastUsedDaysAgo: 1 }] },
      { name: 'legacy-batch', keys: [{ ageDays: 400, lastUsedDaysAgo: 1 }] },
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
      { name: 'report-job', tags: { [OWNER_TAG_KEY]: 'finance@example.com' }, keys: [{ ageDays: 80, lastUsedDaysAgo: 15 }] },
      { name: 'ses-mailer', tags: { [OWNER_TAG_KEY]: 'mail-team@example.com' }, keys: [{ ageDays: 85, lastUsedDaysAgo: 1 }] },
    ],
    Sandbox: [
      { name: 'intern', keys: [{ ageDays: 30, status: 'Inactive', lastUsedDaysAgo: 31 }] },
      { name: 'contractor', tags: { [DEFAULT_EXEMPTION_TAG_KEY]: isoDay(45) }, keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }] },
      { name: 'svc-metrics', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] },
    ],
  };
}

/**
 * Three accounts: the management account (Management, the name Organizations
 * gives it), Workloads in an OU of
 * its own, and Sandbox under the root, with users from demoUsers.
 */
export async function seedDemoOrganization(moto: Moto, start: Date): Promise<DemoOrganization> {
  const org = await createOrganization(moto);
  const workloadsOu = await createOrganizationalUnit(moto, org.rootId, 'Workloads');
  const members = [
    { name: 'Workloads', email: 'workloads-owner@example.com', parentId: workloadsOu },
    { name: 'Sandbox', email: 'sandbox-owner@example.com' },
  ];
  const accounts: DemoAccount[] = [
    { id: org.managementAccountId, name: org.managementAccountName, email: 'management-owner@example.com', credentials: moto.config().credentials },
  ];
  for (const member of members) {
    const id = await createAccount(moto, { ...member, rootId: org.rootId });
    accounts.push({ name: member.name, email: member.email, id, credentials: await credentialsIn(moto, id) });
  }
  const specs = demoUsers(start);
  const users = new Map<DemoAccount, SeededUser[]>();
  for (const account of accounts) {
    const seeded: SeededUser[] = [];
    for (const spec of specs[account.name] ?? []) seeded.push(await seedUser(moto, account.credentials, spec, start));
    users.set(account, seeded);
  }
  const workloads = accounts.find((account) => account.name === 'Workloads');
  if (workloads) {
    await new IAMClient(moto.config(workloads.credentials)).send(
      new PutUserPolicyCommand({ UserName: 'ses-mailer', PolicyName: 'AmazonSesSendingAccess', PolicyDocument: SES_SENDING_ONLY }),
    );
  }
  return { orgId: org.orgId, accounts, users, enforcedScope: `${org.managementAccountId},${workloadsOu}`, auditOnly: ['Sandbox'] };
}
