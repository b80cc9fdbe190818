import { DEFAULT_LIFECYCLE_SETTINGS } from '../../../functions/core/lifecycle';
import type { NotificationMessage, ResultUser } from '../../../functions/core/messages/notification';
import { createNotifierHandler } from '../../../functions/notifier/handler';
import { buildNotifications } from '../../../functions/rotation/result/notifications';
import { fitToQueue } from '../../../functions/rotation/result/queue';
import { useMoto } from '../../harness/moto';
import { ADMIN, mailDuring, notifierEnv, prepare, recordingLogger, sqsEvent, sqsRecord, type SentMail } from './fixture';

const moto = useMoto();

beforeAll(() => prepare(moto));

const NOW = new Date('2026-11-28T06:00:00.000Z');
const A = '444455556666';
const B = '777788889999';

/** A rotated key: its secret is named after its own account, so a mail that mixed accounts would show the other one. */
function rotated(accountId: string, userName: string): ResultUser {
  return {
    userName,
    actions: [
      {
        type: 'ROTATE',
        keyId: `AKIA${userName.toUpperCase().replace(/\W/g, '')}OLD`,
        reason: 'ROTATION_DUE',
        severity: 'INFO',
        dueAt: NOW.toISOString(),
        outcome: 'DONE',
        newKeyId: `AKIA${userName.toUpperCase().replace(/\W/g, '')}NEW`,
        secretName: `Account_${accountId}_User_${userName}_AccessKey`,
        secretArn: `arn:aws:secretsmanager:eu-west-1:${accountId}:secret:Account_${accountId}_User_${userName}_AccessKey-AbCdEf`,
      },
    ],
  };
}

/** What one account's scheduled rotation run queues: its account result goes to Runs/ in S3 instead, the rest as the queue fits them. */
function accountRun(accountId: string, accountName: string, accountEmail: string, owners: Record<string, string>): NotificationMessage[] {
  return buildNotifications({
    accountId,
    accountName,
    accountEmail,
    adminEmail: ADMIN,
    dryRun: false,
    now: NOW,
    runId: 'run-recipients',
    expectedAccounts: 2,
    settings: DEFAULT_LIFECYCLE_SETTINGS,
    users: Object.keys(owners).map((user) => rotated(accountId, user)),
    owners: new Map(Object.entries(owners)),
    failures: [],
  })
    .filter((message) => message.recipient.role !== 'ADMIN')
    .map(fitToQueue);
}

const to = (mail: readonly SentMail[], address: string) => mail.filter((sent) => sent.to.some((recipient) => recipient.toLowerCase() === address.toLowerCase()));

describe('recipients: a message never mixes accounts, and a recipient gets one message per account run', () => {
  test('an owner of users in two accounts gets one mail per account, each about that account only; a contact also listed as owner gets one', async () => {
    const messages = [
      // Dana owns users in both accounts; team-a is A's contact and, spelled differently, the owner tag of one of A's users.
      ...accountRun(A, 'payments', 'team-a@example.com', { 'pay-api': 'dana@example.com', 'pay-batch': 'Team-A@Example.com', 'pay-cron': 'DANA@example.com' }),
      ...accountRun(B, 'analytics', 'team-b@example.com', { 'etl-loader': 'dana@example.com' }),
    ];
    const mail = await mailDuring(moto, () => createNotifierHandler({ logger: recordingLogger().logger, env: notifierEnv() })(sqsEvent(...messages.map((m) => sqsRecord(m)))));

    const dana = to(mail, 'dana@example.com');
    expect(dana).toHaveLength(2);
    const aboutA = dana.find((sent) => sent.subject.includes(A));
    const aboutB = dana.find((sent) => sent.subject.includes(B));
    expect(aboutA?.body).toContain('pay-api');
    expect(aboutA?.body).toContain('pay-cron');
    // Not the user the account contact owns (the contact's mail has it), and nothing of account B.
    for (const other of ['pay-batch', B, 'analytics', 'etl-loader']) expect(aboutA?.body).not.toContain(other);
    expect(aboutB?.body).toContain('etl-loader');
    for (const other of [A, 'payments', 'pay-api', 'pay-cron', 'pay-batch']) expect(aboutB?.body).not.toContain(other);

    // The contact listed twice (contact and owner tag): one mail, the whole account.
    const teamA = to(mail, 'team-a@example.com');
    expect(teamA).toHaveLength(1);
    for (const user of ['pay-api', 'pay-batch', 'pay-cron']) expect(teamA[0]?.body).toContain(user);
    expect(teamA[0]?.body).not.toContain(B);
    expect(to(mail, 'team-b@example.com')).toHaveLength(1);

    // The admin: nothing per account (the run's digest comes from the close-run step).
    expect(to(mail, ADMIN)).toHaveLength(0);
    expect(mail).toHaveLength(4);
    // Every mail names one account.
    for (const sent of mail.filter((m) => !to([m], ADMIN).length)) expect([sent.body.includes(A), sent.body.includes(B)].filter(Boolean)).toHaveLength(1);
  });
});
