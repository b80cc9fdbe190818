import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { SQSBatchResponse } from 'aws-lambda';
import { NOTIFIER_ENV } from '../../../contract/env/notifier';
import type { NotificationMessage } from '../../../functions/core/messages/notification';
import type { DigestMessage } from '../../../functions/core/messages/run';
import { createNotifierHandler, type NotifierHandler, type NotifierHandlerOptions } from '../../../functions/notifier/handler';
import { FaultInjector } from '../../harness/sdk-plugins';
import { useMoto } from '../../harness/moto';
import { ADMIN, BUCKET, mailDuring, message, notifierEnv, prepare, PREFIX, recordingLogger, rotatedUser, s3, sqsEvent, sqsRecord, storeClosedRun } from './fixture';

const moto = useMoto();

beforeAll(() => prepare(moto));

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];

function adminReport(accountId: string, overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return message({
    recipient: { email: ADMIN, role: 'ADMIN' },
    accountId,
    accountName: `acct-${accountId.slice(0, 1)}`,
    users: [rotatedUser(`user-${accountId.slice(0, 1)}`)],
    ...overrides,
  });
}

function closedRun(runId: string, reports: readonly NotificationMessage[], expectedAccounts = ACCOUNTS.length): Promise<DigestMessage> {
  return storeClosedRun(moto, runId, reports, expectedAccounts);
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
  test('a closed run\'s digest is mailed once; a duplicate delivery, in any container, sends nothing more', async () => {
    const record = sqsRecord(await closedRun('run-complete', ACCOUNTS.map((id) => adminReport(id))));
    const digest = await mailDuring(moto, () => container()(sqsEvent(record)));
    expect(digest).toHaveLength(1);
    expect(digest[0]?.to).toEqual([ADMIN]);
    expect(digest[0]?.subject).toBe('IAM access key rotation digest 2026-11-28: 3 of 3 accounts');
    expect(digest[0]?.body).toContain('>Accounts</td><td>3 of 3 reported</td>');
    // The record of the mail, in the claim-once store: the day it was closed leads, as every record there.
    expect(await keysUnder(`${PREFIX}/Reminders/2026-11-28/digest/`)).toEqual([`${PREFIX}/Reminders/2026-11-28/digest/run-complete`]);

    const again = await mailDuring(moto, async () => {
      await container()(sqsEvent(record));
      await container()(sqsEvent(sqsRecord(await closedRun('run-complete', ACCOUNTS.map((id) => adminReport(id))))));
    });
    expect(again).toEqual([]);
  });

  test('every failure of every account is listed', async () => {
    const reports = ACCOUNTS.map((id, index) => adminReport(id, index === 1 ? { failures: ['could not assume the member role'] } : {}));
    const record = sqsRecord(await closedRun('run-failures', reports));
    const mail = await mailDuring(moto, () => container()(sqsEvent(record)));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('[Failures] IAM access key rotation digest 2026-11-28: 3 of 3 accounts');
    expect(mail[0]?.body).toContain('acct-2 (222222222222): could not assume the member role');
  });

  test('a transient failure sending the digest returns the message and gives its record back; the retry sends it once', async () => {
    const faults = new FaultInjector('Throttling').failNext('SendEmail', 1);
    const record = sqsRecord(await closedRun('run-retry', ACCOUNTS.map((id) => adminReport(id))));
    const notify = container({ aws: { plugins: [faults.plugin] } });
    let first: SQSBatchResponse | undefined;
    const none = await mailDuring(moto, async () => {
      first = (await notify(sqsEvent(record))) as SQSBatchResponse;
    });
    expect(none).toEqual([]);
    expect(first?.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(await keysUnder(`${PREFIX}/Reminders/2026-11-28/digest/run-retry`)).toEqual([]);

    const retried = await mailDuring(moto, () => notify(sqsEvent(record)));
    expect(retried).toHaveLength(1);
  });

  test('a digest message whose run has no stored digest sends nothing and is not retried', async () => {
    const { logger, lines } = recordingLogger();
    let result: unknown;
    const mail = await mailDuring(moto, async () => {
      result = await createNotifierHandler({ logger, env: notifierEnv() })(sqsEvent(sqsRecord({ version: 1, kind: 'digest', runId: 'run-never-closed' })));
    });
    expect(mail).toEqual([]);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(lines.some((line) => String(line.message).startsWith('no digest stored for this run'))).toBe(true);
  });

  test('a digest message with a run id that could leave Digests/ is rejected before any S3 call', async () => {
    const record = sqsRecord({ version: 1, kind: 'digest', runId: '../Template/x' });
    expect(await container()(sqsEvent(record))).toEqual({ batchItemFailures: [{ itemIdentifier: record.messageId }] });
  });

  test('a run closed at its deadline says how many accounts did not report', async () => {
    const mail = await mailDuring(moto, async () => container()(sqsEvent(sqsRecord(await closedRun('run-stale', ACCOUNTS.slice(0, 2).map((id) => adminReport(id)))))));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('[Failures] IAM access key rotation digest 2026-11-28: 2 of 3 accounts');
    expect(mail[0]?.body).toContain('2 of 3 reported; 1 did not (see the rotation dead-letter queue and logs)');
  });
});

describe('digest cadence (DigestWeekday, default Monday)', () => {
  // A reminder is not a change: the run is quiet.
  const quiet = (accountId: string, generatedAt: string): NotificationMessage =>
    adminReport(accountId, { generatedAt, users: [{ userName: 'svc', actions: [rotatedUser('svc').actions[1]!] }] });

  test('a quiet run on a Saturday sends nothing', async () => {
    const { logger, lines } = recordingLogger();
    const record = sqsRecord(await closedRun('run-quiet-saturday', ACCOUNTS.map((id) => quiet(id, '2026-11-21T06:00:00.000Z'))));
    const mail = await mailDuring(moto, () => createNotifierHandler({ logger, env: notifierEnv() })(sqsEvent(record)));
    expect(mail).toEqual([]);
    expect(lines.some((line) => String(line.message).startsWith('quiet run'))).toBe(true);
  });

  test('the same quiet run on a Monday sends the digest; DigestWeekday Saturday sends it on the Saturday', async () => {
    const monday = await mailDuring(moto, async () => container()(sqsEvent(sqsRecord(await closedRun('run-quiet-monday', ACCOUNTS.map((id) => quiet(id, '2026-11-30T06:00:00.000Z')))))));
    expect(monday).toHaveLength(1);
    expect(monday[0]?.subject).toBe('IAM access key rotation digest 2026-11-30: 3 of 3 accounts');
    // The compliance section is in every digest sent, quiet or not (these reports carry no key rows).
    expect(monday[0]?.body).toContain('>Compliance</p>');
    expect(monday[0]?.body).toContain('The reports carried no key rows');

    const saturday = createNotifierHandler({ logger: recordingLogger().logger, env: notifierEnv({ [NOTIFIER_ENV.digestWeekday]: 'Saturday' }) });
    const record = sqsRecord(await closedRun('run-quiet-saturday-2', ACCOUNTS.map((id) => quiet(id, '2026-11-28T06:00:00.000Z'))));
    const sent = await mailDuring(moto, () => saturday(sqsEvent(record)));
    expect(sent).toHaveLength(1);
  });
});
