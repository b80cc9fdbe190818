import { secretName, USER_TAGS } from '../../../contract/names';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { seedUser } from '../../../emulator/iam-users';
import { useMoto } from '../../harness/moto';
import { actionsFor, createWorld, drainNotifications, keysOf, principals, recordOf, run, secretOf, type World } from './fixture';
import { sqsRecord } from '../../harness/sqs-event';

const moto = useMoto();
const T0 = new Date(Date.UTC(2025, 0, 6, 9, 0, 0));
const day = (n: number) => new Date(T0.getTime() + n * DAY_MS);
/**
 * The run of day n. IAM stamps a new key a moment after the run's `now`, and
 * days are exact 86,400 s, so a run at exactly the same time of day ten days
 * later would find the key a few milliseconds short of ten days old. Each run
 * here is a minute later in the day than the one before, so the table's days
 * and the schedule's days agree (see the report on daily schedules).
 */
const runOn = (n: number) => new Date(day(n).getTime() + n * 60_000);

/** The lifecycle table of docs/design.md#4-key-lifecycle for one key created on day 0, R=90, B=10, G=10, WarningDays 7,1 (each run names its milestone; the notifier sends each once). */
function expectedOn(d: number): string[] {
  if (d === 90) return ['ROTATE:DONE'];
  if (d >= 93 && d <= 99) return ['WARN(DEACTIVATE):PLANNED'];
  if (d === 100) return ['DEACTIVATE:DONE'];
  if (d >= 103 && d <= 109) return ['WARN(DELETE):PLANNED'];
  if (d === 110) return ['DELETE:DONE'];
  return [];
}

describe('rotation lifecycle on moto', () => {
  let world: World;

  beforeEach(async () => {
    await moto.reset();
    world = await createWorld(moto);
  });

  test('a key walked day by day from day 85 to 112: warnings, rotation on 90, deactivation on 100, deletion on 110', async () => {
    const seeded = await seedUser(moto, world.member, { name: 'alice', keys: [{ ageDays: 0, lastUsedDaysAgo: 0 }] }, T0);
    const original = seeded.keys[0]?.accessKeyId;
    const name = secretName(world.memberId, 'alice');
    const observed: Record<number, string[]> = {};
    const expected: Record<number, string[]> = {};
    for (let d = 85; d <= 112; d++) {
      await moto.clock.set(runOn(d));
      await run(world, runOn(d));
      observed[d] = actionsFor(await drainNotifications(moto, world.queueUrl), 'alice');
      expected[d] = expectedOn(d);

      const keys = await keysOf(moto, world.member, 'alice');
      const secret = await secretOf(moto, world.member, name);
      if (d < 90) {
        expect(keys.map((k) => k.AccessKeyId)).toEqual([original]);
        expect(secret).toBeUndefined();
        continue;
      }
      const newest = keys.at(-1);
      expect(newest?.AccessKeyId).not.toBe(original);
      // The secret always holds the newest key, readable by alice alone.
      expect(secret?.value.AccessKeyId).toBe(newest?.AccessKeyId);
      expect(secret?.value.UserName).toBe('alice');
      expect(principals(secret!)).toEqual([`arn:aws:iam::${world.memberId}:user/alice`]);
      const old = keys.find((k) => k.AccessKeyId === original);
      if (d < 100) expect(old?.Status).toBe('Active');
      else if (d < 110) expect(old?.Status).toBe('Inactive');
      else expect(old).toBeUndefined();
    }
    expect(observed).toEqual(expected);
  });

  test('first deployment: a 400-day-old key is rotated on the first run, with the full grace periods after it', async () => {
    await seedUser(moto, world.member, { name: 'legacy', keys: [{ ageDays: 400, lastUsedDaysAgo: 1 }] }, day(400));
    const steps: Record<number, string[]> = {};
    for (const offset of [0, 9, 10, 19, 20]) {
      await moto.clock.set(runOn(400 + offset));
      await run(world, runOn(400 + offset));
      steps[offset] = actionsFor(await drainNotifications(moto, world.queueUrl), 'legacy');
    }
    expect(steps).toEqual({
      0: ['ROTATE:DONE'],
      9: ['WARN(DEACTIVATE):PLANNED'],
      10: ['DEACTIVATE:DONE'],
      19: ['WARN(DELETE):PLANNED'],
      20: ['DELETE:DONE'],
    });
    const keys = await keysOf(moto, world.member, 'legacy');
    expect(keys).toHaveLength(1);
    expect((await secretOf(moto, world.member, secretName(world.memberId, 'legacy')))?.value.AccessKeyId).toBe(keys[0]?.AccessKeyId);
  });

  test('two active old keys: the least recently used is deactivated (recorded on the user), then deleted and the other rotated at the next day\'s run', async () => {
    const now = day(200);
    const seeded = await seedUser(
      moto,
      world.member,
      { name: 'twokeys', keys: [{ ageDays: 200, lastUsedDaysAgo: 1 }, { ageDays: 150, lastUsedDaysAgo: 60 }] },
      now,
    );
    const [usedRecently, usedLongAgo] = seeded.keys.map((k) => k.accessKeyId);
    await moto.clock.set(now);
    const first = await run(world, now);
    const admin = (await drainNotifications(moto, world.queueUrl)).find((m) => m.recipient.role === 'ADMIN');
    const firstActions = admin?.users.find((u) => u.userName === 'twokeys')?.actions ?? [];
    expect(firstActions.map((a) => `${a.type}:${a.keyId}:${a.outcome}:${a.severity}`)).toEqual([`DEACTIVATE:${usedLongAgo}:DONE:INFO`]);
    expect(firstActions[0]?.lastUse?.service).toBe('sts');
    expect((await keysOf(moto, world.member, 'twokeys')).map((k) => `${k.AccessKeyId}:${k.Status}`)).toEqual([`${usedRecently}:Active`, `${usedLongAgo}:Inactive`]);
    expect(await recordOf(moto, world.member, 'twokeys')).toBe(`${usedLongAgo}@${now.toISOString()}+rotation`);
    expect(first.failures).toEqual([]);

    // The same day again: nothing (the deactivated key gets a day to be missed).
    expect((await run(world, new Date(now.getTime() + 3_600_000))).actions).toEqual({});
    const tomorrow = runOn(201);
    await moto.clock.set(tomorrow);
    const second = await run(world, tomorrow);
    expect(second.actions).toEqual({ DELETE: { DONE: 1 }, ROTATE: { DONE: 1 } });
    const keys = await keysOf(moto, world.member, 'twokeys');
    expect(keys.map((k) => `${k.AccessKeyId === usedRecently ? 'old' : 'new'}:${k.Status}`)).toEqual(['old:Active', 'new:Active']);
    // The deleted key leaves the record; nothing else is in it, so the tag is gone.
    expect(await recordOf(moto, world.member, 'twokeys')).toBeUndefined();
  });

  test('a record naming a key deleted by hand is cleaned at the next run, with no other change', async () => {
    const now = day(200);
    const seeded = await seedUser(moto, world.member, { name: 'tidy', keys: [{ ageDays: 30, lastUsedDaysAgo: 1 }] }, now);
    const { TagUserCommand, IAMClient } = await import('@aws-sdk/client-iam');
    // Left by an earlier run whose key someone has since deleted.
    await new IAMClient(moto.config(world.member)).send(
      new TagUserCommand({ UserName: 'tidy', Tags: [{ Key: USER_TAGS.deactivated, Value: 'AKIAGONE000000000000@2025-01-01T06:00:00.000Z' }] }),
    );
    await moto.clock.set(now);
    const summary = await run(world, now);
    expect(summary.actions).toEqual({});
    expect(await recordOf(moto, world.member, 'tidy')).toBeUndefined();
    expect((await keysOf(moto, world.member, 'tidy')).map((k) => k.AccessKeyId)).toEqual([seeded.keys[0]?.accessKeyId]);
  });

  test('forced rotation of one user rotates a young key and leaves the others alone', async () => {
    const now = day(30);
    await seedUser(moto, world.member, { name: 'svc-deploy', keys: [{ ageDays: 30, lastUsedDaysAgo: 1 }] }, now);
    const bystander = await seedUser(moto, world.member, { name: 'bystander', keys: [{ ageDays: 30, lastUsedDaysAgo: 1 }] }, now);
    await moto.clock.set(now);
    const summary = await run(world, now, { ForceRotate: 'svc-deploy' });
    expect(summary.actions).toEqual({ ROTATE: { DONE: 1 } });
    expect(await keysOf(moto, world.member, 'svc-deploy')).toHaveLength(2);
    expect((await keysOf(moto, world.member, 'bystander')).map((k) => k.AccessKeyId)).toEqual([bystander.keys[0]?.accessKeyId]);
    const messages = await drainNotifications(moto, world.queueUrl);
    expect(actionsFor(messages, 'svc-deploy')).toEqual(['ROTATE:DONE']);
    expect(messages.find((m) => m.recipient.role === 'ADMIN')?.users[0]?.actions[0]?.reason).toBe('FORCED_ROTATION');
  });

  test('a ForceRotate list naming an unknown user reports it and rotates the known one', async () => {
    const now = day(30);
    await seedUser(moto, world.member, { name: 'known', keys: [{ ageDays: 30, lastUsedDaysAgo: 1 }] }, now);
    await moto.clock.set(now);
    const summary = await run(world, now, { ForceRotate: ['known', 'ghost'] });
    expect(summary.actions).toEqual({ ROTATE: { DONE: 1 } });
    expect(summary.notes).toEqual(['ForceRotate: no user named ghost in this account']);
  });

  test('the same message delivered twice does the work once', async () => {
    const now = day(120);
    await seedUser(moto, world.member, { name: 'due', keys: [{ ageDays: 120, lastUsedDaysAgo: 1 }] }, now);
    await seedUser(moto, world.member, { name: 'unused', keys: [{ ageDays: 95 }] }, now);
    await moto.clock.set(now);
    const record = (id: string) =>
      sqsRecord({ account: world.memberId, email: 'workload-owner@example.com', runId: 'run-1', expectedAccounts: 1 }, { messageId: id });
    const first = await run(world, now);
    const keysAfterFirst = {
      due: (await keysOf(moto, world.member, 'due')).map((k) => `${k.AccessKeyId}:${k.Status}`),
      unused: (await keysOf(moto, world.member, 'unused')).map((k) => `${k.AccessKeyId}:${k.Status}`),
    };
    const secretAfterFirst = await secretOf(moto, world.member, secretName(world.memberId, 'due'));
    const { invoke } = await import('./fixture');
    // The redelivery comes through SQS: the same body twice in one batch.
    const second = await invoke(world, { Records: [record('a'), record('b')] }, { now });
    expect(second.result).toEqual({ batchItemFailures: [] });
    // The never-used key is deactivated once its replacement is stored, not deleted.
    expect(first.actions).toEqual({ ROTATE: { DONE: 2 }, DEACTIVATE: { DONE: 1 } });
    expect({
      due: (await keysOf(moto, world.member, 'due')).map((k) => `${k.AccessKeyId}:${k.Status}`),
      unused: (await keysOf(moto, world.member, 'unused')).map((k) => `${k.AccessKeyId}:${k.Status}`),
    }).toEqual(keysAfterFirst);
    expect((await secretOf(moto, world.member, secretName(world.memberId, 'due')))?.value).toEqual(secretAfterFirst?.value);
    const summaries = second.logLines
      .map((line) => JSON.parse(line) as { message: string; summary?: { actions: object } })
      .filter((line) => line.message === 'rotation run complete');
    expect(summaries.map((line) => line.summary?.actions)).toEqual([{}, {}]);
  });
});
