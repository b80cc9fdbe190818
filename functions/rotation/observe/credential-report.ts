import { GenerateCredentialReportCommand, GetCredentialReportCommand, type IAMClient } from '@aws-sdk/client-iam';
import type { KeyStatus } from '../../core/lifecycle/types';
import { CredentialReportUnavailableError, describeError, errorCode } from '../errors';

/** A key as the credential report saw it: no key id, and possibly hours old. */
export interface CredentialReportKey {
  /** access_key_1 or access_key_2: the key ledger remembers ids per slot. */
  readonly slot?: 1 | 2;
  readonly status: KeyStatus;
  readonly createdAt: Date;
  readonly lastUsedAt?: Date;
  /** Where the key was last used, as the report says (absent when never used). */
  readonly lastUsedService?: string;
  readonly lastUsedRegion?: string;
}

export interface CredentialReport {
  readonly generatedAt?: Date;
  /** By user name. Rows the parser could not read are left out, so those users get looked at directly. */
  readonly users: ReadonlyMap<string, readonly CredentialReportKey[]>;
}

export interface CredentialReportPolling {
  /** Waits between attempts while IAM generates the report; their sum bounds the wait. */
  readonly delaysMs: readonly number[];
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_CREDENTIAL_REPORT_POLLING: CredentialReportPolling = {
  delaysMs: [1000, 2000, 3000, 4000, 5000],
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const NOT_READY = new Set(['ReportInProgressException', 'ReportNotPresentException']);

/**
 * Asks IAM for the credential report: two calls for the whole account when a
 * report under four hours old exists (IAM then answers COMPLETE and hands it
 * out; older ones are refused with ReportExpired, which bounds staleness).
 * Waits a bounded time while a new one is generated; after that, or on any
 * other error, throws CredentialReportUnavailableError so the caller falls
 * back to listing keys per user.
 */
export async function fetchCredentialReport(iam: IAMClient, polling: CredentialReportPolling): Promise<CredentialReport> {
  let state: string | undefined;
  try {
    state = (await iam.send(new GenerateCredentialReportCommand({}))).State;
  } catch (error) {
    throw new CredentialReportUnavailableError(`GenerateCredentialReport failed: ${describeError(error)}`, { cause: error });
  }
  const waits = state === 'COMPLETE' ? [0, ...polling.delaysMs] : [...polling.delaysMs];
  let lastProblem = `report still ${state ?? 'unknown'}`;
  for (const wait of waits) {
    if (wait > 0) await polling.sleep(wait);
    try {
      const report = await iam.send(new GetCredentialReportCommand({}));
      if (!report.Content) throw new CredentialReportUnavailableError('GetCredentialReport returned no content');
      return {
        ...(report.GeneratedTime ? { generatedAt: report.GeneratedTime } : {}),
        users: parseCredentialReport(Buffer.from(report.Content).toString('utf8')),
      };
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ReportExpiredException') {
        // Older than IAM's four hours: ask for a fresh one and keep waiting.
        await iam.send(new GenerateCredentialReportCommand({})).catch(() => undefined);
      } else if (!code || !NOT_READY.has(code)) {
        throw new CredentialReportUnavailableError(`GetCredentialReport failed: ${describeError(error)}`, { cause: error });
      }
      lastProblem = describeError(error);
    }
  }
  throw new CredentialReportUnavailableError(`not ready after ${polling.delaysMs.length} waits: ${lastProblem}`);
}

const KEY_COLUMNS = ([1, 2] as const).map((n) => ({
  slot: n,
  active: `access_key_${n}_active`,
  created: `access_key_${n}_last_rotated`,
  lastUsed: `access_key_${n}_last_used_date`,
  service: `access_key_${n}_last_used_service`,
  region: `access_key_${n}_last_used_region`,
}));

/** Parses the report's CSV. The root account's row and unreadable rows are skipped. */
export function parseCredentialReport(csv: string): Map<string, CredentialReportKey[]> {
  const rows = parseCsv(csv);
  const header = rows.shift();
  const users = new Map<string, CredentialReportKey[]>();
  if (!header) return users;
  const column = new Map(header.map((name, index) => [name.trim(), index]));
  const userIndex = column.get('user');
  if (userIndex === undefined) return users;
  for (const row of rows) {
    // User names may contain commas; a row that does not line up with the header is unreadable, not guessed at.
    if (row.length !== header.length) continue;
    const userName = row[userIndex];
    if (!userName || userName === '<root_account>') continue;
    const keys: CredentialReportKey[] = [];
    let readable = true;
    for (const names of KEY_COLUMNS) {
      const created = dateOf(cell(row, column, names.created));
      if (created === null) {
        readable = false;
        break;
      }
      if (created === undefined) continue;
      const lastUsedAt = dateOf(cell(row, column, names.lastUsed));
      const service = known(cell(row, column, names.service));
      const region = known(cell(row, column, names.region));
      keys.push({
        slot: names.slot,
        status: cell(row, column, names.active) === 'true' ? 'Active' : 'Inactive',
        createdAt: created,
        ...(lastUsedAt ? { lastUsedAt } : {}),
        ...(service ? { lastUsedService: service } : {}),
        ...(region ? { lastUsedRegion: region } : {}),
      });
    }
    if (readable) users.set(userName, keys);
  }
  return users;
}

function cell(row: readonly string[], column: ReadonlyMap<string, number>, name: string): string | undefined {
  const index = column.get(name);
  return index === undefined ? undefined : row[index]?.trim();
}

/** A text cell, or undefined where the report says it has none. */
function known(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === 'N/A' || value === 'no_information' || value === 'not_supported' ? undefined : value;
}

/** undefined: no date (N/A, no_information); null: a value that is not a date (the row is unreadable). */
function dateOf(value: string | undefined): Date | undefined | null {
  const text = known(value);
  if (text === undefined) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((value) => value !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  row.push(field);
  if (row.some((value) => value !== '')) rows.push(row);
  return rows;
}
