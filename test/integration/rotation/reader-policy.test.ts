/**
 * The reader policy (docs/design.md#5-where-new-keys-are-stored): attached in central mode to every
 * user whose key is rotated, never in same-account mode, and a user it cannot
 * be attached to gets no new key.
 */
import { AttachUserPolicyCommand, CreatePolicyCommand, IAMClient, ListAttachedUserPoliciesCommand } from '@aws-sdk/client-iam';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { READER_POLICY_NAME, readerPolicyArn, secretName } from '../../../contract/names';
import { seedUser } from '../../../emulator/iam-users';
import type { NotificationMessage, ResultAction } from '../../../functions/core/messages/notification';
import { useMoto } from '../../harness/moto';
import { createAccount, credentialsIn, ORG_ACCESS_ROLE } from '../../../emulator/organization';
import { CallCounter, FaultInjector } from '../../harness/sdk-plugins';
import { createWorld, drainNotifications, keysOf, run, secretOf, type World } from './fixture';

const moto = useMoto();

/** The ROTATE action the admin's message reports for a user. */
function rotationOf(messages: readonly NotificationMessage[], userName: string): ResultAction | undefined {
  return messages.find((m) => m.recipient.role === 'ADMIN')?.users.find((u) => u.userName === userName)?.actions.find((a) => a.type === 'ROTATE');
}
const NOW = new Date(Date.UTC(2025, 6, 1, 9, 0, 0));
const DUE = { ageDays: 120, lastUsedDaysAgo: 1 } as const;
const READ_OWN_SECRET = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });

describe('the reader policy on moto', () => {
  let world: World;
  let central: AwsCredentialIdentity;
  let centralEnv: Record<string, string>;
  let iam: IAMClient;

  beforeEach(async () => {
    await moto.reset();
    world = await createWorld(moto);
    const centralId = await createAccount(moto, { name: 'security', email: 'security@example.com' });
    central = await credentialsIn(moto, centralId);
    centralEnv = {
      [ROTATION_ENV.storeSecretsInCentralAccount]: 'True',
      [ROTATION_ENV.centralAccountId]: centralId,
      [ROTATION_ENV.centralRoleName]: ORG_ACCESS_ROLE,
      [ROTATION_ENV.secretsKmsKeyArn]: `arn:aws:kms:us-east-1:${centralId}:key/11111111-2222-3333-4444-555555555555`,
    };
    iam = new IAMClient(moto.config(world.member));
    await seedUser(moto, world.member, { name: 'alice', keys: [DUE] }, NOW);
    await seedUser(moto, world.member, { name: 'quiet', keys: [{ ageDays: 5 }] }, NOW);
  });

  /** As the StackSet does in every member account. */
  const createReaderPolicy = () => iam.send(new CreatePolicyCommand({ PolicyName: READER_POLICY_NAME, PolicyDocument: READ_OWN_SECRET }));
  const attachedTo = async (userName: string) =>
    ((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName }))).AttachedPolicies ?? []).map((p) => p.PolicyArn);

  test('same-account mode attaches nothing', async () => {
    await createReaderPolicy();
    const calls = new CallCounter();
    await moto.clock.set(NOW);
    const summary = await run(world, NOW, {}, { plugins: [calls.plugin] });
    expect(summary.actions).toEqual({ ROTATE: { DONE: 1 } });
    expect(calls.counts.get('IAM.AttachUserPolicy')).toBeUndefined();
    expect(await attachedTo('alice')).toEqual([]);
    // The message names the secret by its ARN too (from CreateSecret, no call of its own): the owners' mail says where it is.
    expect(rotationOf(await drainNotifications(moto, world.queueUrl), 'alice')?.secretArn).toMatch(
      new RegExp(`^arn:aws:secretsmanager:us-east-1:${world.memberId}:secret:${secretName(world.memberId, 'alice')}-\\w{6}$`),
    );
    expect(calls.counts.get('SecretsManager.DescribeSecret')).toBe(1);
  });

  test('central mode attaches it only to users whose key was stored, and a second attach is harmless', async () => {
    await createReaderPolicy();
    const reader = readerPolicyArn('aws', world.memberId);
    await seedUser(moto, world.member, { name: 'bob', keys: [DUE] }, NOW);
    // Attached already by an earlier run: AttachUserPolicy is idempotent.
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: reader }));
    await moto.clock.set(NOW);
    const summary = await run(world, NOW, {}, { env: centralEnv });
    expect(summary.actions).toEqual({ ROTATE: { DONE: 2 } });
    expect({ alice: await attachedTo('alice'), bob: await attachedTo('bob'), quiet: await attachedTo('quiet') }).toEqual({ alice: [reader], bob: [reader], quiet: [] });
    // Central mode: the ARN names the central account, which a member reads across accounts by ARN only.
    expect(rotationOf(await drainNotifications(moto, world.queueUrl), 'alice')?.secretArn).toMatch(
      new RegExp(`^arn:aws:secretsmanager:us-east-1:${centralEnv[ROTATION_ENV.centralAccountId]}:secret:${secretName(world.memberId, 'alice')}-\\w{6}$`),
    );
  });

  test.each([
    ['the policy is missing (StackSet without it)', () => undefined],
    ['AttachUserPolicy fails', () => new FaultInjector().failNext('AttachUserPolicy')],
  ])('central mode, %s: no new key survives, no secret is written, the user is reported FAILED', async (_case, faults) => {
    const injector = faults();
    if (injector) await createReaderPolicy();
    const before = (await keysOf(moto, world.member, 'alice')).map((k) => k.AccessKeyId);
    await moto.clock.set(NOW);
    const summary = await run(world, NOW, {}, { env: centralEnv, plugins: injector ? [injector.plugin] : [] });
    expect(summary.users.failed).toBe(1);
    expect(summary.failures).toEqual([expect.stringMatching(/^alice: /)]);
    expect((await keysOf(moto, world.member, 'alice')).map((k) => k.AccessKeyId)).toEqual(before);
    expect(await secretOf(moto, central, secretName(world.memberId, 'alice'))).toBeUndefined();
    const admin = (await drainNotifications(moto, world.queueUrl)).find((m) => m.recipient.role === 'ADMIN');
    const alice = admin?.users.find((u) => u.userName === 'alice');
    expect(alice?.actions.map((a) => `${a.type}:${a.outcome}`)).toEqual(['ROTATE:FAILED']);
    expect(alice?.actions[0]?.error).toMatch(/AttachUserPolicy/);
  });
});
