import { KEY_ROW_FIELDS, rowsToCsv, type KeyRow } from '../../../functions/core/compliance';
import { parseCsv } from '../../../functions/rotation/observe/credential-report';

const ROW: KeyRow = {
  accountId: '111122223333',
  accountName: 'Team "A", EU',
  userName: 'alice',
  accessKeyId: 'AKIAEXAMPLE',
  status: 'Active',
  createdAt: '2025-01-01T00:00:00.000Z',
  ageDays: 90,
  lastUsedAt: null,
  lastUsedService: null,
  lastUsedRegion: null,
  exemptReason: null,
  exemptUntil: null,
  nextAction: 'ROTATE',
  nextActionDate: '2025-04-01',
  reason: 'line one\nline two',
};

describe('CSV of key rows', () => {
  test('a header of the field names, RFC 4180 quoting, null as an empty field, and it reads back', () => {
    const csv = rowsToCsv([ROW]);
    expect(csv.startsWith(`${KEY_ROW_FIELDS.join(',')}\r\n`)).toBe(true);
    const [header, row] = parseCsv(csv);
    expect(header).toEqual([...KEY_ROW_FIELDS]);
    expect(row).toEqual(KEY_ROW_FIELDS.map((field) => String(ROW[field] ?? '')));
  });

  test('a value a spreadsheet would run as a formula is defused', () => {
    const csv = rowsToCsv([{ ...ROW, accountName: '=HYPERLINK("http://x","y")', userName: '+alice' }]);
    const [, row] = parseCsv(csv);
    expect(row?.[1]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(row?.[2]).toBe(`'+alice`);
  });
});
