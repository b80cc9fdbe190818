import { emptyCounts, textAgeChart, type ClassifiedKey } from '../../../functions/core/compliance';
import { failsLimitOn } from '../../../functions/core/compliance/max-key-age';
import { singleLine } from '../../../functions/core/text/escape';
import type { PlanResult } from '../run';
import { limitLines } from './compliance-limit';
import { targetLabel } from '../../../functions/core/delivery/config/describe';
import { accountTitle, countsText, firstRunText, footnotes, keysText, lastUsedText, settingsText, titleText } from './summary';

interface Column {
  readonly title: string;
  readonly cell: (key: ClassifiedKey) => string;
  readonly right?: boolean;
}

const BASE_COLUMNS: readonly Column[] = [
  { title: 'user', cell: (key) => key.row.userName },
  { title: 'key id', cell: (key) => key.row.accessKeyId ?? '-' },
  { title: 'status', cell: (key) => key.row.status },
  { title: 'created', cell: (key) => key.row.createdAt.slice(0, 10) },
  { title: 'age', cell: (key) => String(key.ageDays), right: true },
  { title: 'last used', cell: (key) => lastUsedText(key.row) },
  { title: 'next', cell: (key) => key.row.nextAction ?? '-' },
  { title: 'on', cell: (key) => key.row.nextActionDate ?? '-' },
  { title: 'reason', cell: (key) => key.row.reason },
];

/** With ComplianceMaxKeyAge set, the day each key starts failing it, before the reason. */
function columnsFor(result: PlanResult): readonly Column[] {
  const limit = result.settings.complianceMaxKeyAgeDays;
  if (limit <= 0) return BASE_COLUMNS;
  const failsOn: Column = { title: `fails ${limit}d`, cell: (key) => failsLimitOn(key.row, limit, result.settings.settings) ?? '-' };
  return [...BASE_COLUMNS.slice(0, -1), failsOn, ...BASE_COLUMNS.slice(-1)];
}

/**
 * The plan as a terminal table: the totals first, then each account with its
 * counts and one line a key, then the accounts with the most overdue keys,
 * who is exempt or on hold (the reason column says so too), and the key-age chart. Every value is put on one line,
 * so a user name cannot forge lines of the table.
 */
export function formatTable(result: PlanResult): string {
  const COLUMNS = columnsFor(result);
  const cells = (key: ClassifiedKey) => COLUMNS.map((column) => singleLine(column.cell(key)));
  const widths = COLUMNS.map((column, index) => Math.max(column.title.length, ...result.keys.map((key) => cells(key)[index]?.length ?? 0)));
  const line = (values: readonly string[]) =>
    `  ${values
      .map((value, index) => (index === values.length - 1 ? value : COLUMNS[index]?.right ? value.padStart(widths[index] ?? 0) : value.padEnd(widths[index] ?? 0)))
      .join('  ')}`.trimEnd();

  const out: string[] = [
    titleText(result),
    `settings: ${settingsText(result)}`,
    `${keysText(result.view.keys)}: ${countsText(result.view.counts, { all: true })}`,
    `${firstRunText(result)}`,
    ...limitLines(result),
    '',
  ];
  for (const account of result.accounts) {
    const counts = emptyCounts();
    for (const key of account.keys) counts[key.standing] += 1;
    if (account.error !== undefined) {
      out.push(`${singleLine(accountTitle(account))}: NOT PLANNED: ${singleLine(account.error)}`, '');
      continue;
    }
    out.push(`${singleLine(accountTitle(account))}: ${keysText(account.keys.length)}: ${countsText(counts, { all: false })}`);
    if (account.keys.length > 0) {
      out.push(line(COLUMNS.map((column) => column.title.toUpperCase())));
      for (const key of account.keys) out.push(line(cells(key)));
    }
    for (const user of result.delivery?.users.filter((entry) => entry.account === account.accountId) ?? []) {
      out.push(`  delivery: ${singleLine(user.user)}'s new keys go to ${user.targets.map((target) => singleLine(targetLabel(target))).join(', ')}`);
    }
    for (const used of account.whereUsed ?? []) out.push(`  where used: ${singleLine(`${used.userName} ${used.keyId}: ${used.lines.join(' ')}`)}`);
    for (const failure of account.failures) out.push(`  FAILED: ${singleLine(failure)}`);
    for (const note of account.notes) out.push(`  note: ${singleLine(note)}`);
    out.push('');
  }
  if (result.view.mostOverdue.length > 0) {
    out.push(`most overdue keys: ${result.view.mostOverdue.map((account) => `${singleLine(accountTitle(account))} ${account.counts.overdue}`).join(', ')}`);
  }
  if (result.view.leftAlone.length > 0) {
    out.push(`exempt or on hold: ${result.view.leftAlone.map((user) => singleLine(`${user.accountName ?? user.accountId}/${user.userName} (${user.reason})`)).join(', ')}`);
  }
  out.push('', textAgeChart(result.view.ages), '');
  for (const note of footnotes(result)) out.push(`note: ${singleLine(note)}`);
  return `${out.join('\n').trimEnd()}\n`;
}
