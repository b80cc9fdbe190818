/** The report of `npm run reapply-secret-policies`: one row per secret, then the counts. */
import type { ReapplyReport, RowResult } from './reapply';

const ORDER: readonly RowResult[] = ['updated', 'would update', 'up to date', 'skipped', 'failed'];

export function renderReport(report: ReapplyReport): string {
  const header = ['secret', 'user', 'result', 'change'];
  const body = report.rows.map((row) => [row.secret, row.user, row.result, [row.change, row.detail].filter(Boolean).join('; ')]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const mode = report.apply ? 'apply' : 'dry run: nothing written';
  const lines = [`Secrets in account ${report.secretsAccount}, ${report.region} (${mode})`, ''];
  if (report.rows.length === 0) lines.push('No Account_*_User_*_AccessKey secrets found.');
  else lines.push(line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line));
  const counts = ORDER.map((result) => [result, report.rows.filter((row) => row.result === result).length] as const).filter(([, n]) => n > 0);
  lines.push('', `${report.rows.length} secret${report.rows.length === 1 ? '' : 's'}${counts.length > 0 ? ': ' : ''}${counts.map(([result, n]) => `${n} ${result}`).join(', ')}`);
  if (!report.apply && report.rows.some((row) => row.result === 'would update')) lines.push('Run again with --apply to write these policies.');
  return lines.join('\n');
}

/** 1 when any secret failed: a script or pipeline must not take a partial update for a complete one. */
export function exitCode(report: ReapplyReport): number {
  return report.rows.some((row) => row.result === 'failed') ? 1 : 0;
}
