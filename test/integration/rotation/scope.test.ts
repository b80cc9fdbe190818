import { ROTATION_ENV } from '../../../contract/env/rotation';
import { DAY_MS, seedUser } from '../../../emulator/iam-users';
import { useMoto } from '../../harness/moto';
import { createWorld, drainNotifications, keysOf, run, type World } from './fixture';

const moto = useMoto();
const NOW = new Date(Date.UTC(2025, 7, 4, 6, 0, 0));

describe('EnforcedScope on moto (staged rollout)', () => {
  let world: World;

  beforeEach(async () => {
    await moto.reset();
    world = await createWorld(moto);
    await seedUser(moto, world.member, { name: 'due', keys: [{ ageDays: 120, lastUsedDaysAgo: 1 }] }, NOW);
    await moto.clock.set(NOW);
  });

  test('with DryRunFlag=False, an account outside the scope runs in audit mode and every message says why', async () => {
    const before = (await keysOf(moto, world.member, 'due')).map((k) => k.AccessKeyId);
    const summary = await run(world, NOW, {}, { env: { [ROTATION_ENV.enforcedScope]: '999988887777' } });
    expect(summary).toMatchObject({ dryRun: true, auditReason: 'OUTSIDE_ENFORCED_SCOPE', actions: { ROTATE: { PLANNED: 1 } } });
    expect((await keysOf(moto, world.member, 'due')).map((k) => k.AccessKeyId)).toEqual(before);
    const messages = await drainNotifications(moto, world.queueUrl);
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages.every((m) => m.dryRun && m.auditReason === 'OUTSIDE_ENFORCED_SCOPE')).toBe(true);
  });

  test('an operator event in an account outside the scope acts on the users it names, and on no other', async () => {
    await seedUser(moto, world.member, { name: 'leaked', keys: [{ ageDays: 30, lastUsedDaysAgo: 1 }] }, NOW);
    await moto.clock.set(NOW);
    const env = { [ROTATION_ENV.enforcedScope]: 'ou-abcd-11111111' };
    const summary = await run(world, NOW, { ForceRotate: 'leaked' }, { env });
    expect(summary).toMatchObject({ dryRun: false, actions: { ROTATE: { DONE: 1 } } });
    expect(summary.notes[0]).toMatch(/^EnforcedScope names OUs, which only the inventory resolves.*only the users ForceRotate names were acted on/);
    expect(await keysOf(moto, world.member, 'leaked')).toHaveLength(2);
    // `due` is due for rotation, but not named: the rollout leaves it alone.
    expect(await keysOf(moto, world.member, 'due')).toHaveLength(1);
  });

  test('inside the scope (by id, or by an OU the inventory resolved) the same account is enforced', async () => {
    const byId = await run(world, NOW, {}, { env: { [ROTATION_ENV.enforcedScope]: `999988887777,${world.memberId}` } });
    expect(byId).toMatchObject({ dryRun: false, actions: { ROTATE: { DONE: 1 } } });
    const later = new Date(NOW.getTime() + 2 * DAY_MS);
    await seedUser(moto, world.member, { name: 'due-too', keys: [{ ageDays: 120, lastUsedDaysAgo: 1 }] }, later);
    await moto.clock.set(later);
    // An OU scope and a console event: the function cannot tell, so audit mode; the inventory's word settles it.
    const env = { [ROTATION_ENV.enforcedScope]: 'ou-abcd-11111111' };
    expect(await run(world, later, {}, { env })).toMatchObject({ dryRun: true, auditReason: 'SCOPE_UNRESOLVED', actions: { ROTATE: { PLANNED: 1 } } });
    expect(await run(world, later, { enforcedScope: 'inside' }, { env })).toMatchObject({ dryRun: false, actions: { ROTATE: { DONE: 1 } } });
  });
});
