import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Moto } from '../emulator/moto';
import type { BenchUser } from './population';
import { mapWithConcurrency } from '../functions/core/async/map-with-concurrency';
import { addDays } from '../functions/core/lifecycle/time';
import { groupBy } from './group-by';

export interface SeededKey {
  readonly userName: string;
  readonly accessKeyId: string;
}

export interface SeededAccount {
  readonly accountId: string;
  readonly credentials: AwsCredentialIdentity;
  readonly users: readonly BenchUser[];
  /** The one key each user was given, by user name: what a restore goes back to. */
  readonly keys: ReadonlyMap<string, SeededKey>;
  /** Seconds the seeding took (of all the accounts seeded together). */
  readonly seconds: number;
}

const CONCURRENCY = 8;

export interface AccountToSeed {
  readonly accountId: string;
  readonly credentials: AwsCredentialIdentity;
}

/**
 * Seeds thousands of users quickly. emulator/iam-users' seedUser moves moto's clock
 * around every key; here keys are grouped by age and last-used day, so the
 * clock moves once per group (a handful of times) and the calls inside a group
 * run concurrently. Several accounts are seeded together, group by group:
 * moto's clock is one for all accounts, and 200 accounts cost the same
 * handful of clock moves as one.
 */
export async function seedAccounts(
  moto: Moto,
  accounts: readonly AccountToSeed[],
  users: readonly BenchUser[],
  now: Date,
): Promise<SeededAccount[]> {
  const started = performance.now();
  const clients = new Map(accounts.map((a) => [a.accountId, new IAMClient({ ...moto.config(a.credentials), maxAttempts: 5 })]));
  const iamOf = (accountId: string): IAMClient => clients.get(accountId) as IAMClient;
  const everyone = accounts.flatMap((account) => users.map((user) => ({ accountId: account.accountId, user })));
  const groups = [...new Set(users.flatMap((u) => u.groups))];
  for (const account of accounts) for (const group of groups) await iamOf(account.accountId).send(new CreateGroupCommand({ GroupName: group }));
  await mapWithConcurrency(everyone, CONCURRENCY, async ({ accountId, user }) => {
    const Tags = Object.entries(user.tags).map(([Key, Value]) => ({ Key, Value }));
    await iamOf(accountId).send(new CreateUserCommand({ UserName: user.name, Tags }));
    for (const group of user.groups) await iamOf(accountId).send(new AddUserToGroupCommand({ GroupName: group, UserName: user.name }));
  });

  const keys = new Map<string, Map<string, SeededKey & { secretAccessKey: string }>>(accounts.map((a) => [a.accountId, new Map()]));
  const keyOf = (accountId: string, userName: string) => keys.get(accountId)?.get(userName);
  try {
    for (const [age, sameAge] of groupBy(everyone, (e) => e.user.keyAgeDays)) {
      await moto.clock.set(addDays(now, -age));
      await mapWithConcurrency(sameAge, CONCURRENCY, async ({ accountId, user }) => {
        const created = await iamOf(accountId).send(new CreateAccessKeyCommand({ UserName: user.name }));
        const key = created.AccessKey;
        if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error(`moto created no key for ${user.name} in ${accountId}`);
        keys.get(accountId)?.set(user.name, { userName: user.name, accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey });
      });
    }
    const used = everyone.filter((e) => e.user.lastUsedDaysAgo !== undefined);
    for (const [daysAgo, sameDay] of groupBy(used, (e) => e.user.lastUsedDaysAgo ?? 0)) {
      await moto.clock.set(addDays(now, -daysAgo));
      await mapWithConcurrency(sameDay, CONCURRENCY, async ({ accountId, user }) => {
        const key = keyOf(accountId, user.name);
        if (!key) throw new Error(`no seeded key for ${user.name} in ${accountId}`);
        // Any request signed with the key makes moto record it as used, at moto's clock.
        const sts = new STSClient(moto.config({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }));
        await sts.send(new GetCallerIdentityCommand({}));
      });
    }
  } finally {
    // The benchmark runs at real time; everything it measures happens after seeding.
    await moto.clock.reset();
  }
  const seconds = (performance.now() - started) / 1000;
  // Secret parts are not kept: nothing after seeding signs with the users' keys.
  return accounts.map(({ accountId, credentials }) => ({
    accountId,
    credentials,
    users,
    keys: new Map([...(keys.get(accountId) ?? new Map<string, SeededKey>())].map(([name, k]) => [name, { userName: k.userName, accessKeyId: k.accessKeyId }])),
    seconds,
  }));
}

/** One account's users (see seedAccounts). */
export async function seedAccount(
  moto: Moto,
  accountId: string,
  credentials: AwsCredentialIdentity,
  users: readonly BenchUser[],
  now: Date,
): Promise<SeededAccount> {
  const [seeded] = await seedAccounts(moto, [{ accountId, credentials }], users, now);
  if (!seeded) throw new Error(`seeding ${accountId} returned nothing`);
  return seeded;
}
