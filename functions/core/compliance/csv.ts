import { KEY_ROW_FIELDS, type KeyRow } from './row';

/** A column after the row's own fields (the key report adds the compliance limit's day). */
export interface ExtraColumn {
  readonly name: string;
  readonly value: (row: KeyRow) => string | number | null;
}

// A spreadsheet runs a cell that starts with one of these as a formula; account names may hold any printable character.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV line per key under a header of the row's field names (RFC 4180:
 * CRLF line ends, fields quoted when they hold a comma, quote or line break;
 * null is an empty field). Text that a spreadsheet would run as a formula
 * gets a leading apostrophe, the usual guard, since names come from people
 * in member accounts.
 */
export function rowsToCsv(rows: readonly KeyRow[], extra: readonly ExtraColumn[] = []): string {
  const lines = [[...KEY_ROW_FIELDS, ...extra.map((column) => column.name)].join(',')];
  for (const row of rows) lines.push([...KEY_ROW_FIELDS.map((field) => csvField(row[field])), ...extra.map((column) => csvField(column.value(row)))].join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
