import { DEFAULT_EXEMPTION_GROUP, USER_TAGS } from '../../../contract/names';
import { KEY_ROW_FIELDS } from '../../../functions/core/compliance';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { seedUser } from '../../../emulator/iam-users';
import { CallCounter } from '../../harness/sdk-plugins';
import { useMoto } from '../../harness/moto';
import { ACCOUNT_EMAIL, createWorld, drainNotifications, drainQueued, OWNER_TAG, run, storedDigest, type World } from './fixture';

const moto = useMoto();
const NOW = new Date(Date.UTC(2026, 0, 5, 9, 0, 0));
const isoDay = (offsetDays: number) => new Date(NOW.getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);

describe('key rows in the account result of a scheduled run', () => {
  let world: World;

  beforeAll(async () => {
    await moto.reset();
    world = await createWorld(moto);
    await seedUser(moto, world.member, { name: 'due', keys: [{ ageDays: 120, lastUsedDaysAgo: 1 }] }, NOW);
    await seedUser(moto, world.member, { name: 'idle', tags: { [OWNER_TAG]: 'Idle.Owner@example.com' }, keys: [{ ageDays: 30, lastUsedDaysAgo: 3 }] }, NOW);
    await seedUser(moto, world.member, { name: 'idle-two', tags: { [OWNER_TAG]: 'idle.owner@example.com' }, keys: [{ ageDays: 20 }, { ageDays: 40, status: 'Inactive' }] }, NOW);
    await seedUser(moto, world.member, { name: 'no-keys', tags: { [OWNER_TAG]: 'nobody-mailed@example.com' } }, NOW);
    await seedUser(moto, world.member, { name: 'glass', groups: [DEFAULT_EXEMPTION_GROUP], keys: [{ ageDays: 500 }] }, NOW);
    await seedUser(moto, world.member, { name: 'held', tags: { [USER_TAGS.hold]: isoDay(30) }, keys: [{ ageDays: 200 }] }, NOW);
    await moto.clock.set(NOW);
  });

  test('every key of the account, idle, exempt and held users included, at no IAM call of its own; only the run\'s state gets them', async () => {
    // Audit mode twice (nothing changes between them): once as a console run, once as the inventory's scheduled run,
    // after a first run that fills the account's key ledger (it lists every user with keys once; docs/ledger.md).
    await run(world, NOW, { dryrun: true });
    await drainNotifications(moto, world.queueUrl);
    const consoleCalls = new CallCounter();
    await run(world, NOW, { dryrun: true }, { plugins: [consoleCalls.plugin] });
    const consoleMessages = await drainNotifications(moto, world.queueUrl);
    expect(consoleMessages.every((message) => message.keyRows === undefined)).toBe(true);

    const scheduledCalls = new CallCounter();
    await run(world, NOW, { dryrun: true, runId: 'run-rows', expectedAccounts: 1 }, { plugins: [scheduledCalls.plugin] });
    // The scheduled run adds only the run's state (S3) and its digest message (SQS): not one IAM or STS call.
    const iamAndSts = (calls: Record<string, number>) => Object.entries(calls).filter(([operation]) => !/Object|ListObjectsV2|SendMessage/.test(operation));
    expect(iamAndSts(scheduledCalls.byOperation())).toEqual(iamAndSts(consoleCalls.byOperation()));

    const queued = await drainQueued(moto, world.queueUrl);
    // The account was the run's only one: its report closed the run, and only the digest message names it on the queue.
    expect(queued.filter((body) => !('kind' in body) && (body.recipient.role === 'ADMIN' || body.keyRows !== undefined))).toEqual([]);
    expect(queued.filter((body) => 'kind' in body)).toEqual([{ version: 1, kind: 'digest', runId: 'run-rows' }]);
    const digest = await storedDigest(moto, 'run-rows');
    expect(digest.reports.map((report) => report.accountId)).toEqual([world.memberId]);
    const rows = digest.keyRows;
    for (const row of rows) expect(Object.keys(row)).toEqual([...KEY_ROW_FIELDS]);
    // Every key has its id: idle, exempt and held users' keys are named from the key ledger the first run filled.
    expect(rows.map((row) => [row.userName, row.status, row.ageDays, row.accessKeyId === null ? 'no id' : 'id', row.exemptUntil])).toEqual([
      ['due', 'Active', 120, 'id', null],
      ['glass', 'Active', 500, 'id', null],
      ['held', 'Active', 200, 'id', isoDay(30)],
      ['idle', 'Active', 30, 'id', null],
      ['idle-two', 'Active', 20, 'id', null],
      ['idle-two', 'Inactive', 40, 'id', null],
    ]);
    expect(rows.find((row) => row.userName === 'due')).toMatchObject({ accountId: world.memberId, nextAction: 'ROTATE', nextActionDate: isoDay(0), lastUsedAt: expect.stringMatching(/^\d{4}-/) });
    expect(rows.find((row) => row.userName === 'glass')).toMatchObject({ exemptReason: `group ${DEFAULT_EXEMPTION_GROUP}`, nextAction: null });
    expect(rows.find((row) => row.userName === 'held')?.exemptReason).toBe(`tag ${USER_TAGS.hold} until ${isoDay(30)}`);
    expect(rows.find((row) => row.userName === 'idle')).toMatchObject({ nextAction: 'ROTATE', nextActionDate: isoDay(60) });
    // Who may be mailed about the account's keys, quiet users' owners included, each address once (npm run doctor's SES check reads it).
    expect(digest.reports[0]?.ownerAddresses).toEqual(['Idle.Owner@example.com']);
    // And the account's contact, mailed on days with news: the doctor checks it against the SES sandbox too.
    expect(digest.reports[0]?.contactAddress).toBe(ACCOUNT_EMAIL);
    expect(consoleMessages.every((message) => message.ownerAddresses === undefined && message.contactAddress === undefined)).toBe(true);
  });
});
