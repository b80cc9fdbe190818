import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { SQSBatchResponse } from 'aws-lambda';
import { NOTIFIER_ENV } from '../../../contract/env/notifier';
import { KEY_REPORT } from '../../../contract/names';
import { LIMIT_COLUMN } from '../../../functions/core/compliance/max-key-age';
import { KEY_ROW_FIELDS, type KeyRow } from '../../../functions/core/compliance';
import type { NotificationMessage } from '../../../functions/core/messages/notification';
import type { AccountResult, DigestMessage, RunDigest } from '../../../functions/core/messages/run';
import { createNotifierHandler } from '../../../functions/notifier/handler';
import { parseCsv } from '../../../functions/rotation/observe/credential-report';
import type { ClientPlugin } from '../../../functions/core/aws/plugins';
import type { Logger } from '../../../functions/core/log/logger';
import { RunCloser } from '../../../functions/runs';
import { FaultInjector } from '../../harness/sdk-plugins';
import { useMoto } from '../../harness/moto';
import { ADMIN, BUCKET, mailDuring, message, notifierEnv, prepare, PREFIX, recordingLogger, rotatedUser, s3, sqsEvent, sqsRecord } from '../notifier/fixture';

const moto = useMoto();

beforeAll(() => prepare(moto));

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const DAY = '2026-11-28';
const DAY_MS = 24 * 60 * 60 * 1000;

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

function report(runId: string, accountId: string, overrides: Partial<NotificationMessage> = {}): AccountResult {
  return {
    ...message({
      recipient: { email: ADMIN, role: 'ADMIN' },
      accountId,
      accountName: `acct-${accountId.slice(0, 1)}`,
      users: [rotatedUser(`user-${accountId.slice(0, 1)}`)],
      keyRows: [row(accountId, 1)],
      ...overrides,
    }),
    runId,
    expectedAccounts: overrides.expectedAccounts ?? ACCOUNTS.length,
  };
}

/**
 * A rotation container's close-run step: its own RunCloser (containers share
 * nothing but S3), the digest messages it queues collected in `queued`.
 */
function container(
  queued: DigestMessage[],
  options: { now?: () => Date; plugins?: ClientPlugin[]; complianceMaxKeyAgeDays?: number; logger?: Logger } = {},
): RunCloser {
  const client = s3(moto);
  for (const plugin of options.plugins ?? []) client.middlewareStack.use(plugin);
  return new RunCloser({
    s3: client,
    bucket: BUCKET,
    prefix: PREFIX,
    queueDigest: async (digest) => {
      queued.push(digest);
    },
    logger: options.logger ?? recordingLogger().logger,
    now: options.now ?? (() => new Date()),
    ...(options.complianceMaxKeyAgeDays !== undefined ? { complianceMaxKeyAgeDays: options.complianceMaxKeyAgeDays } : {}),
  });
}

/** Another container's work, done just before this container's first S3 read: the race between listing the results and reading them. */
function beforeFirstRead(meanwhile: () => Promise<unknown>): { plugin: ClientPlugin; happened: () => boolean } {
  let happened = false;
  const plugin: ClientPlugin = {
    applyToStack: (stack) =>
      stack.add(
        (next, context) => async (args) => {
          if (!happened && context.commandName === 'GetObjectCommand') {
            happened = true;
            await meanwhile();
          }
          return next(args);
        },
        { step: 'initialize', name: 'otherContainerMeanwhile' },
      ),
  };
  return { plugin, happened: () => happened };
}

async function keysUnder(prefix: string): Promise<string[]> {
  const listed = await s3(moto).send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
}

async function text(key: string): Promise<{ body: string; contentType: string | undefined }> {
  const object = await s3(moto).send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { body: (await object.Body?.transformToString('utf-8')) ?? '', contentType: object.ContentType };
}

async function storedDigest(runId: string): Promise<RunDigest> {
  return JSON.parse((await text(`${PREFIX}/Digests/${runId}.json`)).body) as RunDigest;
}

/** The notifier as deployed, fed the queued digest messages. */
async function deliver(messages: readonly DigestMessage[]): Promise<SQSBatchResponse> {
  const notifier = createNotifierHandler({ logger: recordingLogger().logger, env: notifierEnv() });
  return (await notifier(sqsEvent(...messages.map((digest) => sqsRecord(digest))))) as SQSBatchResponse;
}

describe('the close-run step', () => {
  test('the run closes once, when the last expected account has reported, across containers; a redelivered account does not count twice', async () => {
    const runId = 'run-complete';
    const queued: DigestMessage[] = [];
    expect(await container(queued).reported(report(runId, ACCOUNTS[0]!))).toEqual({ status: 'open', reported: 1, expected: 3 });
    // Redelivered in another container: still one account.
    expect(await container(queued).reported(report(runId, ACCOUNTS[0]!))).toEqual({ status: 'open', reported: 1, expected: 3 });
    await container(queued).reported(report(runId, ACCOUNTS[1]!));
    expect(await keysUnder(`${PREFIX}/Runs/${runId}/`)).toEqual(ACCOUNTS.slice(0, 2).map((id) => `${PREFIX}/Runs/${runId}/${id}.json`));
    expect(queued).toEqual([]);

    expect(await container(queued).reported(report(runId, ACCOUNTS[2]!))).toEqual({ status: 'closed', closedBy: 'complete', reported: 3, expected: 3 });
    expect(queued).toEqual([{ version: 1, kind: 'digest', runId }]);
    // Closed: the reports are gone, the close record holds the digest, the rows once (not again in each report).
    expect(await keysUnder(`${PREFIX}/Runs/${runId}/`)).toEqual([]);
    const digest = await storedDigest(runId);
    expect(digest).toMatchObject({ version: 1, runId, expectedAccounts: 3, closedBy: 'complete' });
    expect(digest.reports.map((account) => account.accountId)).toEqual(ACCOUNTS);
    expect(digest.reports.some((account) => account.keyRows !== undefined)).toBe(false);
    expect(digest.keyRows).toEqual(ACCOUNTS.map((id) => row(id, 1)));

    const mail = await mailDuring(moto, () => deliver(queued));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.to).toEqual([ADMIN]);
    expect(mail[0]?.subject).toBe('IAM access key rotation digest 2026-11-28: 3 of 3 accounts');
    for (const id of ACCOUNTS) expect(mail[0]?.body).toMatch(new RegExp(`>acct-${id.slice(0, 1)}<br><span[^>]*>${id}</span>`));
    expect(mail[0]?.body).toContain('>Accounts</td><td>3 of 3 reported</td>');
  });

  test('two accounts finishing at the same moment close the run once', async () => {
    const runId = 'run-race';
    const queued: DigestMessage[] = [];
    const outcomes = await Promise.all(ACCOUNTS.slice(0, 2).map((id) => container(queued).reported(report(runId, id, { expectedAccounts: 2 }))));
    expect(queued).toEqual([{ version: 1, kind: 'digest', runId }]);
    // At least the later of the two saw the run complete (S3 lists are strongly consistent); only one closed it.
    expect(outcomes.filter((outcome) => outcome.status === 'closed')).toHaveLength(1);
  });

  test('an account that reads the results while another closes the run is told so, not alarmed: the run is closed once, with both', async () => {
    const runId = 'run-closed-meanwhile';
    const queued: DigestMessage[] = [];
    await container(queued).reported(report(runId, ACCOUNTS[0]!, { expectedAccounts: 2 }));
    // Between this container's listing and its read, the first account's redelivery in another container closes the run.
    const race = beforeFirstRead(async () => {
      expect(await container(queued).reported(report(runId, ACCOUNTS[0]!, { expectedAccounts: 2 }))).toMatchObject({ status: 'closed' });
    });
    const { logger, lines } = recordingLogger();
    const late = container(queued, { plugins: [race.plugin], logger });
    expect(await late.reported(report(runId, ACCOUNTS[1]!, { expectedAccounts: 2 }))).toEqual({ status: 'already-closed' });
    expect(race.happened()).toBe(true);
    expect(lines.filter((line) => line.level === 'ERROR')).toEqual([]);
    expect(lines.map((line) => line.message)).toContain('another account closed the run while this one read its results; nothing done again');
    expect(queued).toEqual([{ version: 1, kind: 'digest', runId }]);
    expect((await storedDigest(runId)).reports.map((account) => account.accountId)).toEqual(ACCOUNTS.slice(0, 2));
  });

  test('an account of 3,000 keys: keys.csv and keys.json hold every key of the run, spreadsheet-safe', async () => {
    const runId = 'run-inventory';
    // Values from people in member accounts: a comma, quotes, a line break, a formula.
    const hostile = row('111111111111', 3000, { accountName: 'Team "A", EU', userName: '=HYPERLINK("http://x")', exemptReason: 'tag IAMKeyRotationHold until 2026-12-31', exemptUntil: '2026-12-31', reason: 'line one\nline two' });
    const bigRows = [...Array.from({ length: 2999 }, (_, i) => row('111111111111', i)), hostile];
    const smallRows = [row('222222222222', 1), row('222222222222', 2)];
    const queued: DigestMessage[] = [];
    // A day of its own: the other tests' runs file their keys under 2026-11-28.
    const generatedAt = '2026-11-26T09:00:00.000Z';
    const folder = `${PREFIX}/${KEY_REPORT.folder}/2026-11-26/`;
    await container(queued).reported(report(runId, '111111111111', { expectedAccounts: 2, keyRows: bigRows, generatedAt }));
    expect(await keysUnder(folder)).toEqual([]);
    await container(queued).reported(report(runId, '222222222222', { expectedAccounts: 2, keyRows: smallRows, generatedAt }));
    expect(queued).toHaveLength(1);

    expect(await keysUnder(folder)).toEqual([`${folder}${KEY_REPORT.csv}`, `${folder}${KEY_REPORT.json}`]);
    const all = [...bigRows, ...smallRows];
    const json = await text(`${folder}${KEY_REPORT.json}`);
    expect(json.contentType).toBe('application/json');
    expect(json.body.trimEnd().includes('\n')).toBe(false);
    // Every row also says when it fails ComplianceMaxKeyAge: null while the limit is off.
    expect(JSON.parse(json.body)).toEqual(all.map((row) => ({ ...row, [LIMIT_COLUMN]: null })));

    const csv = await text(`${folder}${KEY_REPORT.csv}`);
    expect(csv.contentType).toMatch(/^text\/csv/);
    const [header, ...lines] = parseCsv(csv.body);
    expect(header).toEqual([...KEY_ROW_FIELDS, LIMIT_COLUMN]);
    expect(lines).toHaveLength(3002);
    const expected = (key: KeyRow) => [...KEY_ROW_FIELDS.map((field) => String(key[field] ?? '')), ''];
    expect(lines.slice(0, 2999)).toEqual(bigRows.slice(0, 2999).map(expected));
    expect(lines[2999]).toEqual(expected({ ...hostile, userName: `'${hostile.userName}` }));
    expect(lines.slice(3000)).toEqual(smallRows.map(expected));
  });

  test('an account that never reports: the next run closes the run at its deadline, and the digest says how many did not report', async () => {
    const stale = 'run-stale';
    const queued: DigestMessage[] = [];
    for (const id of ACCOUNTS.slice(0, 2)) await container(queued).reported(report(stale, id));

    // Not yet past the deadline: the next run leaves it open.
    await container(queued).closeStragglers('run-next');
    expect(queued).toEqual([]);

    const tomorrow = () => new Date(Date.now() + DAY_MS);
    const nextDay = container(queued, { now: tomorrow });
    await nextDay.closeStragglers('run-next');
    expect(queued).toContainEqual({ version: 1, kind: 'digest', runId: stale });
    expect((await storedDigest(stale)).closedBy).toBe('deadline');
    expect(await keysUnder(`${PREFIX}/Runs/${stale}/`)).toEqual([]);
    // Once per container and run: the same container's next account does not list again.
    queued.length = 0;
    await nextDay.closeStragglers('run-next');
    expect(queued).toEqual([]);

    const mail = await mailDuring(moto, () => deliver([{ version: 1, kind: 'digest', runId: stale }]));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('[Failures] IAM access key rotation digest 2026-11-28: 2 of 3 accounts');
    expect(mail[0]?.body).toContain('2 of 3 reported; 1 did not (see the rotation dead-letter queue and logs)');
    expect(mail[0]?.body).toContain('1 of 3 accounts did not report: look at the rotation dead-letter queue');
  });

  test('two containers sweeping at once: the one whose read finds a result gone says so at INFO and sweeps the other runs', async () => {
    const queued: DigestMessage[] = [];
    for (const runId of ['run-swept-a', 'run-swept-b']) await container(queued).reported(report(runId, ACCOUNTS[0]!));
    const tomorrow = () => new Date(Date.now() + DAY_MS);
    // Before this container's first read of a result, another container's sweep closes both stale runs.
    const race = beforeFirstRead(() => container(queued, { now: tomorrow }).closeStragglers('run-today'));
    const { logger, lines } = recordingLogger();
    await container(queued, { now: tomorrow, plugins: [race.plugin], logger }).closeStragglers('run-today');
    expect(race.happened()).toBe(true);
    expect(lines.filter((line) => line.level === 'ERROR')).toEqual([]);
    expect(lines.map((line) => line.message)).toContain('another container closed this run past its deadline while this one read it; nothing done again');
    expect(queued.map((digest) => digest.runId).sort()).toEqual(['run-swept-a', 'run-swept-b']);
  });

  test('a report redelivered after the close is swept at the deadline without a second digest', async () => {
    const runId = 'run-late-redelivery';
    const queued: DigestMessage[] = [];
    await container(queued).reported(report(runId, ACCOUNTS[0]!, { expectedAccounts: 1 }));
    expect(queued).toHaveLength(1);
    expect(await container(queued).reported(report(runId, ACCOUNTS[0]!, { expectedAccounts: 1 }))).toEqual({ status: 'already-closed' });
    // A report whose close fails for good stays; the straggler sweep finds the close record and only deletes it.
    await s3(moto).send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}/Digests/${runId}.json` }));
    expect(await keysUnder(`${PREFIX}/Runs/${runId}/`)).toHaveLength(1);
    await container(queued, { now: () => new Date(Date.now() + DAY_MS) }).closeStragglers('run-after');
    expect(queued).toHaveLength(1);
    expect(await keysUnder(`${PREFIX}/Runs/${runId}/`)).toEqual([]);
  });

  test('a close that fails half-way gives its record back and does not fail the account; the deadline closes the run', async () => {
    const runId = 'run-queue-down';
    const queued: DigestMessage[] = [];
    const { logger, lines } = recordingLogger();
    const failing = new RunCloser({ s3: s3(moto), bucket: BUCKET, prefix: PREFIX, queueDigest: () => Promise.reject(new Error('SQS unavailable')), logger, now: () => new Date() });
    await expect(failing.reported(report(runId, ACCOUNTS[0]!, { expectedAccounts: 1 }))).resolves.toMatchObject({ status: 'open' });
    expect(lines.some((line) => line.message === 'the run could not be closed now; it is closed at its straggler deadline')).toBe(true);
    expect(await keysUnder(`${PREFIX}/Digests/${runId}`)).toEqual([]);
    expect(await keysUnder(`${PREFIX}/Runs/${runId}/`)).toHaveLength(1);

    await container(queued, { now: () => new Date(Date.now() + DAY_MS) }).closeStragglers('run-after-outage');
    expect(queued).toContainEqual({ version: 1, kind: 'digest', runId });
    expect((await storedDigest(runId)).closedBy).toBe('complete');
  });

  test('a report that cannot be stored fails the account, so SQS retries it', async () => {
    const faults = new FaultInjector('ServiceUnavailable').failNext('PutObject', 1);
    await expect(container([], { plugins: [faults.plugin] }).reported(report('run-s3-down', ACCOUNTS[0]!))).rejects.toThrow(/PutObject .*Runs\/run-s3-down\/111111111111\.json failed/);
  });
  test('with ComplianceMaxKeyAge the auditors\' files have the day each key fails it, and the digest counts them and says when all can comply', async () => {
    // Monday 2026-11-30, DigestWeekday: mailed. Created 2026-08-01: past 90 days since 2026-10-30, rotated on the 30th, the old key retired 10 days later.
    const [account = ''] = ACCOUNTS;
    const rows = [row(account, 1, { nextActionDate: '2026-11-30' }), row(account, 2, { createdAt: '2026-11-01T10:00:00.000Z', ageDays: 29, nextActionDate: '2027-01-30' }), row(account, 7)];
    const queued: DigestMessage[] = [];
    await container(queued, { complianceMaxKeyAgeDays: 90 }).reported(report('run-limit', account, { expectedAccounts: 1, generatedAt: '2026-11-30T09:00:00.000Z', keyRows: rows }));
    const stored = JSON.parse((await text(`${PREFIX}/${KEY_REPORT.folder}/2026-11-30/${KEY_REPORT.json}`)).body) as Record<string, unknown>[];
    // The inactive key (index 7) never fails; the new one does on its day 90, since it is retired on day 100.
    expect(stored.map((key) => key[LIMIT_COLUMN])).toEqual(['2026-10-30', '2027-01-30', null]);

    const notifier = createNotifierHandler({ logger: recordingLogger().logger, env: notifierEnv({ [NOTIFIER_ENV.complianceMaxKeyAge]: '90' }) });
    const mail = await mailDuring(moto, () => notifier(sqsEvent(...queued.map((digest) => sqsRecord(digest)))));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.body).toContain('1 key fails ComplianceMaxKeyAge (90 days) today; 1 more will before the tool retires them.');
    expect(mail[0]?.body).toContain('The earliest day the Organization can be fully compliant: 2026-12-10');
    expect(mail[0]?.body).toContain('every rotated key fails the limit');
  });
});
