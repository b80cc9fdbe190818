import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSBatchResponse } from 'aws-lambda';
import type { NotificationMessage, ResultAction } from '../../../functions/core/messages/notification';
import { createNotifierHandler, type NotifierHandlerOptions } from '../../../functions/notifier/handler';
import { ClaimOnceStore } from '../../../functions/core/once/claim-store';
import { RETENTION_DAYS } from '../../../functions/notifier/once/repeats';
import { FaultInjector } from '../../harness/sdk-plugins';
import { useMoto } from '../../harness/moto';
import { BUCKET, mailDuring, message, notifierEnv, prepare, PREFIX, recordingLogger, s3, sqsEvent, sqsRecord } from './fixture';

const moto = useMoto();

beforeAll(() => prepare(moto));

function handler(options: Omit<NotifierHandlerOptions, 'env'> = {}) {
  return createNotifierHandler({ logger: recordingLogger().logger, ...options, env: notifierEnv() });
}

const KEY = 'AKIAOLDKEY0000000001';

function reminder(milestone: number, dueAt = '2026-12-08T00:00:00.000Z'): ResultAction {
  return { type: 'WARN', keyId: KEY, reason: 'DEACTIVATION_UPCOMING', severity: 'INFO', dueAt, announces: 'DEACTIVATE', milestone, outcome: 'PLANNED' };
}

/** A message of one run to `email` (as the owner) about svc-deploy. */
function told(email: string, actions: readonly ResultAction[], overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return message({ recipient: { email, role: 'OWNER' }, users: [{ userName: 'svc-deploy', actions }], ...overrides });
}

async function recordsUnder(prefix: string): Promise<string[]> {
  const listed = await s3(moto).send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${PREFIX}/Reminders/${prefix}` }));
  return (listed.Contents ?? []).map((object) => object.Key?.slice(`${PREFIX}/Reminders/`.length) ?? '').sort();
}

describe('what a key owner or account contact is told once', () => {
  test('the same reminder from two runs of one day, and from the next day inside the same milestone: one mail; the next milestone: one more', async () => {
    const email = 'reminded@example.com';
    const notify = handler();
    const first = await mailDuring(moto, () => notify(sqsEvent(sqsRecord(told(email, [reminder(7)], { generatedAt: '2026-12-01T06:00:00.000Z' })))));
    expect(first.map((mail) => mail.to)).toEqual([[email]]);
    const again = await mailDuring(moto, async () => {
      await notify(sqsEvent(sqsRecord(told(email, [reminder(7)], { generatedAt: '2026-12-01T15:00:00.000Z' }))));
      // Another container, the next morning: the record is in S3, not in memory.
      await handler()(sqsEvent(sqsRecord(told(email, [reminder(7)], { generatedAt: '2026-12-02T06:00:00.000Z' }))));
    });
    expect(again).toEqual([]);
    const next = await mailDuring(moto, () => notify(sqsEvent(sqsRecord(told(email, [reminder(1)], { generatedAt: '2026-12-07T06:00:00.000Z' })))));
    expect(next).toHaveLength(1);
    // Named by due day first (swept a day at a time), then account, key, what, and a hash of the address: no address in S3.
    const records = await recordsUnder('2026-12-08/');
    expect(records).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^2026-12-08/111122223333/${KEY}/remind-DEACTIVATE-7/[0-9a-f]{16}$`))]));
    expect(records.join(' ')).not.toContain('@');
  });

  test('the owner and the account contact are each told once: one recipient\'s record does not silence the other', async () => {
    const notify = handler();
    const mail = await mailDuring(moto, async () => {
      await notify(sqsEvent(sqsRecord(told('owner-a@example.com', [reminder(7, '2026-12-20T00:00:00.000Z')])), sqsRecord(message({ recipient: { email: 'contact-a@example.com', role: 'ACCOUNT' }, users: [{ userName: 'svc-deploy', actions: [reminder(7, '2026-12-20T00:00:00.000Z')] }] }))));
      await notify(sqsEvent(sqsRecord(told('owner-a@example.com', [reminder(7, '2026-12-20T00:00:00.000Z')]))));
    });
    expect(mail.map((m) => m.to[0]).sort()).toEqual(['contact-a@example.com', 'owner-a@example.com']);
  });

  test('what was done is always told; a reminder told before is left out of the mail that carries it', async () => {
    const email = 'mixed@example.com';
    const done: ResultAction = { type: 'DELETE', keyId: 'AKIAOTHERKEY00000001', reason: 'DELETION_DUE', severity: 'INFO', dueAt: '2026-12-01T00:00:00.000Z', outcome: 'DONE' };
    const notify = handler();
    await mailDuring(moto, () => notify(sqsEvent(sqsRecord(told(email, [reminder(7, '2026-12-21T00:00:00.000Z')])))));
    const mail = await mailDuring(moto, () => notify(sqsEvent(sqsRecord(told(email, [done, reminder(7, '2026-12-21T00:00:00.000Z')])))));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.body).toContain('AKIAOTHERKEY00000001');
    expect(mail[0]?.body).not.toContain(KEY);
  });

  test('a postponement is told once; in audit mode what enforce mode would do is told once, and something new is told', async () => {
    const postponed: ResultAction = {
      type: 'POSTPONE',
      keyId: KEY,
      reason: 'KEY_IN_USE',
      severity: 'CRITICAL',
      dueAt: '2026-12-10T00:00:00.000Z',
      outcome: 'DONE',
      inUse: true,
      lastUse: { at: '2026-12-09T22:00:00.000Z', service: 's3', region: 'eu-west-1' },
      deadline: '2026-12-30T00:00:00.000Z',
    };
    const notify = handler();
    const postponements = await mailDuring(moto, async () => {
      await notify(sqsEvent(sqsRecord(told('postponed@example.com', [postponed]))));
      await notify(sqsEvent(sqsRecord(told('postponed@example.com', [{ ...postponed, severity: 'WARNING' }], { generatedAt: '2026-12-11T06:00:00.000Z' }))));
    });
    expect(postponements).toHaveLength(1);

    const planned: ResultAction = { type: 'ROTATE', keyId: KEY, reason: 'ROTATION_DUE', severity: 'INFO', dueAt: '2026-11-01T00:00:00.000Z', outcome: 'PLANNED' };
    const audit = (actions: readonly ResultAction[]) => told('audit@example.com', actions, { dryRun: true, auditReason: 'OUTSIDE_ENFORCED_SCOPE' });
    const audits = await mailDuring(moto, async () => {
      await notify(sqsEvent(sqsRecord(audit([planned]))));
      await notify(sqsEvent(sqsRecord(audit([planned]))));
      await notify(sqsEvent(sqsRecord(audit([planned, { ...planned, keyId: 'AKIASECONDKEY0000001', dueAt: '2026-12-02T00:00:00.000Z' }]))));
    });
    expect(audits).toHaveLength(2);
    expect(audits[1]?.body).toContain('AKIASECONDKEY0000001');
  });

  test('notes alone are no news: a message whose reminders were all told before sends nothing, even with notes', async () => {
    const notify = handler();
    const email = 'noted@example.com';
    await notify(sqsEvent(sqsRecord(told(email, [reminder(7, '2026-12-22T00:00:00.000Z')]))));
    const mail = await mailDuring(moto, () => notify(sqsEvent(sqsRecord(told(email, [reminder(7, '2026-12-22T00:00:00.000Z')], { notes: ['a tag was ignored'] })))));
    expect(mail).toEqual([]);
  });

  test('a mail that fails in a way a retry can fix gives its records back: the redelivery tells the reminder', async () => {
    const email = 'retried@example.com';
    const record = sqsRecord(told(email, [reminder(7, '2026-12-23T00:00:00.000Z')]));
    const faults = new FaultInjector('TooManyRequestsException').failNext('SendEmail', 1);
    let result: SQSBatchResponse | undefined;
    const failed = await mailDuring(moto, async () => {
      result = (await handler({ aws: { plugins: [faults.plugin] } })(sqsEvent(record))) as SQSBatchResponse;
    });
    expect(failed).toEqual([]);
    expect(result?.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(await recordsUnder('2026-12-23/')).toEqual([]);
    const retried = await mailDuring(moto, () => handler()(sqsEvent(record)));
    expect(retried.map((mail) => mail.to)).toEqual([[email]]);
  });

  test('the sweep deletes the records of due days more than 400 days back, and nothing newer', async () => {
    const ledger = new ClaimOnceStore(s3(moto), BUCKET, `${PREFIX}/Reminders`);
    for (const day of ['2024-01-01', '2024-10-27', '2024-10-28']) {
      for (const name of ['a', 'b']) {
        await s3(moto).send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/Reminders/${day}/111122223333/${KEY}/remind-DELETE-7/${name}`, Body: '{}' }));
      }
    }
    // 2025-12-01 minus 400 days is 2024-10-27: older days go.
    expect(await ledger.sweep(new Date('2025-12-01T06:00:00Z'), RETENTION_DAYS)).toBe(1);
    expect(await recordsUnder('2024-01-01/')).toEqual([]);
    expect(await recordsUnder('2024-10-27/')).toHaveLength(2);
    expect(await recordsUnder('2024-10-28/')).toHaveLength(2);
  });
});
