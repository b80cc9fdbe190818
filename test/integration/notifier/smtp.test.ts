import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { SQSBatchResponse } from 'aws-lambda';
import { NOTIFIER_ENV } from '../../../contract/env/notifier';
import { createNotifierHandler, type NotifierHandler } from '../../../functions/notifier/handler';
import { CallCounter } from '../../harness/sdk-plugins';
import { useMoto } from '../../harness/moto';
import { ADMIN, message, notifierEnv, prepare, recordingLogger, rotatedUser, sqsEvent, sqsRecord } from './fixture';
import { startSmtpServer, type TestSmtpServer } from './smtp-server';

const moto = useMoto();
let smtp: TestSmtpServer;

beforeAll(async () => {
  await prepare(moto);
  smtp = await startSmtpServer();
  const ssm = new SSMClient(moto.config());
  await ssm.send(new PutParameterCommand({ Name: '/iam-key-rotation/smtp/user', Value: 'AKIASMTPUSER', Type: 'String' }));
  await ssm.send(new PutParameterCommand({ Name: '/iam-key-rotation/smtp/password', Value: 'smtp-secret-password', Type: 'SecureString' }));
});

afterAll(() => smtp.close());

function vpcNotifier(counter = new CallCounter(), env: Record<string, string> = {}, logger = recordingLogger().logger): NotifierHandler {
  return createNotifierHandler({
    env: notifierEnv({ [NOTIFIER_ENV.runInVpc]: 'True', ...env }),
    logger,
    aws: { plugins: [counter.plugin] },
    smtpEndpoint: { host: '127.0.0.1', port: smtp.port, requireTls: false },
  });
}

describe('notifier in VPC mode (SMTP)', () => {
  test('mails over SMTP with the credentials from SSM, HTML and text parts, escaped; no SES API call', async () => {
    const counter = new CallCounter();
    const before = smtp.received.length;
    const result = await vpcNotifier(counter)(sqsEvent(sqsRecord(message({ users: [rotatedUser('<script>alert(1)</script>')] }))));
    expect(result).toEqual({ batchItemFailures: [] });
    const mail = smtp.received.slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ from: ADMIN, to: ['owner@example.com'], user: 'AKIASMTPUSER', pass: 'smtp-secret-password' });
    const data = mail[0]?.data ?? '';
    // A long subject is folded onto a second header line, as RFC 5322 allows.
    expect(data).toMatch(/^Subject: IAM access key rotation: Workload \(111122223333\): action needed by\r?\n 8 December 2026\r?$/m);
    expect(data).toContain('Content-Type: text/plain');
    expect(data).toContain('Content-Type: text/html');
    expect(data).not.toContain('<script>alert(1)</script></td>');
    expect(data).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(counter.counts.get('SSM.GetParameter')).toBe(2);
    expect(counter.counts.has('SESv2.SendEmail')).toBe(false);
  });

  test('the credentials are read once per container', async () => {
    const counter = new CallCounter();
    const notify = vpcNotifier(counter);
    await notify(sqsEvent(sqsRecord(message())));
    await notify(sqsEvent(sqsRecord(message())));
    expect(counter.counts.get('SSM.GetParameter')).toBe(2);
  });

  test('an SMTP 5xx refusal is permanent: counted, not returned to the queue', async () => {
    smtp.rejectNextRecipient('554 Message rejected: Email address is not verified.');
    const { logger, lines } = recordingLogger();
    const before = smtp.received.length;
    const result = await vpcNotifier(new CallCounter(), {}, logger)(sqsEvent(sqsRecord(message())));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(smtp.received.length).toBe(before);
    expect(lines.find((line) => line.message === 'batch done')).toMatchObject({ rejected: 1, retried: 0, sent: 0 });
  });

  test('missing SSM credentials return the message to the queue', async () => {
    const record = sqsRecord(message());
    const result = (await vpcNotifier(new CallCounter(), { [NOTIFIER_ENV.smtpUserParamName]: '/does/not/exist' })(sqsEvent(record))) as SQSBatchResponse;
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
  });
});
