import { rowsToCsv } from '../../../functions/core/compliance';
import type { Format } from '../args';
import type { PlanResult } from '../run';
import { formatHtml } from './html';
import { formatTable } from './table';

/** The plan in the chosen format. json and csv hold the key rows only (accounts that failed are on stderr and in the exit code). */
export function formatPlan(result: PlanResult, format: Format): string {
  const rows = result.keys.map((key) => key.row);
  switch (format) {
    case 'json':
      return `${JSON.stringify(rows, null, 2)}\n`;
    case 'csv':
      return rowsToCsv(rows);
    case 'html':
      return formatHtml(result);
    case 'table':
      return formatTable(result);
  }
}
