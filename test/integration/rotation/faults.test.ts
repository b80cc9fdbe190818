import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretName } from '../../../contract/names';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { seedUser, type UserSpec } from '../../../emulator/iam-users';
import { useMoto } from '../../harness/moto';
import { FaultInjector } from '../../harness/sdk-plugins';
import { parseDeactivationRecord } from '../../../functions/core/lifecycle';
import { createWorld, drainNotifications, keysOf, recordOf, run, secretOf, type World } from './fixture';

const moto = useMoto();
const NOW = new Date(Date.UTC(2025, 8, 1, 9, 0, 0));

/** One user per path through apply: a new secret, an existing one, deactivation, deletion, making room (a deactivation first). */
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
  'TagUser',
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

  /**
   * Invariants 3 and 4, and the record: every key is pre-existing or stored in its secret, nobody lost their last
   * active key, and the record names only inactive keys.
   */
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
      const inactive = new Set(keys.filter((k) => k.Status === 'Inactive').map((k) => k.AccessKeyId));
      const recorded = parseDeactivationRecord(await recordOf(moto, world.member, spec.name)).entries.map((e) => e.keyId);
      expect({ user: spec.name, recordedButNotInactive: recorded.filter((id) => !inactive.has(id)) }).toEqual({ user: spec.name, recordedButNotInactive: [] });
    }
  }

  /** Every key of every user with its status, to compare across a run. */
  async function statuses(): Promise<Map<string, string>> {
    const all = new Map<string, string>();
    for (const spec of USERS) for (const key of await keysOf(moto, world.member, spec.name)) all.set(key.AccessKeyId ?? '', key.Status ?? '');
    return all;
  }

  /** Invariant 5: a key gone after the run was inactive before it. */
  function expectOnlyInactiveDeleted(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): void {
    const deleted = [...before].filter(([id]) => !after.has(id));
    expect(deleted.filter(([, status]) => status !== 'Inactive')).toEqual([]);
  }

  /**
   * The work the day's run had to do, done: rotations stored, the replaced key retired (and recorded), the expired key
   * gone, and of the two active keys the least recently used deactivated (and recorded) to make room tomorrow.
   */
  async function expectCompleted(): Promise<void> {
    for (const name of ['fresh', 'existing']) {
      const keys = await keysOf(moto, world.member, name);
      const newest = keys.at(-1)?.AccessKeyId ?? '';
      expect({ name, newKeyStored: !seeded.get(name)?.has(newest) }).toEqual({ name, newKeyStored: true });
      expect((await secretOf(moto, world.member, secretName(world.memberId, name)))?.value.AccessKeyId).toBe(newest);
    }
    // retire's older key was replaced; of crowded's two, the newer one was last used longest ago.
    for (const [name, statuses] of [['retire', ['Inactive', 'Active']], ['crowded', ['Active', 'Inactive']]] as const) {
      const keys = await keysOf(moto, world.member, name);
      expect({ name, statuses: keys.map((k) => k.Status) }).toEqual({ name, statuses });
      const recorded = parseDeactivationRecord(await recordOf(moto, world.member, name)).entries.map((e) => e.keyId);
      expect({ name, recorded }).toEqual({ name, recorded: keys.filter((k) => k.Status === 'Inactive').map((k) => k.AccessKeyId) });
    }
    expect(await keysOf(moto, world.member, 'purge')).toHaveLength(1);
  }

  test('without faults, one run does all of it', async () => {
    const summary = await run(world, NOW);
    expect(summary.failures).toEqual([]);
    await expectInvariants();
    await expectCompleted();
  });

  test.each(APPLY_CALLS)('%s fails once: invariants hold, the failure is reported, a rerun completes the work', async (operation) => {
    const faults = new FaultInjector().failNext(operation);
    const before = await statuses();
    const faulty = await run(world, NOW, {}, { plugins: [faults.plugin] });
    expectOnlyInactiveDeleted(before, await statuses());
    expect(faults.injected).toEqual([operation]);
    expect(faulty.failures).toHaveLength(1);
    const admin = (await drainNotifications(moto, world.queueUrl)).find((m) => m.recipient.role === 'ADMIN');
    const outcomes = admin?.users.flatMap((u) => u.actions.map((a) => a.outcome)) ?? [];
    expect(outcomes).toContain(STORE_CALLS.has(operation) ? 'ROLLED_BACK' : 'FAILED');
    await expectInvariants();
    if (operation === 'TagUser' || operation === 'UpdateAccessKey') {
      // The deactivation that failed left its key active (not recorded): a key this tool switches off is always recorded.
      const failed = admin?.users.flatMap((u) => u.actions.filter((a) => a.outcome === 'FAILED').map((a) => ({ user: u.userName, key: a.keyId }))) ?? [];
      expect(failed).toHaveLength(1);
      const keys = await keysOf(moto, world.member, failed[0]?.user ?? '');
      expect(keys.find((k) => k.AccessKeyId === failed[0]?.key)?.Status).toBe('Active');
    }

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
    // fresh and existing, rolled back yesterday, and crowded, whose make-room deactivation was yesterday.
    expect(rerun.actions.ROTATE).toEqual({ DONE: 3 });
  });

  test('a failed deactivation before a make-room deletion leaves both keys active, and nothing is deleted or rotated; the next days complete it', async () => {
    const crowded = [...(seeded.get('crowded') ?? [])];
    const faults = new FaultInjector().failNext('UpdateAccessKey', 2);
    const faulty = await run(world, NOW, {}, { plugins: [faults.plugin] });
    expect(faults.injected).toEqual(['UpdateAccessKey', 'UpdateAccessKey']);
    expect(faulty.failures).toHaveLength(2);
    expect((await keysOf(moto, world.member, 'crowded')).map((k) => `${k.AccessKeyId}:${k.Status}`).sort()).toEqual(crowded.map((id) => `${id}:Active`).sort());
    // The entry written before the failed call is taken back: the record names no active key.
    expect(await recordOf(moto, world.member, 'crowded')).toBeUndefined();
    await expectInvariants();

    const day1 = new Date(NOW.getTime() + DAY_MS);
    await moto.clock.set(day1);
    expect((await run(world, day1)).failures).toEqual([]);
    expect((await keysOf(moto, world.member, 'crowded')).map((k) => k.Status)).toEqual(['Active', 'Inactive']);
    const day2 = new Date(NOW.getTime() + 2 * DAY_MS);
    await moto.clock.set(day2);
    const beforeDay2 = await statuses();
    const done = await run(world, day2);
    expect(done.failures).toEqual([]);
    expectOnlyInactiveDeleted(beforeDay2, await statuses());
    const after = await keysOf(moto, world.member, 'crowded');
    expect(after.map((k) => `${crowded.includes(k.AccessKeyId ?? '') ? 'kept' : 'new'}:${k.Status}`)).toEqual(['kept:Active', 'new:Active']);
    await expectInvariants();
  });

  test('a failed update of the record after a deletion is reported; the keys are right, and the next change cleans the record', async () => {
    await run(world, NOW);
    const day1 = new Date(NOW.getTime() + 11 * DAY_MS);
    await moto.clock.set(day1);
    // retire's key, deactivated on day 0, is deleted on day 10; the record update after it (UntagUser) fails.
    const faults = new FaultInjector().failNext('UntagUser', 5);
    const summary = await run(world, day1, {}, { plugins: [faults.plugin] });
    expect(faults.injected.length).toBeGreaterThan(0);
    expect(summary.failures.some((f) => /IAMKeyRotationDeactivated/.test(f))).toBe(true);
    const stale = parseDeactivationRecord(await recordOf(moto, world.member, 'retire')).entries.map((e) => e.keyId);
    expect(stale.length).toBeGreaterThan(0);
    // A stale entry names a key that no longer exists: ignored, and cleaned the next time the user is worked on.
    const day2 = new Date(NOW.getTime() + 12 * DAY_MS);
    await moto.clock.set(day2);
    await run(world, day2, { ForceRotate: 'retire' });
    expect(await recordOf(moto, world.member, 'retire')).toBeUndefined();
  });
});
