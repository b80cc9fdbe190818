import { KEY_REPORT } from '../../contract/names';
import { isoDay, rowsToCsv, type KeyRow } from '../core/compliance';
import { failsLimitOn, LIMIT_COLUMN } from '../core/compliance/max-key-age';
import type { LifecycleSettings } from '../core/lifecycle/types';
import type { NotificationMessage } from '../core/messages/notification';

export { LIMIT_COLUMN };

export interface KeyReportFile {
  readonly key: string;
  readonly body: string;
  readonly contentType: string;
}

/**
 * The run's date: the UTC day its earliest account result was made, so a
 * digest sent late (a stale run swept the next day) still files its keys
 * under the day they were seen.
 */
export function runDay(results: readonly Pick<NotificationMessage, 'generatedAt'>[]): string {
  const times = results.map((result) => Date.parse(result.generatedAt)).filter((time) => !Number.isNaN(time));
  if (times.length === 0) throw new Error('a key report needs at least one dated account result');
  return isoDay(Math.min(...times));
}

/** `<prefix>/reports/<YYYY-MM-DD>/`: one folder a day, so Athena can partition by it. */
export function keyReportFolder(prefix: string, day: string): string {
  return `${prefix}/${KEY_REPORT.folder}/${day}/`;
}

/**
 * keys.csv (RFC 4180, a header of the row's field names, spreadsheet-safe)
 * and keys.json (the same rows as a JSON array). The JSON is one line on
 * purpose: the Athena table over the folder skips each file's first line
 * as the CSV header, and so never reads keys.json as CSV rows.
 */
export function keyReportFiles(prefix: string, day: string, rows: readonly KeyRow[], limit: ComplianceLimit = NO_LIMIT): KeyReportFile[] {
  const folder = keyReportFolder(prefix, day);
  // Always the column, empty when the limit is off: the Athena table's columns do not depend on a parameter.
  const failsOn = (row: KeyRow): string | null => failsLimitOn(row, limit.days, limit.settings);
  return [
    {
      key: `${folder}${KEY_REPORT.csv}`,
      body: rowsToCsv(rows, [{ name: LIMIT_COLUMN, value: failsOn }]),
      contentType: 'text/csv; charset=utf-8; header=present',
    },
    { key: `${folder}${KEY_REPORT.json}`, body: `${JSON.stringify(rows.map((row) => ({ ...row, [LIMIT_COLUMN]: failsOn(row) })))}\n`, contentType: 'application/json' },
  ];
}

export interface ComplianceLimit {
  readonly days: number;
  readonly settings: Pick<LifecycleSettings, 'rotationPeriodDays' | 'inactiveBufferDays'>;
}

const NO_LIMIT: ComplianceLimit = { days: 0, settings: { rotationPeriodDays: 0, inactiveBufferDays: 0 } };
