import { ROTATION_ENV } from '../../../contract/env/rotation';
import { DEFAULT_EXEMPTION_GROUP, DEFAULT_EXEMPTION_TAG_KEY, USER_TAGS } from '../../../contract/names';
import { accountRows } from '../../../functions/core/compliance';
import { DEFAULT_LIFECYCLE_SETTINGS, parseDeactivationRecord, planUser } from '../../../functions/core/lifecycle';
import { createLogger } from '../../../functions/core/log/logger';
import { accountKeys } from '../../../functions/rotation/account-keys';
import { planAccount } from '../../../functions/rotation/plan-account';
import type { NotificationMessage, ResultAction } from '../../../functions/core/messages/notification';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { seedUser, type SeededKey } from '../../../emulator/iam-users';
import { useMoto } from '../../harness/moto';
import { ADMIN, createWorld, drainNotifications, keysOf, OWNER_TAG, recordOf, run, useKey, type World } from './fixture';

const moto = useMoto();
const T0 = new Date(Date.UTC(2025, 2, 3, 6, 0, 0));
const day = (n: number) => new Date(T0.getTime() + n * DAY_MS + n * 60_000);
const POSTPONE = { [ROTATION_ENV.inUseKeyAction]: 'Postpone' };
const PLAN_OPTIONS = {
  settings: DEFAULT_LIFECYCLE_SETTINGS,
  exemptionGroup: DEFAULT_EXEMPTION_GROUP,
  exemptionTagKey: DEFAULT_EXEMPTION_TAG_KEY,
  forceRotate: [],
  plan: planUser,
  concurrency: 4,
  polling: { delaysMs: [0, 0], sleep: async () => undefined },
};

/** The actions reported about one user to one recipient. */
function actionsOf(messages: readonly NotificationMessage[], userName: string, role = 'ADMIN'): readonly ResultAction[] {
  return messages.find((m) => m.recipient.role === role)?.users.find((u) => u.userName === userName)?.actions ?? [];
}

const brief = (action: ResultAction | undefined): string => (action ? `${action.type}:${action.outcome}:${action.severity}` : 'none');

describe('usage-aware lifecycle on moto: in use, Postpone, holds, per-user periods', () => {
  let world: World;
  let old: SeededKey;

  beforeEach(async () => {
    await moto.reset();
    world = await createWorld(moto);
  });

  /** A user replaced 10 days before day 0 (its new key 10 days old), its old key still used by an application. */
  async function replacedAndStillUsed(name = 'app'): Promise<void> {
    const seeded = await seedUser(moto, world.member, { name, tags: { [OWNER_TAG]: `${name}-owner@example.com` }, keys: [{ ageDays: 100 }, { ageDays: 10 }] }, day(0));
    old = seeded.keys[0] as SeededKey;
    await useKey(moto, old, new Date(day(0).getTime() - 3 * 3_600_000));
  }

  test('Deactivate (the default): a key in use on its date is deactivated, CRITICAL, and owner and admin are told where it was last used', async () => {
    await replacedAndStillUsed();
    await moto.clock.set(day(0));
    const summary = await run(world, day(0));
    expect(summary.actions).toEqual({ DEACTIVATE: { DONE: 1 } });
    const messages = await drainNotifications(moto, world.queueUrl);
    for (const role of ['ADMIN', 'OWNER']) {
      const [action] = actionsOf(messages, 'app', role);
      expect({ role, action: brief(action), inUse: action?.inUse, service: action?.lastUse?.service, region: action?.lastUse?.region }).toEqual({
        role,
        action: 'DEACTIVATE:DONE:CRITICAL',
        inUse: true,
        service: 's3',
        region: 'eu-west-1',
      });
      // moto's clock ran on for the milliseconds the request took.
      expect(Math.abs(Date.parse(action?.lastUse?.at ?? '') - (day(0).getTime() - 3 * 3_600_000))).toBeLessThan(5_000);
    }
    expect((await keysOf(moto, world.member, 'app')).map((k) => k.Status)).toEqual(['Inactive', 'Active']);
    expect(parseDeactivationRecord(await recordOf(moto, world.member, 'app')).entries).toEqual([{ keyId: old.accessKeyId, at: day(0) }]);
  });

  test('Postpone: postponed (CRITICAL the first day, then WARNING) while in use, then deactivated once unused for InUseWindow days', async () => {
    await replacedAndStillUsed();
    const seen: Record<number, string> = {};
    for (let d = 0; d <= 6; d++) {
      // The application uses the old key until day 2, then moves to the new one.
      if (d > 0 && d <= 2) await useKey(moto, old, new Date(day(d).getTime() - 3_600_000));
      await moto.clock.set(day(d));
      await run(world, day(d), {}, { env: POSTPONE });
      const [action] = actionsOf(await drainNotifications(moto, world.queueUrl), 'app');
      seen[d] = `${brief(action)}${action?.deadline ? ` until ${action.deadline.slice(0, 10)}` : ''}`;
    }
    const deadline = new Date(T0.getTime() + 20 * DAY_MS).toISOString().slice(0, 10);
    expect(seen).toEqual({
      0: `POSTPONE:DONE:CRITICAL until ${deadline}`,
      1: `POSTPONE:DONE:WARNING until ${deadline}`,
      2: `POSTPONE:DONE:WARNING until ${deadline}`,
      3: `POSTPONE:DONE:WARNING until ${deadline}`,
      // Last used an hour before day 2's run: on day 4 that is two days ago, not in use any more.
      4: 'DEACTIVATE:DONE:INFO',
      5: 'none',
      6: 'none',
    });
    expect((await keysOf(moto, world.member, 'app')).map((k) => k.Status)).toEqual(['Inactive', 'Active']);
  });

  test('Postpone: still in use B + P days after the rotation, the key is deactivated anyway, CRITICAL (invariant 8 and no further)', async () => {
    await replacedAndStillUsed();
    // Replaced 10 days before day 0: B + P = 30 days after that is day 20, from 00:00 UTC.
    const day20 = new Date(Date.UTC(2025, 2, 23));
    await moto.clock.set(new Date(day20.getTime() - 3_600_000));
    await useKey(moto, old, new Date(day20.getTime() - 2 * 3_600_000));
    await run(world, new Date(day20.getTime() - 1), {}, { env: POSTPONE });
    expect(actionsOf(await drainNotifications(moto, world.queueUrl), 'app').map(brief)).toEqual(['POSTPONE:DONE:WARNING']);
    await moto.clock.set(day20);
    await run(world, day20, {}, { env: POSTPONE });
    const [action] = actionsOf(await drainNotifications(moto, world.queueUrl), 'app');
    expect([brief(action), action?.reason, action?.lastUse?.service]).toEqual(['DEACTIVATE:DONE:CRITICAL', 'POSTPONEMENT_ENDED', 's3']);
  });

  test('a user on hold (IAMKeyRotationHold) is not touched, and the admin is told until when; after the date the lifecycle goes on', async () => {
    const until = new Date(T0.getTime() + 3 * DAY_MS).toISOString().slice(0, 10);
    const seeded = await seedUser(moto, world.member, { name: 'held', tags: { [USER_TAGS.hold]: until }, keys: [{ ageDays: 200, lastUsedDaysAgo: 1 }] }, day(0));
    await moto.clock.set(day(0));
    const summary = await run(world, day(0));
    expect(summary.users).toMatchObject({ held: 1, withActions: 0 });
    expect((await keysOf(moto, world.member, 'held')).map((k) => k.AccessKeyId)).toEqual([seeded.keys[0]?.accessKeyId]);
    const admin = (await drainNotifications(moto, world.queueUrl)).find((m) => m.recipient.role === 'ADMIN');
    // A date alone holds through that whole UTC day.
    expect(admin?.held).toEqual([{ userName: 'held', until: new Date(Date.UTC(2025, 2, 7)).toISOString() }]);
    // npm run plan shows the user held, until when, from the same observation.
    const planned = await planAccount(
      { credentials: world.member },
      { ...PLAN_OPTIONS, now: day(0), region: 'us-east-1', aws: { plugins: [] }, logger: createLogger('plan', { sink: () => undefined }) },
    );
    const keys = accountKeys(planned, { accountId: world.memberId, accountName: null, exemptionGroup: DEFAULT_EXEMPTION_GROUP, exemptionTagKey: DEFAULT_EXEMPTION_TAG_KEY });
    const [row] = accountRows(keys, { settings: DEFAULT_LIFECYCLE_SETTINGS, now: day(0), plan: planUser });
    expect({ standing: row?.standing, because: row?.row.exemptReason }).toEqual({ standing: 'held', because: 'tag IAMKeyRotationHold until 2025-03-06' });
    await moto.clock.set(day(4));
    expect((await run(world, day(4))).actions).toEqual({ ROTATE: { DONE: 1 } });
  });

  test('IAMKeyRotationPeriod shortens the period for one user; a longer or unreadable value is ignored and the admin told', async () => {
    await seedUser(moto, world.member, { name: 'short', tags: { [USER_TAGS.period]: '30' }, keys: [{ ageDays: 31, lastUsedDaysAgo: 1 }] }, day(0));
    await seedUser(moto, world.member, { name: 'longer', tags: { [USER_TAGS.period]: '120' }, keys: [{ ageDays: 31, lastUsedDaysAgo: 1 }] }, day(0));
    await seedUser(moto, world.member, { name: 'typo', tags: { [USER_TAGS.period]: 'monthly' }, keys: [{ ageDays: 31, lastUsedDaysAgo: 1 }] }, day(0));
    await moto.clock.set(day(0));
    const summary = await run(world, day(0));
    expect(summary.actions).toEqual({ ROTATE: { DONE: 1 } });
    expect(await keysOf(moto, world.member, 'short')).toHaveLength(2);
    const messages = await drainNotifications(moto, world.queueUrl);
    const admin = messages.find((m) => m.recipient.role === 'ADMIN');
    expect(admin?.notes).toEqual([
      expect.stringMatching(/^longer: IAMKeyRotationPeriod=120 is longer than RotationPeriod \(90 days\) and is ignored/),
      expect.stringMatching(/^typo: IAMKeyRotationPeriod="monthly" is not a whole number of days/),
    ]);
    expect(admin?.recipient.email).toBe(ADMIN);
  });
});
