import { IAMClient, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { DEFAULT_EXEMPTION_TAG_KEY, secretName, USER_TAGS } from '../../../contract/names';
import { parseDeactivationRecord } from '../../../functions/core/lifecycle';
import type { NotificationMessage, ResultAction } from '../../../functions/core/messages/notification';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { seedUser } from '../../../emulator/iam-users';
import { useMoto } from '../../harness/moto';
import { FaultInjector } from '../../harness/sdk-plugins';
import { createWorld, drainNotifications, invoke, keysOf, OWNER_TAG, recordOf, run, secretOf, tagOf, type World } from './fixture';
import { sqsEvent, sqsRecord } from '../../harness/sqs-event';

const moto = useMoto();
const NOW = new Date(Date.UTC(2025, 4, 5, 6, 0, 0));
const at = (days: number) => new Date(NOW.getTime() + days * DAY_MS);

const statusesOf = async (world: World, user: string) => (await keysOf(moto, world.member, user)).map((k) => `${k.AccessKeyId}:${k.Status}`);
const actionOf = (messages: readonly NotificationMessage[], user: string, role = 'ADMIN'): ResultAction | undefined =>
  messages.find((m) => m.recipient.role === role)?.users.find((u) => u.userName === user)?.actions[0];

describe('operator events on moto', () => {
  let world: World;

  beforeEach(async () => {
    await moto.reset();
    world = await createWorld(moto);
  });

  describe('{"ForceRotate": ..., "DeactivateOld": true}', () => {
    test('"*" rotates every user that is neither exempt nor on hold, deactivates the replaced keys once the new ones are stored; a redelivery changes nothing', async () => {
      for (const name of ['a', 'b']) await seedUser(moto, world.member, { name, keys: [{ ageDays: 20, lastUsedDaysAgo: 1 }] }, NOW);
      await seedUser(moto, world.member, { name: 'exempt', tags: { [DEFAULT_EXEMPTION_TAG_KEY]: 'true' }, keys: [{ ageDays: 20, lastUsedDaysAgo: 1 }] }, NOW);
      await seedUser(moto, world.member, { name: 'held', tags: { [USER_TAGS.hold]: '2099-01-01' }, keys: [{ ageDays: 20, lastUsedDaysAgo: 1 }] }, NOW);
      await moto.clock.set(NOW);
      const event = { ForceRotate: '*', DeactivateOld: true };
      const first = await run(world, NOW, event);
      expect(first.actions).toEqual({ ROTATE: { DONE: 2 }, DEACTIVATE: { DONE: 2 } });
      for (const name of ['a', 'b']) {
        const keys = await keysOf(moto, world.member, name);
        expect(keys.map((k) => k.Status)).toEqual(['Inactive', 'Active']);
        expect((await secretOf(moto, world.member, secretName(world.memberId, name)))?.value.AccessKeyId).toBe(keys[1]?.AccessKeyId);
        expect(parseDeactivationRecord(await recordOf(moto, world.member, name)).entries.map((e) => e.keyId)).toEqual([keys[0]?.AccessKeyId]);
      }
      for (const name of ['exempt', 'held']) expect(await keysOf(moto, world.member, name)).toHaveLength(1);
      const admin = (await drainNotifications(moto, world.queueUrl)).find((m) => m.recipient.role === 'ADMIN');
      expect(admin?.users.find((u) => u.userName === 'a')?.actions.map((a) => `${a.type}:${a.reason}:${a.severity}`)).toEqual([
        'ROTATE:FORCED_ROTATION:INFO',
        // The old key was last used a day ago: switching it off is CRITICAL, and the message says where it ran.
        'DEACTIVATE:DEACTIVATE_OLD_REQUESTED:CRITICAL',
      ]);

      const before = { a: await statusesOf(world, 'a'), b: await statusesOf(world, 'b') };
      const again = await invoke(world, sqsEvent(sqsRecord({ account: world.memberId, ...event }, { messageId: 'redelivered' })), {
        now: new Date(NOW.getTime() + 3_600_000),
      });
      expect(again.result).toEqual({ batchItemFailures: [] });
      expect({ a: await statusesOf(world, 'a'), b: await statusesOf(world, 'b') }).toEqual(before);
    });

    test('a user with two active keys: the least recently used is deactivated now, and the next scheduled run deletes it, rotates and deactivates the replaced key', async () => {
      const seeded = await seedUser(moto, world.member, { name: 'leaked', keys: [{ ageDays: 60, lastUsedDaysAgo: 30 }, { ageDays: 5, lastUsedDaysAgo: 1 }] }, NOW);
      const [older, newer] = seeded.keys.map((k) => k.accessKeyId);
      await moto.clock.set(NOW);
      expect((await run(world, NOW, { ForceRotate: 'leaked', DeactivateOld: 'true' })).actions).toEqual({ DEACTIVATE: { DONE: 1 } });
      expect(await recordOf(moto, world.member, 'leaked')).toBe(`${older}@${NOW.toISOString()}+forced-deactivate-old`);
      await moto.clock.set(at(1));
      // The next day's run is a scheduled one: the record carries the forced rotation on.
      expect((await run(world, at(1))).actions).toEqual({ DELETE: { DONE: 1 }, ROTATE: { DONE: 1 }, DEACTIVATE: { DONE: 1 } });
      const keys = await keysOf(moto, world.member, 'leaked');
      expect(keys.map((k) => `${k.AccessKeyId === newer ? 'replaced' : 'new'}:${k.Status}`)).toEqual(['replaced:Inactive', 'new:Active']);
      expect(parseDeactivationRecord(await recordOf(moto, world.member, 'leaked')).entries).toEqual([{ keyId: newer, at: at(1) }]);
    });
  });

  describe('{"Reactivate": USER}', () => {
    /** alice's old key deactivated by the tool on day 0 (replaced 10 days before, still used: CRITICAL). */
    async function deactivatedByTheTool(): Promise<string> {
      const seeded = await seedUser(moto, world.member, { name: 'alice', tags: { [OWNER_TAG]: 'alice@example.com' }, keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }, { ageDays: 10, lastUsedDaysAgo: 1 }] }, NOW);
      await moto.clock.set(NOW);
      await run(world, NOW);
      await drainNotifications(moto, world.queueUrl);
      expect((await keysOf(moto, world.member, 'alice')).map((k) => k.Status)).toEqual(['Inactive', 'Active']);
      return seeded.keys[0]?.accessKeyId ?? '';
    }

    test('switches the key back on, holds the user for RecoveryGracePeriod days, and tells the owner and the admin; the next runs leave the user alone', async () => {
      const old = await deactivatedByTheTool();
      const later = new Date(NOW.getTime() + 7_200_000);
      await moto.clock.set(later);
      const summary = await run(world, later, { Reactivate: 'alice' });
      expect(summary.actions).toEqual({ REACTIVATE: { DONE: 1 } });
      expect((await keysOf(moto, world.member, 'alice')).map((k) => k.Status)).toEqual(['Active', 'Active']);
      const holdUntil = new Date(later.getTime() + 10 * DAY_MS).toISOString();
      expect(await tagOf(moto, world.member, 'alice', USER_TAGS.hold)).toBe(holdUntil);
      expect(await recordOf(moto, world.member, 'alice')).toBeUndefined();
      const messages = await drainNotifications(moto, world.queueUrl);
      for (const role of ['ADMIN', 'OWNER']) {
        expect({ role, action: actionOf(messages, 'alice', role) }).toMatchObject({ role, action: { type: 'REACTIVATE', keyId: old, outcome: 'DONE', holdUntil } });
      }
      await moto.clock.set(at(1));
      const next = await run(world, at(1));
      expect(next.users).toMatchObject({ held: 1 });
      expect((await keysOf(moto, world.member, 'alice')).map((k) => k.Status)).toEqual(['Active', 'Active']);
    });

    test('a key this tool did not deactivate is not touched: the event fails for that user, naming why', async () => {
      const seeded = await seedUser(moto, world.member, { name: 'bob', keys: [{ ageDays: 30, lastUsedDaysAgo: 1 }, { ageDays: 5, lastUsedDaysAgo: 1 }] }, NOW);
      await new IAMClient(moto.config(world.member)).send(new UpdateAccessKeyCommand({ UserName: 'bob', AccessKeyId: seeded.keys[0]?.accessKeyId, Status: 'Inactive' }));
      await moto.clock.set(NOW);
      const summary = await run(world, NOW, { Reactivate: 'bob' });
      expect(summary.failures).toEqual([expect.stringMatching(/^bob: Reactivate: no key of bob was deactivated by this tool/)]);
      expect((await keysOf(moto, world.member, 'bob')).map((k) => k.Status)).toEqual(['Inactive', 'Active']);
      expect(await tagOf(moto, world.member, 'bob', USER_TAGS.hold)).toBeUndefined();
      expect((await run(world, NOW, { Reactivate: 'nobody' })).failures).toEqual(['nobody: Reactivate: no user named nobody in this account; nothing changed']);
    });

    test('in audit mode it reports what it would do and changes nothing', async () => {
      await deactivatedByTheTool();
      const summary = await run(world, NOW, { Reactivate: 'alice' }, { env: { [ROTATION_ENV.dryRun]: 'True' } });
      expect(summary.actions).toEqual({ REACTIVATE: { PLANNED: 1 } });
      expect((await keysOf(moto, world.member, 'alice')).map((k) => k.Status)).toEqual(['Inactive', 'Active']);
      expect(await tagOf(moto, world.member, 'alice', USER_TAGS.hold)).toBeUndefined();
    });

    test.each([
      ['TagUser', 'nothing changed: the key stays inactive and no hold is set', ['Inactive', 'Active'], false, true],
      ['UpdateAccessKey', 'the key stays inactive, the hold is set, and the record still names the key so the event can be sent again', ['Inactive', 'Active'], true, true],
      ['UntagUser', 'the key is active and held; only the record lags (an entry for an active key is ignored), and the failure says so', ['Active', 'Active'], true, true],
    ] as const)('a failed %s: %s', async (operation, _why, statuses, held, recorded) => {
      const old = await deactivatedByTheTool();
      const faults = new FaultInjector().failNext(operation);
      const summary = await run(world, NOW, { Reactivate: 'alice' }, { plugins: [faults.plugin] });
      expect(faults.injected).toEqual([operation]);
      expect(summary.failures).toHaveLength(1);
      expect((await keysOf(moto, world.member, 'alice')).map((k) => k.Status)).toEqual(statuses);
      expect((await tagOf(moto, world.member, 'alice', USER_TAGS.hold)) !== undefined).toBe(held);
      expect(parseDeactivationRecord(await recordOf(moto, world.member, 'alice')).entries.some((e) => e.keyId === old)).toBe(recorded);
      if (operation !== 'UntagUser') {
        // Sent again, it completes.
        expect((await run(world, NOW, { Reactivate: 'alice' })).failures).toEqual([]);
        expect((await keysOf(moto, world.member, 'alice')).map((k) => k.Status)).toEqual(['Active', 'Active']);
      }
    });
  });
});
