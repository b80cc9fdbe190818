import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SQSBatchResponse } from 'aws-lambda';
import { EMAIL_TEMPLATES } from '../../../contract/names';
import { createNotifierHandler, type NotifierHandlerOptions } from '../../../functions/notifier/handler';
import { NotifierEventError } from '../../../functions/notifier/errors';
import { CallCounter, FaultInjector } from '../../harness/sdk-plugins';
import { useMoto } from '../../harness/moto';
import { emailHtmlProblems, visibleText } from '../../unit/compliance/email-safe';
import { ADMIN, mailDuring, message, notifierEnv, prepare, recordingLogger, rotatedUser, sqsEvent, sqsRecord, uploadTemplate } from './fixture';

const moto = useMoto();

beforeAll(() => prepare(moto));

function handler(options: Omit<NotifierHandlerOptions, 'env'> & { env?: Record<string, string> } = {}) {
  return createNotifierHandler({ logger: recordingLogger().logger, ...options, env: notifierEnv(options.env) });
}

describe('notifier, SQS messages', () => {
  test('an ACCOUNT message is mailed from the admin address to its recipient with the rendered fields', async () => {
    const notify = handler();
    let result: unknown;
    const mail = await mailDuring(moto, async () => {
      result = await notify(sqsEvent(sqsRecord(message())));
    });
    expect(result).toEqual({ batchItemFailures: [] });
    expect(mail).toHaveLength(1);
    const [sent] = mail;
    expect(sent?.source).toBe(ADMIN);
    expect(sent?.to).toEqual(['owner@example.com']);
    expect(sent?.subject).toBe('IAM access key rotation: Workload (111122223333): action needed by 8 December 2026');
    expect(sent?.body).toContain('Workload (111122223333)');
    expect(sent?.body).toContain('svc-deploy');
    expect(sent?.body).toContain('AKIAOLDKEY0000000001');
    expect(sent?.body).toContain('2026-12-08');
    expect(sent?.body).toContain('Upcoming: deactivate');
    expect(sent?.body).toContain('stored in secret Account_111122223333_User_svc-deploy_AccessKey');
    expect(sent?.body).toContain('2026-11-28 09:00 UTC');
    expect(sent?.body).toContain(`from ${ADMIN}`);
    expect(sent?.body).not.toMatch(/\{\{/);
  });

  test('a user named <script>alert(1)</script> arrives escaped', async () => {
    const mail = await mailDuring(moto, () =>
      handler()(sqsEvent(sqsRecord(message({ users: [rotatedUser('<script>alert(1)</script>')], accountName: '<img src=x onerror=alert(2)>' })))),
    );
    expect(mail).toHaveLength(1);
    const body = mail[0]?.body ?? '';
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).not.toContain('<script');
    expect(body).not.toContain('<img');
    expect(body).toContain('&lt;img src&#61;x onerror&#61;alert(2)&gt;');
  });

  test('a dry-run message uses the audit template and an [Audit] subject', async () => {
    const [rotate] = rotatedUser('bob').actions;
    if (!rotate) throw new Error('fixture has no ROTATE action');
    const mail = await mailDuring(moto, () =>
      handler()(sqsEvent(sqsRecord(message({ dryRun: true, users: [{ userName: 'bob', actions: [{ ...rotate, outcome: 'PLANNED' }] }] })))),
    );
    expect(mail[0]?.subject).toBe('[Audit] IAM access key rotation report: Workload (111122223333)');
    expect(mail[0]?.body).toContain('Audit mode (dry run): nothing was changed.');
    expect(mail[0]?.body).toContain('Not done (audit mode)');
  });

  test('an OWNER message goes to the key owner; an ADMIN message without runId is sent at once', async () => {
    const mail = await mailDuring(moto, () =>
      handler()(
        sqsEvent(
          sqsRecord(message({ recipient: { email: 'alice@example.com', role: 'OWNER' } })),
          sqsRecord(message({ recipient: { email: ADMIN, role: 'ADMIN' } })),
        ),
      ),
    );
    expect(mail.map((m) => m.to)).toEqual([['alice@example.com'], [ADMIN]]);
  });

  test('a missing template falls back to the built-in one and logs a warning', async () => {
    const { logger, lines } = recordingLogger();
    const mail = await mailDuring(moto, () => handler({ logger })(sqsEvent(sqsRecord(message()))));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.body).toContain('Access keys were rotated, switched off or deleted, or will be soon');
    const warning = lines.find((line) => line.level === 'WARN' && String(line.message).includes('template not found'));
    expect(warning).toMatchObject({ key: `asa/asa-iam-rotation/Template/${EMAIL_TEMPLATES.enforce}`, code: 'NoSuchKey' });
  });

  test('a template present in S3 is used, read once per container', async () => {
    await uploadTemplate(moto, 'custom.html', '<p>Custom for {{account_name}}: {{actions}}</p>');
    const counter = new CallCounter();
    const notify = handler({ env: { EMAIL_TEMPLATE_ENFORCE: 'custom.html' }, aws: { plugins: [counter.plugin] } });
    const mail = await mailDuring(moto, async () => {
      // A recipient of its own: what another test already told owner@example.com is not told again.
      await notify(sqsEvent(sqsRecord(message({ accountName: 'A&B', recipient: { email: 'custom-template@example.com', role: 'ACCOUNT' } }))));
      await notify(sqsEvent(sqsRecord(message())));
    });
    expect(mail).toHaveLength(2);
    expect(mail[0]?.body).toMatch(/^<p>Custom for A&amp;B: svc-deploy: Rotate key AKIAOLDKEY0000000001, due 2026-11-28: Done .*<br>\nsvc-deploy: Upcoming: deactivate/);
    expect(counter.counts.get('S3.GetObject')).toBe(1);
    expect(counter.counts.get('SESv2.SendEmail')).toBe(2);
  });

  test('a transient SES failure is a batch item failure; the other messages of the batch are sent', async () => {
    const faults = new FaultInjector('TooManyRequestsException').failNext('SendEmail', 1);
    const first = sqsRecord(message({ recipient: { email: 'first@example.com', role: 'ACCOUNT' } }));
    const second = sqsRecord(message({ recipient: { email: 'second@example.com', role: 'ACCOUNT' } }));
    let result: SQSBatchResponse | undefined;
    const mail = await mailDuring(moto, async () => {
      result = (await handler({ aws: { plugins: [faults.plugin] } })(sqsEvent(first, second))) as SQSBatchResponse;
    });
    expect(faults.injected).toEqual(['SendEmail']);
    expect(result?.batchItemFailures).toEqual([{ itemIdentifier: first.messageId }]);
    expect(mail.map((m) => m.to)).toEqual([['second@example.com']]);
  });

  test('a permanent rejection is logged and counted, not returned to the queue', async () => {
    const { logger, lines } = recordingLogger();
    const faults = new FaultInjector('MessageRejected').failNext('SendEmail', 1);
    const record = sqsRecord(message());
    const result = await handler({ logger, aws: { plugins: [faults.plugin] } })(sqsEvent(record));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(lines.find((line) => line.message === 'batch done')).toMatchObject({ rejected: 1, retried: 0, sent: 0 });
    expect(lines.find((line) => line.level === 'ERROR')).toMatchObject({ code: 'MessageRejected' });
  });

  test("SES's own rejection of an unverified sender is permanent too", async () => {
    const { logger, lines } = recordingLogger();
    const result = await handler({ logger, env: { ADMIN_EMAIL: 'not-verified@example.com' } })(sqsEvent(sqsRecord(message())));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(lines.find((line) => line.message === 'batch done')).toMatchObject({ rejected: 1 });
  });

  test('a malformed message names its field, is returned to the queue (for the DLQ) and calls nothing', async () => {
    const { logger, lines } = recordingLogger();
    const counter = new CallCounter();
    const bad = sqsRecord({ ...message(), accountId: '12345' });
    const garbage = sqsRecord('not json');
    const result = (await handler({ logger, aws: { plugins: [counter.plugin] } })(sqsEvent(bad, garbage))) as SQSBatchResponse;
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([bad.messageId, garbage.messageId]);
    const failures = lines.filter((line) => line.message === 'message not handled; it returns to the queue');
    expect(failures.map((line) => line.messageId)).toEqual([bad.messageId, garbage.messageId]);
    expect(String(failures[0]?.error)).toMatch(/^ParsingError: body\.accountId: must be a 12-digit account id/);
    expect(String(failures[1]?.error)).toMatch(/^ParsingError: body: /);
    expect(counter.total).toBe(0);
  });
});

describe('notifier, a key owner\'s mail as it arrives', () => {
  const CENTRAL = '999988887777';
  const arn = `arn:aws:secretsmanager:us-west-2:${CENTRAL}:secret:Account_111122223333_User_svc-deploy_AccessKey-AbCdEf`;
  const [rotate, warn] = rotatedUser('svc-deploy').actions;

  test('opens with what to do and by when, then how to fetch the new key (CLI, JavaScript, Python, central ARN), then the details', async () => {
    if (!rotate || !warn) throw new Error('fixture has no ROTATE and WARN actions');
    const owner = message({
      recipient: { email: 'dana@example.com', role: 'OWNER' },
      users: [{ userName: 'svc-deploy', actions: [{ ...rotate, secretArn: arn, smtpRegions: ['eu-west-1'] }, warn] }],
    });
    const mail = await mailDuring(moto, () => handler()(sqsEvent(sqsRecord(owner))));
    expect(mail).toHaveLength(1);
    expect(emailHtmlProblems(mail[0]?.body ?? '', { document: true })).toEqual([]);
    const seen = visibleText(mail[0]?.body ?? '');
    const order = [
      'What you need to do',
      'Switch svc-deploy to its new access key AKIANEWKEY0000000001 before 8 December 2026, when the old key AKIAOLDKEY0000000001 stops working.',
      "How to fetch svc-deploy's new key (AKIANEWKEY0000000001)",
      `in us-west-2, account ${CENTRAL} (the central account: use the ARN below as the secret id)`,
      `--secret-id ${arn} \\`,
      '--region us-west-2',
      `new SecretsManagerClient({ region: 'us-west-2' })`,
      `SecretId: '${arn}'`,
      `region_name='us-west-2'`,
      `SecretId='${arn}'`,
      'SMTP in eu-west-1: user name = the new AccessKeyId, password = SmtpPasswords["eu-west-1"] in the same secret',
      'Details',
    ];
    const at = order.map((part) => seen.indexOf(part));
    expect(at.filter((index) => index < 0).map((_, i) => order[i])).toEqual([]);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(mail[0]?.subject).toBe('IAM access key rotation: Workload (111122223333): action needed by 8 December 2026');
  });
});

describe('notifier, classic console payload', () => {
  const payload = {
    email: 'workload-owner@example.com',
    subject: 'Forced notification',
    email_template: EMAIL_TEMPLATES.enforce,
    template_values: {
      account_id: '111122223333',
      account_name: 'Workload <Account>',
      timestamp: '2026-11-28T09:00:00Z',
      actions: ['svc-deploy: key AKIA1 rotated', 'svc-deploy: key AKIA1 will be deactivated on 2026-12-08'],
      rotation_period: 90,
      installation_grace_period: 10,
      recovery_grace_period: 10,
      partition_name: 'aws',
    },
  };

  test('sends one email with the given subject, the values and one action per line', async () => {
    let result: unknown;
    const mail = await mailDuring(moto, async () => {
      result = await handler()(payload);
    });
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ source: ADMIN, to: ['workload-owner@example.com'], subject: 'Forced notification' });
    expect(mail[0]?.body).toContain('svc-deploy: key AKIA1 rotated<br>\nsvc-deploy: key AKIA1 will be deactivated on 2026-12-08');
    expect(mail[0]?.body).toContain('Workload &lt;Account&gt; (111122223333)');
    expect(mail[0]?.body).toContain('new key after 90 days');
    expect(result).toMatchObject({ sent: 1, to: ['workload-owner@example.com'], templateOrigin: 'built-in' });
  });

  test('the shipped console test event sends one email', async () => {
    const file = path.join(__dirname, '../../../console-events/Force Notification (Use with NotifierLambdaFunction).json');
    const event = JSON.parse(await readFile(file, 'utf8')) as unknown;
    const mail = await mailDuring(moto, () => handler()(event));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.body).toContain('Workload Account (111122223333)');
  });

  test('a bad payload is an error naming the field, before any AWS call', async () => {
    const counter = new CallCounter();
    const notify = handler({ aws: { plugins: [counter.plugin] }, logger: recordingLogger().logger });
    await expect(notify({ ...payload, template_values: { ...payload.template_values, account_id: '42' } })).rejects.toThrow(
      new NotifierEventError('template_values.account_id', 'must be a 12-digit account id'),
    );
    await expect(notify({ ...payload, emial: 'x' })).rejects.toMatchObject({ field: 'emial' });
    await expect(notify({ ...payload, email_template: '../secrets.html' })).rejects.toMatchObject({ field: 'email_template' });
    expect(counter.total).toBe(0);
  });

  test('a permanent rejection of a console send is thrown, so the console shows it', async () => {
    const notify = handler({ env: { ADMIN_EMAIL: 'not-verified@example.com' }, logger: recordingLogger().logger });
    await expect(notify(payload)).rejects.toMatchObject({ name: 'SendError', kind: 'permanent', code: 'MessageRejected' });
  });
});
