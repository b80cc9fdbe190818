import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { KEY_REPORT } from '../../../contract/names';
import { KEY_ROW_FIELDS, type KeyRow } from '../../../functions/core/compliance';
import type { NotificationMessage } from '../../../functions/core/messages/notification';
import { createNotifierHandler } from '../../../functions/notifier/handler';
import { LIMIT_COLUMN } from '../../../functions/notifier/key-report/files';
import { NOTIFIER_ENV } from '../../../contract/env/notifier';
import { splitToFit } from '../../../functions/rotation/report/queue';
import { parseCsv } from '../../../functions/rotation/observe/credential-report';
import { useMoto } from '../../harness/moto';
import { ADMIN, BUCKET, mailDuring, message, notifierEnv, prepare, PREFIX, recordingLogger, rotatedUser, s3, sqsEvent, sqsRecord } from './fixture';

const moto = useMoto();

beforeAll(() => prepare(moto));

const BIG = '111111111111';
const SMALL = '222222222222';
const DAY = '2026-11-28';

function row(accountId: string, index: number, overrides: Partial<KeyRow> = {}): KeyRow {
  return {
    accountId,
    accountName: `acct-${accountId.slice(0, 1)}`,
    userName: `user-${String(index).padStart(5, '0')}`,
    accessKeyId: `AKIA${String(index).padStart(16, '0')}`,
    status: index % 7 === 0 ? 'Inactive' : 'Active',
    createdAt: '2026-08-01T10:00:00.000Z',
    ageDays: 119,
    lastUsedAt: index % 3 === 0 ? null : '2026-11-27T08:00:00.000Z',
    lastUsedService: index % 3 === 0 ? null : 's3',
    lastUsedRegion: index % 3 === 0 ? null : 'eu-west-1',
    exemptReason: null,
    exemptUntil: null,
    nextAction: index % 7 === 0 ? 'DELETE' : 'ROTATE',
    nextActionDate: DAY,
    reason: '119 days old, RotationPeriod is 90: rotation due since 2026-10-30',
    ...overrides,
  };
}

function adminReport(runId: string, accountId: string, keyRows: readonly KeyRow[]): NotificationMessage {
  return message({
    recipient: { email: ADMIN, role: 'ADMIN' },
    accountId,
    accountName: `acct-${accountId.slice(0, 1)}`,
    runId,
    expectedAccounts: 2,
    users: [rotatedUser(`user-${accountId.slice(0, 1)}`)],
    keyRows,
  });
}

const notifier = () => createNotifierHandler({ logger: recordingLogger().logger, env: notifierEnv() });

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3(moto).send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
}

async function text(key: string): Promise<{ body: string; contentType: string | undefined }> {
  const object = await s3(moto).send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { body: (await object.Body?.transformToString('utf-8')) ?? '', contentType: object.ContentType };
}

describe('the run\'s key inventory on S3', () => {
  test('an account of 3,000 keys arrives in parts; the run completes once all are in, and keys.csv and keys.json hold every key', async () => {
    const runId = 'run-inventory';
    // Values from people in member accounts: a comma, quotes, a line break, a formula.
    const hostile = row(BIG, 3000, { accountName: 'Team "A", EU', userName: '=HYPERLINK("http://x")', exemptReason: 'tag IAMKeyRotationHold until 2026-12-31', exemptUntil: '2026-12-31', reason: 'line one\nline two' });
    const bigRows = [...Array.from({ length: 2999 }, (_, i) => row(BIG, i)), hostile];
    const smallRows = [row(SMALL, 1), row(SMALL, 2)];
    const parts = splitToFit(adminReport(runId, BIG, bigRows));
    expect(parts.length).toBeGreaterThan(2);
    const [first, ...rest] = parts.map((part) => sqsRecord(part));
    const last = rest.pop();
    const small = sqsRecord(adminReport(runId, SMALL, smallRows));

    // Every account but the big one's last part, and a redelivered first part: one account of two has reported.
    const early = await mailDuring(moto, async () => {
      await notifier()(sqsEvent(first!, small));
      await notifier()(sqsEvent(...rest, first!));
    });
    expect(early).toEqual([]);
    const stored = await keysUnder(`${PREFIX}/Runs/${runId}/`);
    expect(stored).toEqual(
      [...parts.slice(0, -1).map((part) => `${PREFIX}/Runs/${runId}/${BIG}.${part.part?.index}-of-${parts.length}.json`), `${PREFIX}/Runs/${runId}/${SMALL}.json`].sort(),
    );
    expect(await keysUnder(`${PREFIX}/${KEY_REPORT.folder}/`)).toEqual([]);

    const digest = await mailDuring(moto, () => notifier()(sqsEvent(last!)));
    expect(digest).toHaveLength(1);
    expect(digest[0]?.subject).toBe('IAM access key rotation digest 2026-11-28: 2 of 2 accounts');

    const folder = `${PREFIX}/${KEY_REPORT.folder}/${DAY}/`;
    expect(await keysUnder(folder)).toEqual([`${folder}${KEY_REPORT.csv}`, `${folder}${KEY_REPORT.json}`]);
    const all = [...bigRows, ...smallRows];

    const json = await text(`${folder}${KEY_REPORT.json}`);
    expect(json.contentType).toBe('application/json');
    expect(json.body.trimEnd().includes('\n')).toBe(false);
    expect(JSON.parse(json.body)).toEqual(all.map(unlimited));

    const csv = await text(`${folder}${KEY_REPORT.csv}`);
    expect(csv.contentType).toMatch(/^text\/csv/);
    const [header, ...lines] = parseCsv(csv.body);
    expect(header).toEqual([...KEY_ROW_FIELDS, LIMIT_COLUMN]);
    expect(lines).toHaveLength(3002);
    const expected = (key: KeyRow) => [...KEY_ROW_FIELDS.map((field) => String(key[field] ?? '')), ''];
    expect(lines.slice(0, 2999)).toEqual(bigRows.slice(0, 2999).map(expected));
    expect(lines[2999]).toEqual(expected({ ...hostile, userName: `'${hostile.userName}` }));
    expect(lines.slice(3000)).toEqual(smallRows.map(expected));
    // The reports were cleaned up with the digest.
    expect(await keysUnder(`${PREFIX}/Runs/${runId}/`)).toEqual([]);
  });

  test('a stale run whose big account lost a part: the digest and the files carry what arrived, and say the list is partial', async () => {
    const runId = 'run-lost-part';
    const parts = splitToFit(adminReport(runId, BIG, Array.from({ length: 3000 }, (_, i) => row(BIG, i))));
    const arrived = parts.slice(0, -1);
    await notifier()(sqsEvent(...arrived.map((part) => sqsRecord(part))));
    const tomorrow = () => new Date(Date.now() + 24 * 60 * 60 * 1000);
    const next = message({ recipient: { email: ADMIN, role: 'ADMIN' }, accountId: SMALL, runId: 'run-next-day', expectedAccounts: 2, generatedAt: '2026-11-29T09:00:00.000Z' });
    const swept = await mailDuring(moto, () => createNotifierHandler({ logger: recordingLogger().logger, env: notifierEnv(), now: tomorrow })(sqsEvent(sqsRecord(next))));
    expect(swept).toHaveLength(1);
    expect(swept[0]?.body).toContain(`only ${arrived.length} of the ${parts.length} parts of this account&#39;s report arrived`);
    const rows = JSON.parse((await text(`${PREFIX}/${KEY_REPORT.folder}/${DAY}/${KEY_REPORT.json}`)).body) as KeyRow[];
    expect(rows).toEqual(arrived.flatMap((part) => part.keyRows ?? []).map(unlimited));
  });

  test('a quiet run on a day the digest is not mailed still leaves its key inventory', async () => {
    // Wednesday 2026-11-25, not DigestWeekday (Monday), and nothing changed or failed: no digest.
    const quiet = message({ recipient: { email: ADMIN, role: 'ADMIN' }, accountId: SMALL, runId: 'run-quiet', expectedAccounts: 1, generatedAt: '2026-11-25T09:00:00.000Z', users: [], keyRows: [row(SMALL, 1)] });
    const mail = await mailDuring(moto, () => notifier()(sqsEvent(sqsRecord(quiet))));
    expect(mail).toEqual([]);
    const rows = JSON.parse((await text(`${PREFIX}/${KEY_REPORT.folder}/2026-11-25/${KEY_REPORT.json}`)).body) as KeyRow[];
    expect(rows).toEqual([unlimited(row(SMALL, 1))]);
  });

  test('with ComplianceMaxKeyAge the inventory has the day each key fails it, and the digest counts them and says when all can comply', async () => {
    // Monday 2026-11-30, DigestWeekday: mailed. Created 2026-08-01: past 90 days since 2026-10-30, rotated on the 30th, the old key retired 10 days later.
    const rows = [row(SMALL, 1, { nextActionDate: '2026-11-30' }), row(SMALL, 2, { createdAt: '2026-11-01T10:00:00.000Z', ageDays: 29, nextActionDate: '2027-01-30' }), row(SMALL, 7)];
    const monday = message({ recipient: { email: ADMIN, role: 'ADMIN' }, accountId: SMALL, runId: 'run-limit', expectedAccounts: 1, generatedAt: '2026-11-30T09:00:00.000Z', keyRows: rows });
    const handler = createNotifierHandler({ logger: recordingLogger().logger, env: notifierEnv({ [NOTIFIER_ENV.complianceMaxKeyAge]: '90' }) });
    const mail = await mailDuring(moto, () => handler(sqsEvent(sqsRecord(monday))));
    const stored = JSON.parse((await text(`${PREFIX}/${KEY_REPORT.folder}/2026-11-30/${KEY_REPORT.json}`)).body) as Record<string, unknown>[];
    // The inactive key (index 7) never fails; the new one does on its day 90, since it is retired on day 100.
    expect(stored.map((key) => key[LIMIT_COLUMN])).toEqual(['2026-10-30', '2027-01-30', null]);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.body).toContain('1 key fails ComplianceMaxKeyAge (90 days) today; 1 more will before the tool retires them.');
    expect(mail[0]?.body).toContain('The earliest day the Organization can be fully compliant: 2026-12-10');
    expect(mail[0]?.body).toContain('every rotated key fails the limit');
  });
});

/** A row as the inventory stores it with ComplianceMaxKeyAge off: its limit day is empty. */
function unlimited(key: KeyRow): KeyRow & { [LIMIT_COLUMN]: null } {
  return { ...key, [LIMIT_COLUMN]: null };
}
