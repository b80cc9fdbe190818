import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { IAMClient, TagUserCommand } from '@aws-sdk/client-iam';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { USER_TAGS } from '../../../contract/names';
import { seedUser, type SeededKey } from '../../../emulator/iam-users';
import { ledgerDocument, type Ledger } from '../../../functions/core/ledger/schema';
import { ledgerKey } from '../../../functions/core/ledger/store';
import { CallCounter } from '../../harness/sdk-plugins';
import { useMoto } from '../../harness/moto';
import { createWorld, drainNotifications, invoke, OWNER_TAG, type World } from './fixture';

const moto = useMoto();
const BUCKET = 'ledger-writes-bucket';
const PREFIX = 'asa/asa-iam-rotation';
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const later = (minutes: number): Date => new Date(NOW.getTime() + minutes * 60_000);
const s3 = (): S3Client => new S3Client({ ...moto.config(), forcePathStyle: true });
const noWait = { now: () => 0, sleep: async () => undefined };

/** The ledger is written only when what it says changed: an idle account's later runs cost no PutObject. */
describe('the key ledger is written only when it changed', () => {
  let world: World;
  const idle = new Map<string, SeededKey>();

  beforeAll(async () => {
    world = await createWorld(moto, { [ROTATION_ENV.bucketName]: BUCKET, [ROTATION_ENV.bucketPrefix]: PREFIX });
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const name of ['idle-1', 'idle-2']) {
      const seeded = await seedUser(moto, world.member, { name, keys: [{ ageDays: 20, lastUsedDaysAgo: 1 }] }, NOW);
      idle.set(name, seeded.keys[0] as SeededKey);
    }
    // Due today: the first run rotates it, which leaves a history line in the ledger.
    await seedUser(moto, world.member, { name: 'due-app', tags: { [OWNER_TAG]: 'app-owner@example.com' }, keys: [{ ageDays: 100, lastUsedDaysAgo: 1 }] }, NOW);
  });

  async function stored(): Promise<{ body: string; ledger: Ledger }> {
    const object = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: ledgerKey(PREFIX, world.memberId) }));
    const body = (await object.Body?.transformToString()) ?? '';
    return { body, ledger: ledgerDocument.parse(JSON.parse(body)) };
  }

  async function runAt(now: Date): Promise<CallCounter> {
    const counter = new CallCounter();
    await invoke(world, { account: world.memberId }, { now, plugins: [counter.plugin], trailClock: noWait });
    await drainNotifications(moto, world.queueUrl);
    return counter;
  }

  let first: { body: string; ledger: Ledger };

  test('the first run writes it: every key named, the rotation in the history', async () => {
    const counter = await runAt(NOW);
    expect(counter.counts.get('S3.PutObject')).toBe(1);
    first = await stored();
    expect(first.ledger.users['idle-1']?.keys.map((key) => key.id)).toEqual([idle.get('idle-1')?.accessKeyId]);
    expect(first.ledger.users['due-app']?.actions).toEqual([expect.objectContaining({ action: 'ROTATE', outcome: 'done' })]);
  });

  test('a later run with nothing changed reads it and does not write it', async () => {
    // The run after the rotation finds the rotated user's new key (its report row changed): it lists it and writes.
    expect((await runAt(later(10))).counts.get('S3.PutObject')).toBe(1);
    const before = await stored();
    expect(before.ledger.users['due-app']?.keys.filter((key) => key.goneAt === undefined)).toHaveLength(2);
    const counter = await runAt(later(20));
    expect(counter.counts.get('S3.GetObject')).toBeGreaterThanOrEqual(1);
    expect(counter.counts.get('S3.PutObject')).toBeUndefined();
    expect(counter.counts.get('IAM.ListAccessKeys') ?? 0).toBeLessThanOrEqual(1);
    expect((await stored()).body).toBe(before.body);
  });

  test('a run with a change writes it, and nothing recorded before is lost', async () => {
    const before = await stored();
    await new IAMClient(moto.config(world.member)).send(new TagUserCommand({ UserName: 'idle-2', Tags: [{ Key: USER_TAGS.hold, Value: '2099-01-31' }] }));
    const counter = await runAt(later(30));
    expect(counter.counts.get('S3.PutObject')).toBe(1);
    const after = (await stored()).ledger;
    expect(after.users['idle-2']?.holdUntil).toMatch(/^2099-0[12]-/);
    expect(after.updatedAt).toBe(later(30).toISOString());
    // Key ids, history lines and the where-used cache of the runs before are all still there.
    for (const [userName, user] of Object.entries(before.ledger.users)) {
      expect(after.users[userName]?.keys.map((key) => key.id)).toEqual(user.keys.map((key) => key.id));
      expect(after.users[userName]?.actions).toEqual(user.actions);
      expect(after.users[userName]?.whereUsed).toEqual(user.whereUsed);
    }
    expect(after.users['idle-1']?.keys[0]?.id).toBe(first.ledger.users['idle-1']?.keys[0]?.id);
  });
});
