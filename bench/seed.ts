import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { DAY_MS } from '../emulator/iam-users';
import type { Moto } from '../emulator/moto';
import type { BenchUser } from './population';
import { forEachLimit, groupBy } from './pool';

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
  readonly seconds: number;
}

const CONCURRENCY = 8;

/**
 * Seeds thousands of users quickly. emulator/iam-users' seedUser moves moto's clock
 * around every key; here keys are grouped by age and last-used day, so the
 * clock moves once per group (a handful of times) and the calls inside a group
 * run concurrently.
 */
export async function seedAccount(
  moto: Moto,
  accountId: string,
  credentials: AwsCredentialIdentity,
  users: readonly BenchUser[],
  now: Date,
): Promise<SeededAccount> {
  const started = performance.now();
  const iam = new IAMClient({ ...moto.config(credentials), maxAttempts: 5 });
  const groups = [...new Set(users.flatMap((u) => u.groups))];
  for (const group of groups) await iam.send(new CreateGroupCommand({ GroupName: group }));
  await forEachLimit(users, CONCURRENCY, async (user) => {
    const Tags = Object.entries(user.tags).map(([Key, Value]) => ({ Key, Value }));
    await iam.send(new CreateUserCommand({ UserName: user.name, Tags }));
    for (const group of user.groups) await iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: user.name }));
  });

  const keys = new Map<string, SeededKey & { secretAccessKey: string }>();
  try {
    for (const [age, sameAge] of groupBy(users, (u) => u.keyAgeDays)) {
      await moto.clock.set(new Date(now.getTime() - age * DAY_MS));
      await forEachLimit(sameAge, CONCURRENCY, async (user) => {
        const created = await iam.send(new CreateAccessKeyCommand({ UserName: user.name }));
        const key = created.AccessKey;
        if (!key?.AccessKeyId || !key.SecretAccessKey) throw new Error(`moto created no key for ${user.name}`);
        keys.set(user.name, { userName: user.name, accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey });
      });
    }
    const used = users.filter((u) => u.lastUsedDaysAgo !== undefined);
    for (const [daysAgo, sameDay] of groupBy(used, (u) => u.lastUsedDaysAgo ?? 0)) {
      await moto.clock.set(new Date(now.getTime() - daysAgo * DAY_MS));
      await forEachLimit(sameDay, CONCURRENCY, async (user) => {
        const key = keys.get(user.name);
        if (!key) throw new Error(`no seeded key for ${user.name}`);
        // Any request signed with the key makes moto record it as used, at moto's clock.
        const sts = new STSClient(moto.config({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }));
        await sts.send(new GetCallerIdentityCommand({}));
      });
    }
  } finally {
    // The benchmark runs at real time; everything it measures happens after seeding.
    await moto.clock.reset();
  }
  // Secret parts are not kept: nothing after seeding signs with the users' keys.
  const publicKeys = new Map([...keys].map(([name, k]) => [name, { userName: k.userName, accessKeyId: k.accessKeyId }]));
  return { accountId, credentials, users, keys: publicKeys, seconds: (performance.now() - started) / 1000 };
}
