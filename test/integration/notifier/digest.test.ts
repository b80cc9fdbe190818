import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { NOTIFIER_ENV } from '../../../contract/env/notifier';
import type { SQSBatchResponse } from 'aws-lambda';
import type { NotificationMessage } from '../../../functions/core/messages/notification';
import { createNotifierHandler, type NotifierHandler, type NotifierHandlerOptions } from '../../../functions/notifier/handler';
import { FaultInjector } from '../../harness/sdk-plugins';
import { useMoto } from '../../harness/moto';
import { ADMIN, BUCKET, mailDuring, message, notifierEnv, prepare, PREFIX, recordingLogger, rotatedUser, s3, sqsEvent, sqsRecord } from './fixture';

const moto = useMoto();

beforeAll(() => prepare(moto));

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];

function adminReport(runId: string, accountId: string, overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return message({
    recipient: { email: ADMIN, role: 'ADMIN' },
    accountId,
    accountName: `acct-${accountId.slice(0, 1)}`,
    runId,
    expectedAccounts: ACCOUNTS.length,
    users: [rotatedUser(`user-${accountId.slice(0, 1)}`)],
    ...overrides,
  });
}

/** Containers are separate handler instances: nothing but S3 ties them together. */
function container(options: Omit<NotifierHandlerOptions, 'env'> = {}): NotifierHandler {
  return createNotifierHandler({ logger: recordingLogger().logger, ...options, env: notifierEnv() });
}

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3(moto).send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
}

describe('admin digest', () => {
  test('one digest when the last account reports, across batches and containers; a redelivery sends nothing more', async () => {
    const runId = 'run-complete';
    const [a, b, c] = ACCOUNTS.map((id) => sqsRecord(adminReport(runId, id)));
    const early = await mailDuring(moto, async () => {
      await container()(sqsEvent(a!));
      await container()(sqsEvent(b!, a!)); // a redelivered in a later batch: still two accounts
    });
    expect(early).toEqual([]);
    expect(await keysUnder(`${PREFIX}/Runs/${runId}/`)).toHaveLength(2);

    const digest = await mailDuring(moto, () => container()(sqsEvent(c!)));
    expect(digest).toHaveLength(1);
    expect(digest[0]?.to).toEqual([ADMIN]);
    expect(digest[0]?.subject).toBe('IAM access key rotation digest 2026-11-28: 3 of 3 accounts');
    // Each account in the Account column: its name over its id.
    for (const id of ACCOUNTS) expect(digest[0]?.body).toMatch(new RegExp(`>acct-${id.slice(0, 1)}<br><span[^>]*>${id}</span>`));
    expect(digest[0]?.body).toContain('>Accounts</td><td>3 of 3 reported</td>');

    const again = await mailDuring(moto, async () => {
      await container()(sqsEvent(c!));
      await container()(sqsEvent(a!, b!, c!));
    });
    expect(again).toEqual([]);
    await expect(s3(moto).send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/Digests/${runId}.json` }))).resolves.toBeDefined();
  });

  test('the whole run in one batch sends one digest, with every failure listed', async () => {
    const runId = 'run-one-batch';
    const records = ACCOUNTS.map((id, index) =>
      sqsRecord(adminReport(runId, id, index === 1 ? { failures: ['could not assume the member role'] } : {})),
    );
    let result: unknown;
    const mail = await mailDuring(moto, async () => {
      result = await container()(sqsEvent(...records));
    });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('[Failures] IAM access key rotation digest 2026-11-28: 3 of 3 accounts');
    expect(mail[0]?.body).toContain('acct-2 (222222222222): could not assume the member role');
    // Sent: the reports are cleaned up, the marker stays.
    expect(await keysUnder(`${PREFIX}/Runs/${runId}/`)).toEqual([]);
  });

  test('a transient failure sending the digest returns the message and releases the claim; the retry sends it once', async () => {
    const runId = 'run-retry';
    const faults = new FaultInjector('Throttling').failNext('SendEmail', 1);
    const records = ACCOUNTS.map((id) => sqsRecord(adminReport(runId, id)));
    const notify = container({ aws: { plugins: [faults.plugin] } });
    let first: SQSBatchResponse | undefined;
    const none = await mailDuring(moto, async () => {
      first = (await notify(sqsEvent(...records))) as SQSBatchResponse;
    });
    expect(none).toEqual([]);
    expect(first?.batchItemFailures).toEqual([{ itemIdentifier: records[2]?.messageId }]);
    expect(await keysUnder(`${PREFIX}/Digests/${runId}`)).toEqual([]);

    const retried = await mailDuring(moto, () => notify(sqsEvent(records[2]!)));
    expect(retried).toHaveLength(1);
  });

  test('two containers completing the run at the same moment send one digest', async () => {
    const runId = 'run-race';
    const reports = ACCOUNTS.slice(0, 2).map((id) => sqsRecord(adminReport(runId, id, { expectedAccounts: 2 })));
    const mail = await mailDuring(moto, () => Promise.all(reports.map((record) => container()(sqsEvent(record)))));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('IAM access key rotation digest 2026-11-28: 2 of 2 accounts');
  });

  test('an account that never reports: the next run sends the stale run a digest that says so', async () => {
    const stale = 'run-stale';
    await container()(sqsEvent(...ACCOUNTS.slice(0, 2).map((id) => sqsRecord(adminReport(stale, id)))));

    // Not yet stale: the next run's first message leaves it alone.
    const tooEarly = await mailDuring(moto, () => container()(sqsEvent(sqsRecord(adminReport('run-next', ACCOUNTS[0]!)))));
    expect(tooEarly).toEqual([]);

    const tomorrow = () => new Date(Date.now() + 24 * 60 * 60 * 1000);
    const swept = await mailDuring(moto, () => container({ now: tomorrow })(sqsEvent(sqsRecord(adminReport('run-next', ACCOUNTS[1]!)))));
    expect(swept).toHaveLength(1);
    expect(swept[0]?.subject).toBe('[Failures] IAM access key rotation digest 2026-11-28: 2 of 3 accounts');
    expect(swept[0]?.body).toContain('2 of 3 reported; 1 did not (see the rotation dead-letter queue and logs)');
    expect(swept[0]?.body).toContain('1 of 3 accounts did not report: look at the rotation dead-letter queue');
    expect(await keysUnder(`${PREFIX}/Runs/${stale}/`)).toEqual([]);
  });
});

describe('digest cadence (DigestWeekday, default Monday)', () => {
  // A reminder is not a change: the run is quiet.
  const quiet = (runId: string, accountId: string, generatedAt: string): NotificationMessage =>
    adminReport(runId, accountId, { generatedAt, users: [{ userName: 'svc', actions: [rotatedUser('svc').actions[1]!] }] });

  test('a quiet run on a Saturday sends nothing, and is closed all the same: no reports left in Runs/, a late redelivery sends nothing', async () => {
    const runId = 'run-quiet-saturday';
    // 21 November 2026, a Saturday: a date no other test's run has, so the sweep below can tell this run's mail apart.
    const records = ACCOUNTS.map((id) => sqsRecord(quiet(runId, id, '2026-11-21T06:00:00.000Z')));
    const { logger, lines } = recordingLogger();
    const mail = await mailDuring(moto, () => createNotifierHandler({ logger, env: notifierEnv() })(sqsEvent(...records)));
    expect(mail).toEqual([]);
    expect(lines.some((line) => String(line.message).startsWith('quiet run'))).toBe(true);
    expect(await keysUnder(`${PREFIX}/Runs/${runId}/`)).toEqual([]);
    await expect(s3(moto).send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/Digests/${runId}.json` }))).resolves.toBeDefined();

    // Redelivered after the close: stored again, then swept as stale by a later run, which finds the claim and mails nothing.
    await container()(sqsEvent(records[0]!));
    expect(await keysUnder(`${PREFIX}/Runs/${runId}/`)).toHaveLength(1);
    const tomorrow = () => new Date(Date.now() + 24 * 60 * 60 * 1000);
    const swept = await mailDuring(moto, () => container({ now: tomorrow })(sqsEvent(sqsRecord(quiet('run-after-quiet', ACCOUNTS[0]!, '2026-11-29T06:00:00.000Z')))));
    expect(swept.filter((mail) => mail.subject.includes('2026-11-21'))).toEqual([]);
    expect(await keysUnder(`${PREFIX}/Runs/${runId}/`)).toEqual([]);
  });

  test('the same quiet run on a Monday sends the digest; DigestWeekday Saturday sends it on the Saturday', async () => {
    const monday = await mailDuring(moto, () => container()(sqsEvent(...ACCOUNTS.map((id) => sqsRecord(quiet('run-quiet-monday', id, '2026-11-30T06:00:00.000Z'))))));
    expect(monday).toHaveLength(1);
    expect(monday[0]?.subject).toBe('IAM access key rotation digest 2026-11-30: 3 of 3 accounts');
    // The compliance section is in every digest sent, quiet or not (these reports carry no key rows).
    expect(monday[0]?.body).toContain('>Compliance</p>');
    expect(monday[0]?.body).toContain('The reports carried no key inventory');

    const saturday = createNotifierHandler({ logger: recordingLogger().logger, env: notifierEnv({ [NOTIFIER_ENV.digestWeekday]: 'Saturday' }) });
    const sent = await mailDuring(moto, () => saturday(sqsEvent(...ACCOUNTS.map((id) => sqsRecord(quiet('run-quiet-saturday-2', id, '2026-11-28T06:00:00.000Z'))))));
    expect(sent).toHaveLength(1);
  });
});
