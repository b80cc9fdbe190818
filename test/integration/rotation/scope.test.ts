import { ROTATION_ENV } from '../../../contract/env/rotation';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { seedUser } from '../../../emulator/iam-users';
import { useMoto } from '../../harness/moto';
import { sqsEvent, sqsRecord } from '../../harness/sqs-event';
import { createWorld, drainNotifications, invoke, keysOf, run, type World } from './fixture';

/** The inventory execution role's unique id, as the template passes it (GetAtt RoleId). */
const INVENTORY_ROLE_ID = 'AROAINVENTORY00000001';

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
    // An OU scope and a console event: the function cannot tell, so audit mode, whatever the event claims.
    const env = { [ROTATION_ENV.enforcedScope]: 'ou-abcd-11111111', [ROTATION_ENV.inventoryRoleId]: INVENTORY_ROLE_ID };
    expect(await run(world, later, {}, { env })).toMatchObject({ dryRun: true, auditReason: 'SCOPE_UNRESOLVED', actions: { ROTATE: { PLANNED: 1 } } });
    expect(await run(world, later, { enforcedScope: 'inside' }, { env })).toMatchObject({ dryRun: true, auditReason: 'SCOPE_UNRESOLVED' });
    // The same claim in a queue message another principal sent (an operator role): still audit mode.
    const message = { account: world.memberId, enforcedScope: 'inside' };
    const byOperator = sqsRecord(message);
    byOperator.attributes.SenderId = 'AROAOPERATOR0000000001:ops-session';
    expect((await invoke(world, sqsEvent(byOperator), { now: later, env })).result).toEqual({ batchItemFailures: [] });
    expect(await keysOf(moto, world.member, 'due-too')).toHaveLength(1);
    // The inventory's word, in a message its execution role sent, settles it.
    const byInventory = sqsRecord(message);
    byInventory.attributes.SenderId = `${INVENTORY_ROLE_ID}:ASA-Account-Inventory`;
    expect((await invoke(world, sqsEvent(byInventory), { now: later, env })).result).toEqual({ batchItemFailures: [] });
    expect(await keysOf(moto, world.member, 'due-too')).toHaveLength(2);
  });
});
