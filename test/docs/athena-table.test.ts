import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_S3_PREFIX, KEY_REPORT } from '../../contract/names';
import { keyReportFiles } from '../../functions/runs/key-report';
import { parseCsv } from '../../functions/rotation/observe/credential-report';

const readme = readFileSync(path.join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Key report for auditors'), readme.indexOf('\n## ', readme.indexOf('## Key report for auditors') + 1));
const ddl = /```sql\n(CREATE EXTERNAL TABLE[\s\S]*?)```/.exec(section)?.[1] ?? '';

/** The column definitions between the table name's parenthesis and the one that closes it. */
function columns(statement: string): { name: string; type: string }[] {
  const body = /CREATE EXTERNAL TABLE \w+ \(\n([\s\S]*?)\n\)\n/.exec(statement)?.[1] ?? '';
  return body.split(',\n').map((line) => {
    const [name = '', type = ''] = line.trim().split(/\s+/);
    return { name, type };
  });
}

describe('docs/operations.md: the Athena table of the key report', () => {
  const csv = keyReportFiles(DEFAULT_S3_PREFIX, '2026-01-05', []).find((file) => file.key.endsWith(KEY_REPORT.csv));
  const [header] = parseCsv(csv?.body ?? '');

  test('its columns are the CSV header the notifier writes, in order', () => {
    expect(ddl).not.toBe('');
    expect(columns(ddl).map((column) => column.name)).toEqual(header);
  });

  test('numbers are INT, everything else STRING (OpenCSVSerDe reads the ISO dates as text)', () => {
    expect(columns(ddl).filter((column) => column.type !== 'STRING')).toEqual([{ name: 'ageDays', type: 'INT' }]);
  });

  test('it reads the folder the notifier writes, one partition a day, and skips the header', () => {
    const folder = `${DEFAULT_S3_PREFIX}/${KEY_REPORT.folder}/`;
    expect(csv?.key).toBe(`${folder}2026-01-05/${KEY_REPORT.csv}`);
    expect(ddl).toContain(`LOCATION 's3://my-artifacts-bucket/${folder}'`);
    expect(ddl).toContain(`'storage.location.template' = 's3://my-artifacts-bucket/${folder}\${run_date}/'`);
    expect(ddl).toContain(`'skip.header.line.count' = '1'`);
    expect(section).toContain(`reports/<YYYY-MM-DD>/${KEY_REPORT.csv}`);
    expect(section).toContain(`reports/<YYYY-MM-DD>/${KEY_REPORT.json}`);
  });

  test('keys.json is one line, so that the header skip keeps it out of the CSV table', () => {
    const json = keyReportFiles(DEFAULT_S3_PREFIX, '2026-01-05', []).find((file) => file.key.endsWith(KEY_REPORT.json));
    expect(json?.body.trimEnd().includes('\n')).toBe(false);
  });
});
