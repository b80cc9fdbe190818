import { GetAccessKeyLastUsedCommand, IAMClient, ListAccessKeysCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startMoto } from '../../../emulator/moto-server';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { seedUser } from '../../../emulator/iam-users';
import { MANAGEMENT_ACCOUNT_ID } from '../../../emulator/moto';
import { useMoto } from '../../harness/moto';
import { createAccount, createOrganization, credentialsIn } from '../../../emulator/organization';

const moto = useMoto();

describe('moto harness', () => {
  test('a key created 100 days back reports that CreateDate, and its last use', async () => {
    const now = new Date();
    const user = await seedUser(moto, moto.config().credentials, {
      name: 'alice',
      keys: [{ ageDays: 100, lastUsedDaysAgo: 3 }],
    });
    const iam = new IAMClient(moto.config());
    const keys = await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
    const created = keys.AccessKeyMetadata?.[0]?.CreateDate;
    expect(created).toBeDefined();
    const ageDays = (now.getTime() - (created as Date).getTime()) / DAY_MS;
    expect(ageDays).toBeGreaterThan(99.99);
    expect(ageDays).toBeLessThan(100.01);
    const lastUsed = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: user.keys[0]?.accessKeyId }));
    const usedDaysAgo = (now.getTime() - (lastUsed.AccessKeyLastUsed?.LastUsedDate as Date).getTime()) / DAY_MS;
    expect(usedDaysAgo).toBeGreaterThan(2.99);
    expect(usedDaysAgo).toBeLessThan(3.01);
  });

  test('the clock is back at real time after a back-dated key', async () => {
    const drift = Math.abs((await moto.clock.now()).getTime() - Date.now());
    expect(drift).toBeLessThan(60_000);
  });

  test('a user created in a member account is not visible in the management account', async () => {
    await createOrganization(moto);
    const memberId = await createAccount(moto, { name: 'member', email: 'member@example.com' });
    const member = await credentialsIn(moto, memberId);
    const identity = await new STSClient(moto.config(member)).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(memberId);

    await seedUser(moto, member, { name: 'only-in-member', keys: [{ ageDays: 1 }] });
    const inMember = await new IAMClient(moto.config(member)).send(new ListUsersCommand({}));
    const inManagement = await new IAMClient(moto.config()).send(new ListUsersCommand({}));
    expect(inMember.Users?.map((u) => u.UserName)).toContain('only-in-member');
    expect(inManagement.Users?.map((u) => u.UserName)).not.toContain('only-in-member');
    expect(memberId).not.toBe(MANAGEMENT_ACCOUNT_ID);
  });

  test('state is reset: a fresh server knows nothing of this file', async () => {
    await moto.reset();
    const users = await new IAMClient(moto.config()).send(new ListUsersCommand({}));
    expect(users.Users).toEqual([]);
  });

  test('a fresh moto starts and answers (startup figure printed)', async () => {
    const server = await startMoto();
    try {
      const response = await fetch(`${server.endpoint}/_clock`);
      expect(response.ok).toBe(true);
      process.stdout.write(`moto harness startup: ${(server.startupMs / 1000).toFixed(2)} s (global setup: ${process.env.MOTO_STARTUP_SECONDS} s)\n`);
    } finally {
      await server.stop();
    }
  });
});
