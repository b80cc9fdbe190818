import { IAMClient, TagUserCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { USER_TAGS } from '../../../contract/names';
import { seedTrailEvents } from '../../../emulator/cloudtrail';
import { seedUser, type SeededKey } from '../../../emulator/iam-users';
import { ledgerDocument, type Ledger } from '../../../functions/core/ledger/schema';
import { ledgerKey } from '../../../functions/core/ledger/store';
import { CallCounter } from '../../harness/sdk-plugins';
import { useMoto } from '../../harness/moto';
import { createWorld, drainNotifications, invoke, OWNER_TAG, type World } from './fixture';

const moto = useMoto();
const BUCKET = 'ledger-stack-bucket';
const PREFIX = 'asa/asa-iam-rotation';
// Real time: LookupEvents (the emulator as AWS) serves the last 90 days of its own clock.
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const later = (minutes: number): Date => new Date(NOW.getTime() + minutes * 60_000);
const GITHUB = 'aws-sdk-js/3.600.0 ua/2.1 os/linux lang/js md/nodejs#20 configure-aws-credentials-for-github-actions';
const CLI = 'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1';

const s3 = (): S3Client => new S3Client({ ...moto.config(), forcePathStyle: true });
const noWait = { now: () => 0, sleep: async () => undefined };

describe('the key ledger and where keys are still used, in the rotation function', () => {
  let world: World;
  let replaced: SeededKey;

  beforeAll(async () => {
    world = await createWorld(moto, { [ROTATION_ENV.bucketName]: BUCKET, [ROTATION_ENV.bucketPrefix]: PREFIX });
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const name of ['idle-1', 'idle-2']) await seedUser(moto, world.member, { name, keys: [{ ageDays: 20, lastUsedDaysAgo: 1 }] }, NOW);
    // Rotated 3 days ago: its old key stops in 7 days, the largest WarningDays, so the owner is reminded today.
    const app = await seedUser(moto, world.member, { name: 'ci', tags: { [OWNER_TAG]: 'ci-owner@example.com' }, keys: [{ ageDays: 93, lastUsedDaysAgo: 1 }, { ageDays: 3 }] }, NOW);
    replaced = app.keys[0] as SeededKey;
    const at = (hoursAgo: number): string => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();
    await seedTrailEvents(moto.endpoint, 'us-east-1', [
      { accessKeyId: replaced.accessKeyId, eventTime: at(30), sourceIPAddress: '20.1.2.3', userAgent: GITHUB, eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity' },
      { accessKeyId: replaced.accessKeyId, eventTime: at(29), sourceIPAddress: '20.1.2.3', userAgent: CLI, eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' },
    ]);
  });

  async function ledger(): Promise<Ledger> {
    const object = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: ledgerKey(PREFIX, world.memberId) }));
    return ledgerDocument.parse(JSON.parse((await object.Body?.transformToString()) ?? ''));
  }

  async function runAt(now: Date): Promise<{ counter: CallCounter; logLines: string[] }> {
    const counter = new CallCounter();
    const { logLines } = await invoke(world, { account: world.memberId }, { now, plugins: [counter.plugin], trailClock: noWait });
    return { counter, logLines };
  }

  test('first run: the missing ledger is rebuilt from IAM (a WARNING), idle users listed once, every key named', async () => {
    const { counter, logLines } = await runAt(NOW);
    expect(logLines.some((line) => line.includes('"level":"WARN"') && line.includes('key ledger not found'))).toBe(true);
    // ci is examined (its reminder is due); the two idle users are listed because the ledger does not know them.
    expect(counter.counts.get('IAM.ListAccessKeys')).toBe(3);
    const saved = await ledger();
    expect(Object.keys(saved.users).sort()).toEqual(['ci', 'idle-1', 'idle-2']);
    expect(saved.users['idle-1']?.keys[0]?.id).toMatch(/^AKIA/);
    expect(saved.users['idle-1']?.reportRow).toHaveLength(1);
  });

  test("the owner's reminder carries CloudTrail's evidence and the advice, and the summary is kept in the ledger", async () => {
    const messages = await drainNotifications(moto, world.queueUrl);
    const owner = messages.find((message) => message.recipient.role === 'OWNER');
    const warn = owner?.users.find((user) => user.userName === 'ci')?.actions.find((action) => action.type === 'WARN');
    expect(warn?.keyId).toBe(replaced.accessKeyId);
    expect(warn?.evidence).toEqual([
      expect.stringMatching(/^Still used on \d+ \w{3} from 20\.1\.2\.3 by the AWS CLI and the GitHub Actions credentials action\.$/),
      expect.stringMatching(/^2 management events in CloudTrail \(us-east-1\) since /),
      "Used only from GitHub Actions: GitHub's OIDC provider removes the need for this key.",
    ]);
    const summary = (await ledger()).users.ci?.whereUsed[replaced.accessKeyId];
    expect(summary).toMatchObject({ events: 2, githubActionsOnly: true, complete: true });
  });

  test('second run: no call per idle user, no second CloudTrail lookup the same day, and the unchanged ledger is not written', async () => {
    const before = await ledger();
    const { counter } = await runAt(later(10));
    expect(counter.counts.get('IAM.ListAccessKeys')).toBe(1);
    expect(counter.counts.get('CloudTrail.LookupEvents')).toBeUndefined();
    expect(counter.counts.get('S3.PutObject')).toBeUndefined();
    // The where-used summary and every key id stay as the first run wrote them.
    expect(await ledger()).toEqual(before);
    expect(before.users.ci?.whereUsed[replaced.accessKeyId]).toMatchObject({ events: 2 });
    await drainNotifications(moto, world.queueUrl);
  });

  test('a run with a change writes the ledger, keeping the where-used summary and every key id', async () => {
    const before = await ledger();
    await new IAMClient(moto.config(world.member)).send(new TagUserCommand({ UserName: 'idle-2', Tags: [{ Key: USER_TAGS.hold, Value: '2099-01-31' }] }));
    const { counter } = await runAt(later(15));
    expect(counter.counts.get('S3.PutObject')).toBe(1);
    const after = await ledger();
    expect(after.users['idle-2']?.holdUntil).toMatch(/^2099-0[12]-/);
    expect(after.users.ci?.whereUsed).toEqual(before.users.ci?.whereUsed);
    for (const [userName, user] of Object.entries(before.users)) expect(after.users[userName]?.keys.map((key) => key.id)).toEqual(user.keys.map((key) => key.id));
    await drainNotifications(moto, world.queueUrl);
  });

  test('a corrupt ledger is not trusted: WARNING, rebuilt from IAM, the idle users listed again', async () => {
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: ledgerKey(PREFIX, world.memberId), Body: '{"version":1,"users":' }));
    const { counter, logLines } = await runAt(later(20));
    expect(logLines.some((line) => line.includes('"level":"WARN"') && line.includes('key ledger unreadable'))).toBe(true);
    expect(counter.counts.get('IAM.ListAccessKeys')).toBe(3);
    expect(Object.keys((await ledger()).users).sort()).toEqual(['ci', 'idle-1', 'idle-2']);
    await drainNotifications(moto, world.queueUrl);
  });
});
