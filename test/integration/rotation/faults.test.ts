import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretName } from '../../../contract/names';
import { DAY_MS, seedUser, type UserSpec } from '../../../emulator/iam-users';
import { useMoto } from '../../harness/moto';
import { FaultInjector } from '../../harness/sdk-plugins';
import { createWorld, drainNotifications, keysOf, run, secretOf, type World } from './fixture';

const moto = useMoto();
const NOW = new Date(Date.UTC(2025, 8, 1, 9, 0, 0));

/** One user per path through apply: a new secret, an existing one, deactivation, deletion, making room. */
const USERS: readonly UserSpec[] = [
  { name: 'fresh', keys: [{ ageDays: 120, lastUsedDaysAgo: 1 }] },
  { name: 'existing', keys: [{ ageDays: 120, lastUsedDaysAgo: 1 }] },
  { name: 'retire', keys: [{ ageDays: 105, lastUsedDaysAgo: 20 }, { ageDays: 12, lastUsedDaysAgo: 1 }] },
  { name: 'purge', keys: [{ ageDays: 125, status: 'Inactive', lastUsedDaysAgo: 40 }, { ageDays: 25, lastUsedDaysAgo: 1 }] },
  { name: 'crowded', keys: [{ ageDays: 200, lastUsedDaysAgo: 1 }, { ageDays: 150, lastUsedDaysAgo: 90 }] },
];

const APPLY_CALLS = [
  'CreateAccessKey',
  'DescribeSecret',
  'CreateSecret',
  'TagResource',
  'PutResourcePolicy',
  'PutSecretValue',
  'UpdateAccessKey',
  'DeleteAccessKey',
] as const;
const STORE_CALLS = new Set(['DescribeSecret', 'CreateSecret', 'TagResource', 'PutResourcePolicy', 'PutSecretValue']);

describe('a fault at each AWS call of the apply path', () => {
  let world: World;
  let seeded: Map<string, Set<string>>;

  beforeEach(async () => {
    await moto.reset();
    world = await createWorld(moto);
    seeded = new Map();
    for (const spec of USERS) {
      const user = await seedUser(moto, world.member, spec, NOW);
      seeded.set(user.name, new Set(user.keys.map((k) => k.accessKeyId)));
    }
    // A secret without our tag, as the classic solution left them.
    await new SecretsManagerClient(moto.config(world.member)).send(
      new CreateSecretCommand({ Name: secretName(world.memberId, 'existing'), SecretString: '{"AccessKeyId":"AKIACLASSIC"}' }),
    );
    await moto.clock.set(NOW);
  });

  /** Invariants 3 and 4: every key is pre-existing or stored in its secret, and nobody lost their last active key. */
  async function expectInvariants(): Promise<void> {
    for (const spec of USERS) {
      const keys = await keysOf(moto, world.member, spec.name);
      const stored = (await secretOf(moto, world.member, secretName(world.memberId, spec.name)))?.value.AccessKeyId;
      const before = seeded.get(spec.name) ?? new Set();
      for (const key of keys) {
        expect({ user: spec.name, key: key.AccessKeyId, known: before.has(key.AccessKeyId ?? '') || key.AccessKeyId === stored }).toEqual({
          user: spec.name,
          key: key.AccessKeyId,
          known: true,
        });
      }
      expect({ user: spec.name, active: keys.some((k) => k.Status === 'Active') }).toEqual({ user: spec.name, active: true });
    }
  }

  /** The work the run had to do, done: rotations stored, the replaced key retired, the expired key gone. */
  async function expectCompleted(): Promise<void> {
    for (const name of ['fresh', 'existing', 'crowded']) {
      const keys = await keysOf(moto, world.member, name);
      const newest = keys.at(-1)?.AccessKeyId ?? '';
      expect({ name, newKeyStored: !seeded.get(name)?.has(newest) }).toEqual({ name, newKeyStored: true });
      expect((await secretOf(moto, world.member, secretName(world.memberId, name)))?.value.AccessKeyId).toBe(newest);
    }
    const retire = await keysOf(moto, world.member, 'retire');
    expect(retire.map((k) => k.Status)).toEqual(['Inactive', 'Active']);
    expect(await keysOf(moto, world.member, 'purge')).toHaveLength(1);
    expect(await keysOf(moto, world.member, 'crowded')).toHaveLength(2);
  }

  test('without faults, one run does all of it', async () => {
    const summary = await run(world, NOW);
    expect(summary.failures).toEqual([]);
    await expectInvariants();
    await expectCompleted();
  });

  test.each(APPLY_CALLS)('%s fails once: invariants hold, the failure is reported, a rerun completes the work', async (operation) => {
    const faults = new FaultInjector().failNext(operation);
    const faulty = await run(world, NOW, {}, { plugins: [faults.plugin] });
    expect(faults.injected).toEqual([operation]);
    expect(faulty.failures).toHaveLength(1);
    const admin = (await drainNotifications(moto, world.queueUrl)).find((m) => m.recipient.role === 'ADMIN');
    const outcomes = admin?.users.flatMap((u) => u.actions.map((a) => a.outcome)) ?? [];
    expect(outcomes).toContain(STORE_CALLS.has(operation) ? 'ROLLED_BACK' : 'FAILED');
    await expectInvariants();

    const rerun = await run(world, NOW);
    expect(rerun.failures).toEqual([]);
    await expectInvariants();
    await expectCompleted();
  });

  test('a rerun a day later after a rolled-back rotation still rotates (nothing is left half done)', async () => {
    const faults = new FaultInjector().failNext('PutSecretValue', 10);
    await run(world, NOW, {}, { plugins: [faults.plugin] });
    await expectInvariants();
    const tomorrow = new Date(NOW.getTime() + DAY_MS);
    await moto.clock.set(tomorrow);
    const rerun = await run(world, tomorrow);
    expect(rerun.failures).toEqual([]);
    expect(rerun.actions.ROTATE).toEqual({ DONE: 3 });
  });
});
