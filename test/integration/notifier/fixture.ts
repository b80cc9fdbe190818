import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { SQSRecord } from 'aws-lambda';
import type { NotificationMessage, ResultUser } from '../../../functions/core/messages/notification';
import type { DigestMessage, RunDigest } from '../../../functions/core/messages/run';
import { createLogger, type Logger } from '../../../functions/core/log/logger';
import { REGION, type Moto } from '../../../emulator/moto';
import { templateEnvironments } from '../../../scripts/lib/function-environment';
import { sqsEvent, sqsRecord as harnessRecord } from '../../harness/sqs-event';

export const ADMIN = 'security-admin@example.com';
export const BUCKET = 'notifier-test-artifacts';
export const PREFIX = 'asa/asa-iam-rotation';

/** The notifier's environment as the main template gives it (scripts/lib/function-environment.ts), with this test bucket and admin. */
export function notifierEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...templateEnvironments({ parameters: { S3BucketName: BUCKET, S3BucketPrefix: PREFIX, AdminEmailAddress: ADMIN } }).notifier,
    ...overrides,
  };
}

export function s3(moto: Moto): S3Client {
  return new S3Client({ ...moto.config(), forcePathStyle: true });
}

/** What a deployment has: the artifacts bucket and the admin address verified as an SES sender. */
export async function prepare(moto: Moto): Promise<void> {
  await s3(moto).send(new CreateBucketCommand({ Bucket: BUCKET }));
  await new SESv2Client(moto.config()).send(new CreateEmailIdentityCommand({ EmailIdentity: ADMIN }));
}

export async function uploadTemplate(moto: Moto, name: string, html: string): Promise<void> {
  await s3(moto).send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/Template/${name}`, Body: html }));
}

export interface SentMail {
  readonly id: string;
  readonly source: string;
  readonly to: readonly string[];
  readonly subject: string;
  /** moto keeps the HTML part of a SESv2 Simple message. */
  readonly body: string;
}

interface MotoSesMessage {
  id: string;
  source: string;
  destinations?: { ToAddresses?: string[] };
  subject: string;
  body: string;
}

/** Every mail moto's SES accepted since the last reset, oldest first. */
export async function sentMail(moto: Moto): Promise<SentMail[]> {
  const response = await fetch(`${moto.endpoint}/moto-api/data.json`);
  const data = (await response.json()) as { ses?: { Message?: MotoSesMessage[] } };
  return (data.ses?.Message ?? []).map((m) => ({ id: m.id, source: m.source, to: m.destinations?.ToAddresses ?? [], subject: m.subject, body: m.body }));
}

/** Runs `action` and returns the mail sent meanwhile. */
export async function mailDuring(moto: Moto, action: () => Promise<unknown>): Promise<SentMail[]> {
  const before = (await sentMail(moto)).length;
  await action();
  return (await sentMail(moto)).slice(before);
}

/** An SQS record of the notification queue (test/harness/sqs-event). */
export function sqsRecord(body: unknown, messageId?: string): SQSRecord {
  return harnessRecord(body, { ...(messageId ? { messageId } : {}), queue: 'asa-iam-key-rotation-notification-queue', region: REGION });
}

export { sqsEvent };

export function rotatedUser(userName: string, keyId = 'AKIAOLDKEY0000000001'): ResultUser {
  return {
    userName,
    actions: [
      {
        type: 'ROTATE',
        keyId,
        reason: 'ROTATION_DUE',
        severity: 'INFO',
        dueAt: '2026-11-28T09:00:00.000Z',
        outcome: 'DONE',
        newKeyId: 'AKIANEWKEY0000000001',
        secretName: `Account_111122223333_User_${userName}_AccessKey`,
      },
      {
        type: 'WARN',
        keyId,
        reason: 'DEACTIVATION_UPCOMING',
        severity: 'WARNING',
        dueAt: '2026-12-08T09:00:00.000Z',
        announces: 'DEACTIVATE',
        outcome: 'PLANNED',
      },
    ],
  };
}

export function message(overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    version: 1,
    recipient: { email: 'owner@example.com', role: 'ACCOUNT' },
    accountId: '111122223333',
    accountName: 'Workload',
    dryRun: false,
    generatedAt: '2026-11-28T09:00:00.000Z',
    settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
    users: [rotatedUser('svc-deploy')],
    failures: [],
    ...overrides,
  };
}

/** A logger that keeps its lines, so tests can see warnings and counts. */
export function recordingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('notifier-test', { level: 'DEBUG', sink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

/** What the close-run step leaves for the notifier: the run's digest in Digests/<runId>.json, and the message naming it. */
export async function storeClosedRun(moto: Moto, runId: string, reports: readonly NotificationMessage[], expectedAccounts = reports.length): Promise<DigestMessage> {
  const digest: RunDigest = {
    version: 1,
    runId,
    expectedAccounts,
    closedBy: reports.length < expectedAccounts ? 'deadline' : 'complete',
    closedAt: '2026-11-28T09:05:00.000Z',
    reports,
    keyRows: [],
  };
  await s3(moto).send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/Digests/${runId}.json`, Body: JSON.stringify(digest) }));
  return { version: 1, kind: 'digest', runId };
}
