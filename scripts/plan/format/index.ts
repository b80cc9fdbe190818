import { rowsToCsv, type KeyRow } from '../../../functions/core/compliance';
import { failsLimitOn, LIMIT_COLUMN } from '../../../functions/core/compliance/max-key-age';
import type { Format } from '../args';
import type { PlanResult } from '../run';
import { formatHtml } from './html';
import { formatTable } from './table';
import { jsonWhereUsed, WHERE_USED_COLUMN, whereUsedByKey } from './where-used';

/**
 * The JSON interface `npm run plan` promises (issue 13): exactly these fields,
 * in this order. Fields added to KeyRow for the key report (age in
 * days, the exemption's last day) go to CSV, not into this contract.
 */
export const PLAN_JSON_FIELDS = [
  'accountId',
  'accountName',
  'userName',
  'accessKeyId',
  'status',
  'createdAt',
  'lastUsedAt',
  'lastUsedService',
  'lastUsedRegion',
  'exemptReason',
  'nextAction',
  'nextActionDate',
  'reason',
] as const satisfies readonly (keyof KeyRow)[];

function jsonRow(row: KeyRow): Record<string, unknown> {
  return Object.fromEntries(PLAN_JSON_FIELDS.map((field) => [field, row[field]]));
}

/**
 * Only with --where-used: one more field after the contract's, `whereUsed`,
 * on the keys that were looked up and have evidence (absent on the others),
 * so the output without the flag is the contract exactly.
 */
export const PLAN_JSON_WHERE_USED_FIELD = 'whereUsed';

/** The plan in the chosen format. json and csv hold the key rows only (accounts that failed are on stderr and in the exit code). */
export function formatPlan(result: PlanResult, format: Format): string {
  const rows = result.keys.map((key) => key.row);
  const whereUsed = result.whereUsed ? whereUsedByKey(result) : undefined;
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        rows.map((row) => {
          const used = whereUsed?.(row);
          return used ? { ...jsonRow(row), [PLAN_JSON_WHERE_USED_FIELD]: jsonWhereUsed(used) } : jsonRow(row);
        }),
        null,
        2,
      )}\n`;
    case 'csv':
      // The key report's columns, its compliance-limit day included (empty when ComplianceMaxKeyAge is off), and with --where-used the evidence.
      return rowsToCsv(rows, [
        { name: LIMIT_COLUMN, value: (row) => failsLimitOn(row, result.settings.complianceMaxKeyAgeDays, result.settings.settings) },
        ...(whereUsed ? [{ name: WHERE_USED_COLUMN, value: (row: KeyRow) => whereUsed(row)?.lines.join(' ') ?? null }] : []),
      ]);
    case 'html':
      return formatHtml(result);
    case 'table':
      return formatTable(result);
  }
}
