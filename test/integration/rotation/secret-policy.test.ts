/**
 * The secret's resource policy on moto (issue 10): what moto can show. moto
 * enforces no IAM, so these tests prove what is *put* and in which order; the
 * policy simulation proves what the policy denies.
 */
import { CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { AwsCredentialIdentity } from '@smithy/types';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { READER_POLICY_NAME, secretArnPattern, secretName } from '../../../contract/names';
import { daysBefore, seedUser } from '../../../emulator/iam-users';
import { createAccount, credentialsIn, ORG_ACCESS_ROLE } from '../../../emulator/organization';
import { readerPolicy } from '../../../functions/rotation/apply/secret-policy';
import { useMoto } from '../../harness/moto';
import { RequestLog } from '../../harness/request-log';
import { createWorld, keysOf, run, secretOf, type World } from './fixture';

const moto = useMoto();
const NOW = new Date(Date.UTC(2025, 6, 1, 9, 0, 0));
const DUE = { ageDays: 120, lastUsedDaysAgo: 1 } as const;
const BREAK_GLASS = ['arn:aws:iam::111122223333:role/security/break-glass', 'arn:aws:iam::111122223333:role/Audit'];
const REPLICAS = ['eu-west-1', 'ap-southeast-2'];

/** The StringLike pattern the key policies use, as a regular expression. */
const arnLike = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

describe('the secret resource policy on moto', () => {
  let world: World;

  beforeEach(async () => {
    await moto.reset();
    world = await createWorld(moto);
  });

  test('a new secret gets the Deny with the break-glass roles, through BlockPublicPolicy, before its value; the policy names the user with its path', async () => {
    const iam = new IAMClient(moto.config(world.member));
    await moto.clock.at(daysBefore(NOW, 120), async () => {
      await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/engineering/' }));
      await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    });
    const log = new RequestLog();
    await moto.clock.set(NOW);
    const summary = await run(world, NOW, {}, { plugins: [log.plugin], env: { [ROTATION_ENV.secretBreakGlassPrincipals]: BREAK_GLASS.join(',') } });
    // (The replaced key was never used, so it goes at once: DELETE.)
    expect(summary.actions.ROTATE).toEqual({ DONE: 1 });

    const aliceArn = `arn:aws:iam::${world.memberId}:user/engineering/alice`;
    const secret = await secretOf(moto, world.member, secretName(world.memberId, 'alice'));
    expect(secret?.policy).toEqual(readerPolicy(aliceArn, BREAK_GLASS));
    expect(secret?.policy.Statement.map((s) => `${s.Effect}:${s.Sid ?? ''}`)).toEqual(['Allow:ReadByTheKeysUserOnly', 'Deny:DenyReadToAnyoneButTheUserAndBreakGlass']);

    expect(log.of('SecretsManager').map((s) => s.operation)).toEqual(['DescribeSecret', 'CreateSecret', 'PutResourcePolicy', 'PutSecretValue']);
    expect(log.of('SecretsManager').find((s) => s.operation === 'CreateSecret')?.input).not.toHaveProperty('SecretString');
    expect(log.of('SecretsManager').find((s) => s.operation === 'PutResourcePolicy')?.input.BlockPublicPolicy).toBe(true);
    expect(log.of('SecretsManager').map((s) => s.operation)).not.toContain('GetSecretValue');
  });

  test('replicas are added only once the primary carries the policy, before the value, in every replica region, under ARNs the key policies match', async () => {
    await seedUser(moto, world.member, { name: 'alice', keys: [DUE] }, NOW);
    const log = new RequestLog();
    await moto.clock.set(NOW);
    await run(world, NOW, {}, { plugins: [log.plugin], env: { [ROTATION_ENV.replicaRegions]: REPLICAS.join(',') } });

    expect(log.of('SecretsManager').map((s) => s.operation)).toEqual(['DescribeSecret', 'CreateSecret', 'PutResourcePolicy', 'ReplicateSecretToRegions', 'PutSecretValue']);
    expect(log.of('SecretsManager').find((s) => s.operation === 'CreateSecret')?.input).not.toHaveProperty('AddReplicaRegions');
    expect(log.of('SecretsManager').find((s) => s.operation === 'ReplicateSecretToRegions')?.input.AddReplicaRegions).toEqual(REPLICAS.map((Region) => ({ Region })));

    const name = secretName(world.memberId, 'alice');
    const primary = await new SecretsManagerClient(moto.config(world.member)).send(new DescribeSecretCommand({ SecretId: name }));
    expect(primary.ReplicationStatus?.map((r) => r.Region)).toEqual(REPLICAS);
    const pattern = arnLike(secretArnPattern('aws', world.memberId, world.memberId));
    expect(primary.ARN).toMatch(pattern);
    for (const region of REPLICAS) {
      const replica = await new SecretsManagerClient({ ...moto.config(world.member), region }).send(new DescribeSecretCommand({ SecretId: name }));
      // A replica's ARN is the primary's with its own region, so the key policies' region-wildcard pattern covers it.
      expect(replica.ARN).toBe(primary.ARN?.replace(':us-east-1:', `:${region}:`));
      expect(replica.ARN).toMatch(pattern);
      expect(replica.PrimaryRegion).toBe('us-east-1');
    }
  });

  test('a multi-Region key gives each replica its own region\'s replica key', async () => {
    await seedUser(moto, world.member, { name: 'alice', keys: [DUE] }, NOW);
    const key = `arn:aws:kms:us-east-1:${world.memberId}:key/mrk-1234abcd12ab34cd56ef1234567890ab`;
    const log = new RequestLog();
    await moto.clock.set(NOW);
    await run(world, NOW, {}, { plugins: [log.plugin], env: { [ROTATION_ENV.replicaRegions]: 'eu-west-1', [ROTATION_ENV.secretsKmsKeyArn]: key } });
    expect(log.of('SecretsManager').find((s) => s.operation === 'CreateSecret')?.input.KmsKeyId).toBe(key);
    expect(log.of('SecretsManager').find((s) => s.operation === 'ReplicateSecretToRegions')?.input.AddReplicaRegions).toEqual([
      { Region: 'eu-west-1', KmsKeyId: key.replace(':us-east-1:', ':eu-west-1:') },
    ]);
  });

  test.each([
    ['the classic allow-only policy', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'USER' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] }],
    ['no policy at all', undefined],
  ])('an existing secret with %s gets the new policy at its next write, before the new value', async (_case, existing) => {
    await seedUser(moto, world.member, { name: 'alice', keys: [DUE] }, NOW);
    const name = secretName(world.memberId, 'alice');
    const aliceArn = `arn:aws:iam::${world.memberId}:user/alice`;
    const sm = new SecretsManagerClient(moto.config(world.member));
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: '{"AccessKeyId":"AKIAOLD"}' }));
    if (existing) await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: JSON.stringify(existing).replace('USER', aliceArn) }));
    const log = new RequestLog();
    await moto.clock.set(NOW);
    await run(world, NOW, {}, { plugins: [log.plugin] });
    const secret = await secretOf(moto, world.member, name);
    expect(secret?.policy).toEqual(readerPolicy(aliceArn));
    expect(secret?.value.AccessKeyId).toBe((await keysOf(moto, world.member, 'alice')).at(-1)?.AccessKeyId);
    const order = log.of('SecretsManager').map((s) => s.operation);
    expect(order.indexOf('PutResourcePolicy')).toBeLessThan(order.indexOf('PutSecretValue'));
    expect(order).not.toContain('GetSecretValue');
  });

  test('central mode: the secret in the central account gets the same policy, naming the member account\'s user', async () => {
    const centralId = await createAccount(moto, { name: 'security', email: 'security@example.com' });
    const central: AwsCredentialIdentity = await credentialsIn(moto, centralId);
    await seedUser(moto, world.member, { name: 'alice', keys: [DUE] }, NOW);
    // The StackSet creates the reader policy in every member account; central mode attaches it before making a key.
    await new IAMClient(moto.config(world.member)).send(
      new CreatePolicyCommand({ PolicyName: READER_POLICY_NAME, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }] }) }),
    );
    await moto.clock.set(NOW);
    const summary = await run(world, NOW, {}, {
      env: {
        [ROTATION_ENV.storeSecretsInCentralAccount]: 'True',
        [ROTATION_ENV.centralAccountId]: centralId,
        [ROTATION_ENV.centralRoleName]: ORG_ACCESS_ROLE,
        [ROTATION_ENV.secretsKmsKeyArn]: `arn:aws:kms:us-east-1:${centralId}:key/11111111-2222-3333-4444-555555555555`,
        [ROTATION_ENV.secretBreakGlassPrincipals]: BREAK_GLASS[0] as string,
      },
    });
    expect(summary.actions).toEqual({ ROTATE: { DONE: 1 } });
    const secret = await secretOf(moto, central, secretName(world.memberId, 'alice'));
    expect(secret?.policy).toEqual(readerPolicy(`arn:aws:iam::${world.memberId}:user/alice`, [BREAK_GLASS[0] as string]));
  });
});
