import type { KeyRow } from '../../../functions/core/compliance';
import type { NotificationMessage } from '../../../functions/core/messages/notification';
import { parseNotificationMessage } from '../../../functions/notifier/message-schema';
import { joinParts, reportsByAccount, type StoredReport } from '../../../functions/notifier/report-parts';
import { splitToFit } from '../../../functions/rotation/report/queue';

const ACCOUNT = '111122223333';

function row(index: number): KeyRow {
  return {
    accountId: ACCOUNT,
    accountName: 'Workloads',
    userName: `user-${String(index).padStart(5, '0')}`,
    accessKeyId: null,
    status: 'Active',
    createdAt: '2026-01-01T00:00:00.000Z',
    ageDays: 4,
    lastUsedAt: null,
    lastUsedService: null,
    lastUsedRegion: null,
    exemptReason: null,
    exemptUntil: null,
    nextAction: 'ROTATE',
    nextActionDate: '2026-04-01',
    reason: 'reaches RotationPeriod (90 days) on 2026-04-01; then DEACTIVATE: never used, so deactivated as soon as it is replaced',
  };
}

function admin(keys: number, users = 0): NotificationMessage {
  return {
    version: 1,
    recipient: { email: 'admin@example.com', role: 'ADMIN' },
    accountId: ACCOUNT,
    dryRun: false,
    generatedAt: '2026-01-05T09:00:00.000Z',
    runId: 'run-1',
    expectedAccounts: 1,
    settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
    users: Array.from({ length: users }, (_, i) => ({ userName: `warned-${i}`, actions: [] })),
    held: [{ userName: 'on-hold', until: '2026-02-01T00:00:00.000Z' }],
    notes: ['a note'],
    failures: ['a failure'],
    keyRows: Array.from({ length: keys }, (_, i) => row(i)),
  };
}

const stored = (key: string, part?: { index: number; count: number }, at = 0, accountId = ACCOUNT): StoredReport => ({
  key,
  accountId,
  lastModified: new Date(at),
  ...(part ? { part } : {}),
});

describe('an admin report in parts', () => {
  test('a small report stays one message, without a part number', () => {
    const parts = splitToFit(admin(10));
    expect(parts).toHaveLength(1);
    expect(parts[0]?.part).toBeUndefined();
  });

  test('3,000 keys: numbered parts that each fit SQS, held users, notes and failures in part 1 only, and joined they are the report again', () => {
    const whole = admin(3000, 40);
    const parts = splitToFit(whole);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((part) => part.part)).toEqual(parts.map((_, i) => ({ index: i + 1, count: parts.length })));
    for (const part of parts) expect(Buffer.byteLength(JSON.stringify(part))).toBeLessThanOrEqual(240 * 1024);
    expect(parts.slice(1).every((part) => part.held === undefined && part.notes === undefined && part.failures.length === 0)).toBe(true);
    // Delivered in any order, they join back to the report as it was.
    expect(joinParts([...parts].reverse())).toEqual(whole);
  });

  test('an account counts once all the parts of one split are in; a rerun that split differently does not mix with it', () => {
    const of3 = (index: number, at = 1) => stored(`${ACCOUNT}.${index}-of-3.json`, { index, count: 3 }, at);
    expect(reportsByAccount([of3(1), of3(3)])).toEqual([{ accountId: ACCOUNT, complete: false, reports: [of3(1), of3(3)], expectedParts: 3 }]);
    expect(reportsByAccount([of3(2), of3(1), of3(3)])).toEqual([{ accountId: ACCOUNT, complete: true, reports: [of3(1), of3(2), of3(3)] }]);
    // A rerun of the account split in two: complete beats incomplete, and of two complete ones the newer.
    const of2 = (index: number, at = 5) => stored(`${ACCOUNT}.${index}-of-2.json`, { index, count: 2 }, at);
    expect(reportsByAccount([of3(1), of2(1), of2(2)])[0]?.reports).toEqual([of2(1), of2(2)]);
    expect(reportsByAccount([of3(1), of3(2), of3(3), of2(1), of2(2)])[0]?.reports).toEqual([of2(1), of2(2)]);
    // A whole report (an older rotation function, or one that fitted) is complete by itself.
    expect(reportsByAccount([stored(`${ACCOUNT}.json`), stored('222233334444.json', undefined, 0, '222233334444')]).map((a) => a.complete)).toEqual([true, true]);
  });
});

describe('the message contract for key rows and parts', () => {
  const { keyRows: _rows, ...old } = admin(0);

  test('a message from a rotation function without key rows or parts still parses; rows and a part number are checked when present', () => {
    expect(parseNotificationMessage(old)).toEqual(old);
    const withRows = { ...old, keyRows: [row(1)], part: { index: 2, count: 3 } };
    expect(parseNotificationMessage(withRows)).toEqual(withRows);
  });

  test.each([
    ['part 4 of 3', { part: { index: 4, count: 3 } }, 'part'],
    ['part 1 of 1', { part: { index: 1, count: 1 } }, 'part.count'],
    ['a row without its age', { keyRows: [{ ...row(1), ageDays: undefined }] }, 'keyRows[0].ageDays'],
    ['a row with a date in words', { keyRows: [{ ...row(1), nextActionDate: '1 April' }] }, 'keyRows[0].nextActionDate'],
    ['a row of no account', { keyRows: [{ ...row(1), accountId: '12' }] }, 'keyRows[0].accountId'],
  ])('%s is refused, naming %s', (_what, change, field) => {
    expect(() => parseNotificationMessage({ ...old, ...change })).toThrow(expect.objectContaining({ name: 'NotificationMessageError', field }));
  });
});
