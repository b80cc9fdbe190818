import { htmlAgeChart, STANDING_COLOURS, STANDING_LABELS, STANDINGS, textAgeChart, type Standing } from '../../core/compliance';
import { escapeHtml, singleLine } from '../../core/text/escape';
import { accountOf, type ComplianceSection, type ListedKey } from '../content/compliance';
import { Markup } from '../render';
import { FONT, MONO } from './layout';

/**
 * The digest's compliance section as one Markup value (HTML and its text
 * equivalent): built here because the age chart is markup, and kept to the
 * email-safe rules of layout.ts. Every value from a member account (account
 * and user names, tag values, reasons) goes through escapeHtml in the HTML and
 * singleLine in the text; nothing else reaches the output.
 */
const H = 'margin:16px 0 6px;font-size:14px;font-weight:bold';
const CELL = 'padding:4px 10px 4px 0;border-bottom:1px solid #e1e4e8;text-align:left;vertical-align:top;font-size:13px';
const HEAD = `${CELL};color:#57606a;font-weight:bold`;

const POSTPONED = 'Postponed keys';
/**
 * No rows at all: almost always member accounts whose rotation function is
 * older than the key rows (it reports actions only). An account whose
 * users have no access key at all also sends none; the sentence covers both.
 */
export const NO_KEY_ROWS =
  'The reports carried no key rows: the accounts run a rotation function older than the compliance view (update the member stack set), or have no access keys.';

const e = (value: string | number): string => escapeHtml(String(value));
const t = (value: string | number): string => singleLine(String(value));

export function complianceMarkup(section: ComplianceSection): Markup {
  return new Markup(html(section), text(section));
}

function html(section: ComplianceSection): string {
  const { view } = section;
  const parts = [`<p style="margin:16px 0 4px;font-size:16px;font-weight:bold">Compliance</p>`];
  if (view.keys === 0) {
    parts.push(`<p style="margin:0 0 16px">${e(NO_KEY_ROWS)}</p>`);
    return parts.join('\n');
  }
  parts.push(`<p style="margin:0 0 8px">${e(keysInAccounts(view))}</p>`);
  const counts = STANDINGS.map(
    (standing) =>
      `<td style="padding:0 16px 8px 0;vertical-align:top"><div style="font-size:20px;font-weight:bold;color:${STANDING_COLOURS[standing]}">${e(view.counts[standing])}</div>` +
      `<div style="font-size:12px;color:#57606a">${e(countLabel(standing, section))}</div></td>`,
  );
  parts.push(`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 8px;${FONT}"><tr>${counts.join('')}</tr></table>`);

  parts.push(`<p style="${H}">Accounts with the most overdue keys</p>`);
  if (view.mostOverdue.length === 0) parts.push(`<p style="margin:0 0 8px">No account has an overdue key.</p>`);
  else
    parts.push(
      table(
        ['Account', 'Overdue', 'Keys'],
        view.mostOverdue.map((account) => [e(accountOf(account)), e(account.counts.overdue), e(account.keys)]),
      ),
    );

  parts.push(listHtml(POSTPONED, section.postponed, section.leftOut.postponed, 'Why, and until when'));
  parts.push(listHtml('Held keys', section.held, section.leftOut.held, 'Hold'));
  parts.push(listHtml('Exemptions', section.exemptions, section.leftOut.exemptions, 'Exempt by'));

  parts.push(`<p style="${H}">Key age</p>`);
  parts.push(`<div style="margin:0 0 20px">${htmlAgeChart(view.ages)}</div>`);
  return parts.join('\n');
}

/** A postponed key's reason says its deadline; a hold or an exemption gets a column for its last day. */
function listHtml(title: string, keys: readonly ListedKey[], leftOut: number, what: string): string {
  if (keys.length === 0) return `<p style="${H}">${e(title)}</p>\n<p style="margin:0 0 8px">None.</p>`;
  const withDay = title !== POSTPONED;
  const rows = keys.map((key) => [
    e(key.account),
    // A user name breaks at its hyphens in a narrow column ("legacy-" / "batch").
    `<span style="white-space:nowrap">${e(key.userName)}</span>`,
    key.accessKeyId === null ? '' : `<span style="${MONO}">${e(key.accessKeyId)}</span>`,
    e(key.detail),
    ...(withDay ? [e(key.until ?? 'no end')] : []),
  ]);
  const more = leftOut > 0 ? `\n<p style="margin:0 0 8px;color:#57606a">and ${e(leftOut)} more: see the key report, reports/&lt;date&gt;/keys.csv.</p>` : '';
  return `<p style="${H}">${e(title)}</p>\n${table(['Account', 'User', 'Access key', what, ...(withDay ? ['Last day'] : [])], rows)}${more}`;
}

/** A table of already escaped cells. */
function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((name) => `<th style="${HEAD}">${e(name)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td style="${CELL}">${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 8px">\n<tr>${th}</tr>\n${body}\n</table>`;
}

/** "9 access keys in 1 account." */
function keysInAccounts(view: ComplianceSection['view']): string {
  const accounts = view.accounts.length;
  return `${view.keys} access ${view.keys === 1 ? 'key' : 'keys'} in ${accounts} ${accounts === 1 ? 'account' : 'accounts'}.`;
}

function countLabel(standing: Standing, section: ComplianceSection): string {
  const label = STANDING_LABELS[standing];
  return standing === 'exempt' && section.exemptWithEnd > 0 ? `${label} (${section.exemptWithEnd} with an end date)` : label;
}

function text(section: ComplianceSection): string {
  const { view } = section;
  if (view.keys === 0) return `COMPLIANCE\n${NO_KEY_ROWS}`;
  const lines = [
    'COMPLIANCE',
    keysInAccounts(view),
    STANDINGS.map((standing) => `${countLabel(standing, section)}: ${view.counts[standing]}`).join('; '),
    '',
    'Accounts with the most overdue keys:',
    ...(view.mostOverdue.length === 0
      ? ['  none has an overdue key']
      : view.mostOverdue.map((account) => `- ${t(accountOf(account))}: ${account.counts.overdue} overdue of ${account.keys} keys`)),
    ...listText(POSTPONED, section.postponed, section.leftOut.postponed),
    ...listText('Held keys', section.held, section.leftOut.held),
    ...listText('Exemptions', section.exemptions, section.leftOut.exemptions),
    '',
    'Key age:',
    textAgeChart(view.ages),
  ];
  return lines.join('\n');
}

function listText(title: string, keys: readonly ListedKey[], leftOut: number): string[] {
  if (keys.length === 0) return ['', `${title}: none`];
  return [
    '',
    `${title}:`,
    ...keys.map((key) => {
      const until = key.until ? `, last day ${key.until}` : title === 'Exemptions' ? ', no end' : '';
      return `- ${t(key.account)} / ${t(key.userName)}${key.accessKeyId ? ` / ${t(key.accessKeyId)}` : ''}: ${t(key.detail)}${until}`;
    }),
    ...(leftOut > 0 ? [`  and ${leftOut} more: see the key report, reports/<date>/keys.csv`] : []),
  ];
}
