import { CreateAccessKeyCommand, CreatePolicyCommand, IAMClient, ListAttachedUserPoliciesCommand } from '@aws-sdk/client-iam';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import {
  DEFAULT_EXEMPTION_GROUP,
  DEFAULT_EXEMPTION_TAG_KEY,
  READER_POLICY_NAME,
  readerPolicyArn,
  SECRET_TAG,
  secretName,
} from '../../../contract/names';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { seedUser } from '../../../emulator/iam-users';
import { useMoto } from '../../harness/moto';
import { createAccount, credentialsIn, ORG_ACCESS_ROLE } from '../../../emulator/organization';
import {
  ACCOUNT_EMAIL,
  ADMIN,
  OWNER_TAG,
  actionsFor,
  createWorld,
  drainNotifications,
  invoke,
  keysOf,
  principals,
  run,
  secretOf,
  type World,
} from './fixture';

const moto = useMoto();
const NOW = new Date(Date.UTC(2025, 5, 2, 9, 0, 0));
const DUE = { ageDays: 120, lastUsedDaysAgo: 1 } as const;

describe('exemptions, recipients, dry run and central storage on moto', () => {
  let world: World;

  beforeEach(async () => {
    await moto.reset();
    world = await createWorld(moto);
  });

  async function ids(userName: string): Promise<string[]> {
    return (await keysOf(moto, world.member, userName)).map((k) => `${k.AccessKeyId}:${k.Status}`);
  }

  test('users exempt by group or by a tag (true, or a future date) are never touched; an expired or unreadable tag exempts nobody', async () => {
    const inFuture = new Date(NOW.getTime() + 5 * DAY_MS).toISOString().slice(0, 10);
    const inPast = new Date(NOW.getTime() - DAY_MS).toISOString().slice(0, 10);
    const tag = (value: string) => ({ [DEFAULT_EXEMPTION_TAG_KEY]: value });
    await seedUser(moto, world.member, { name: 'by-group', groups: [DEFAULT_EXEMPTION_GROUP], keys: [DUE] }, NOW);
    await seedUser(moto, world.member, { name: 'by-tag', tags: tag('true'), keys: [DUE] }, NOW);
    await seedUser(moto, world.member, { name: 'until-future', tags: tag(inFuture), keys: [DUE] }, NOW);
    await seedUser(moto, world.member, { name: 'expired', tags: tag(inPast), keys: [DUE] }, NOW);
    await seedUser(moto, world.member, { name: 'typo', tags: tag('yes please'), keys: [DUE] }, NOW);
    const before = {
      group: await ids('by-group'),
      tag: await ids('by-tag'),
      future: await ids('until-future'),
    };
    await moto.clock.set(NOW);
    const summary = await run(world, NOW);
    expect(summary.users).toMatchObject({ seen: 5, exempt: 3 });
    expect({ group: await ids('by-group'), tag: await ids('by-tag'), future: await ids('until-future') }).toEqual(before);
    expect(await keysOf(moto, world.member, 'expired')).toHaveLength(2);
    expect(await keysOf(moto, world.member, 'typo')).toHaveLength(2);
    const admin = (await drainNotifications(moto, world.queueUrl)).find((m) => m.recipient.role === 'ADMIN');
    expect(admin?.users.map((u) => u.userName)).toEqual(['expired', 'typo']);
    // An unreadable tag is a note for the admin, not a failure of the run.
    expect(admin?.notes).toEqual([expect.stringContaining('typo: exemption tag')]);
    expect(admin?.failures).toEqual([]);
  });

  test('each owner gets a message about its own users only; the account and the admin get all of them', async () => {
    await seedUser(moto, world.member, { name: 'b1', tags: { [OWNER_TAG]: 'bob@example.com' }, keys: [DUE] }, NOW);
    await seedUser(moto, world.member, { name: 'b2', tags: { [OWNER_TAG]: 'bob@example.com' }, keys: [DUE] }, NOW);
    await seedUser(moto, world.member, { name: 'c1', tags: { [OWNER_TAG]: 'carol@example.com' }, keys: [DUE] }, NOW);
    await seedUser(moto, world.member, { name: 'nobody', keys: [DUE] }, NOW);
    await seedUser(moto, world.member, { name: 'quiet', tags: { [OWNER_TAG]: 'dave@example.com' }, keys: [{ ageDays: 5 }] }, NOW);
    await moto.clock.set(NOW);
    await run(world, NOW);
    const messages = await drainNotifications(moto, world.queueUrl);
    const byRecipient = Object.fromEntries(
      messages.map((m) => [`${m.recipient.role}:${m.recipient.email}`, m.users.map((u) => u.userName)]),
    );
    expect(byRecipient).toEqual({
      [`ADMIN:${ADMIN}`]: ['b1', 'b2', 'c1', 'nobody'],
      [`ACCOUNT:${ACCOUNT_EMAIL}`]: ['b1', 'b2', 'c1', 'nobody'],
      'OWNER:bob@example.com': ['b1', 'b2'],
      'OWNER:carol@example.com': ['c1'],
    });
    expect(messages.every((m) => m.accountId === world.memberId && m.dryRun === false)).toBe(true);
  });

  test('dry run (configured, or asked for by the event) changes nothing and still reports the plan', async () => {
    await seedUser(moto, world.member, { name: 'due', keys: [DUE] }, NOW);
    await seedUser(moto, world.member, { name: 'two', keys: [{ ageDays: 200, lastUsedDaysAgo: 1 }, { ageDays: 150 }] }, NOW);
    const before = { due: await ids('due'), two: await ids('two') };
    await moto.clock.set(NOW);
    const configured = await run(world, NOW, {}, { env: { [ROTATION_ENV.dryRun]: 'True' } });
    const perEvent = await run(world, NOW, { dryrun: 'true' });
    for (const summary of [configured, perEvent]) {
      expect(summary.dryRun).toBe(true);
      // `two` has two active keys: the never-used one is deactivated to make room (its deletion and the rotation come a day later).
      expect(summary.actions).toEqual({ ROTATE: { PLANNED: 1 }, DEACTIVATE: { PLANNED: 1 } });
    }
    expect({ due: await ids('due'), two: await ids('two') }).toEqual(before);
    const secrets = await new SecretsManagerClient(moto.config(world.member)).send(new ListSecretsCommand({}));
    expect(secrets.SecretList ?? []).toEqual([]);
    const messages = await drainNotifications(moto, world.queueUrl);
    expect(messages.filter((m) => m.recipient.role === 'ADMIN')).toHaveLength(2);
    expect(messages.every((m) => m.dryRun)).toBe(true);
    expect(actionsFor(messages, 'due')).toEqual(['ROTATE:PLANNED']);
  });

  test('an event cannot lift the configured dry run', async () => {
    await seedUser(moto, world.member, { name: 'due', keys: [DUE] }, NOW);
    await moto.clock.set(NOW);
    const summary = await run(world, NOW, { dryrun: false }, { env: { [ROTATION_ENV.dryRun]: 'True' } });
    expect(summary.dryRun).toBe(true);
    expect(await keysOf(moto, world.member, 'due')).toHaveLength(1);
  });

  test('central mode: the secret is written in the central account and its policy names the member user', async () => {
    const centralId = await createAccount(moto, { name: 'security', email: 'security@example.com' });
    const central = await credentialsIn(moto, centralId);
    const kmsKeyArn = `arn:aws:kms:us-east-1:${centralId}:key/11111111-2222-3333-4444-555555555555`;
    const env = {
      [ROTATION_ENV.storeSecretsInCentralAccount]: 'True',
      [ROTATION_ENV.centralAccountId]: centralId,
      [ROTATION_ENV.centralRoleName]: ORG_ACCESS_ROLE,
      [ROTATION_ENV.secretsKmsKeyArn]: kmsKeyArn,
    };
    await seedUser(moto, world.member, { name: 'alice', keys: [DUE] }, NOW);
    // The StackSet creates the reader policy in every member account.
    const memberIam = new IAMClient(moto.config(world.member));
    const reader = await memberIam.send(
      new CreatePolicyCommand({ PolicyName: READER_POLICY_NAME, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] }) }),
    );
    await moto.clock.set(NOW);
    const summary = await run(world, NOW, {}, { env });
    expect(summary.actions).toEqual({ ROTATE: { DONE: 1 } });
    // Across accounts the resource policy alone does not let alice read: the reader policy is attached to her.
    const attached = await memberIam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([reader.Policy?.Arn]);
    expect(reader.Policy?.Arn).toBe(readerPolicyArn('aws', world.memberId));
    const name = secretName(world.memberId, 'alice');
    const secret = await secretOf(moto, central, name);
    const keys = await keysOf(moto, world.member, 'alice');
    expect(secret?.value.AccessKeyId).toBe(keys.at(-1)?.AccessKeyId);
    expect(principals(secret!)).toEqual([`arn:aws:iam::${world.memberId}:user/alice`]);
    expect(secret?.tags[SECRET_TAG.key]).toBe(SECRET_TAG.value);
    expect(await secretOf(moto, world.member, name)).toBeUndefined();
  });

  test('a secret left by an earlier run or the classic solution is updated in place and tagged', async () => {
    await seedUser(moto, world.member, { name: 'alice', keys: [DUE] }, NOW);
    const name = secretName(world.memberId, 'alice');
    const sm = new SecretsManagerClient(moto.config(world.member));
    const { CreateSecretCommand } = await import('@aws-sdk/client-secrets-manager');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: '{"AccessKeyId":"AKIAOLD"}' }));
    await moto.clock.set(NOW);
    await run(world, NOW);
    const secret = await secretOf(moto, world.member, name);
    expect(secret?.value.AccessKeyId).toBe((await keysOf(moto, world.member, 'alice')).at(-1)?.AccessKeyId);
    expect(secret?.tags[SECRET_TAG.key]).toBe(SECRET_TAG.value);
    expect(principals(secret!)).toEqual([`arn:aws:iam::${world.memberId}:user/alice`]);
  });

  test('no secret access key appears in any notification, log line or summary', async () => {
    await seedUser(moto, world.member, { name: 'alice', tags: { [OWNER_TAG]: 'alice@example.com' }, keys: [DUE] }, NOW);
    await seedUser(moto, world.member, { name: 'bob', keys: [{ ageDays: 200, lastUsedDaysAgo: 3 }, { ageDays: 150, status: 'Inactive' }] }, NOW);
    await seedUser(moto, world.member, { name: 'carol', keys: [{ ageDays: 85, lastUsedDaysAgo: 3 }] }, NOW);
    // A second key created outside the run: its secret must not leak through any path either.
    const outside = await new IAMClient(moto.config(world.member)).send(new CreateAccessKeyCommand({ UserName: 'carol' }));
    await moto.clock.set(NOW);
    const { result, logLines } = await invoke(world, { account: world.memberId, email: ACCOUNT_EMAIL }, { now: NOW });
    const messages = await drainNotifications(moto, world.queueUrl);
    const secrets = [outside.AccessKey?.SecretAccessKey];
    for (const user of ['alice', 'bob']) secrets.push((await secretOf(moto, world.member, secretName(world.memberId, user)))?.value.SecretAccessKey);
    expect(secrets.every((s) => typeof s === 'string' && s.length >= 20)).toBe(true);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(logLines.length).toBeGreaterThan(0);
    const everything = [JSON.stringify(result), ...messages.map((m) => JSON.stringify(m)), ...logLines].join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything).not.toContain('SecretAccessKey');
  });
});
