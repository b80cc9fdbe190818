import { emptyCounts, htmlAgeChart, isoDay, STANDING_COLOURS, STANDING_LABELS, type ClassifiedKey } from '../../../functions/core/compliance';
import { escapeHtml } from '../../../functions/core/text/escape';
import type { PlannedAccount } from '../account';
import type { PlanResult } from '../run';
import { whereUsedByKey } from './where-used';
import { accountTitle, countsText, firstRunText, footnotes, keysText, lastUsedText, settingsText, titleText } from './summary';

// A page opened from disk: its own style sheet, no scripts, no external resources.
const STYLE = `
body { font-family: Arial, Helvetica, sans-serif; font-size: 14px; color: #212121; margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 6px; }
p.meta { color: #555; margin: 2px 0; }
table.keys { border-collapse: collapse; margin-top: 6px; }
table.keys th, table.keys td { border-bottom: 1px solid #e0e0e0; padding: 4px 8px; text-align: left; vertical-align: top; }
table.keys th { background: #f5f5f5; font-weight: bold; white-space: nowrap; }
td.num { text-align: right; } td.id, td.day { white-space: nowrap; font-family: Menlo, Consolas, monospace; font-size: 12px; }
td.nowrap { white-space: nowrap; } tr.now td { background: #fff8e1; }
tr.where-used td { border-bottom: 1px solid #e0e0e0; color: #37474f; font-size: 13px; padding: 0 8px 6px 24px; }
p.first-run { font-size: 15px; font-weight: bold; margin: 12px 0 0; }
span.standing { color: #fff; padding: 1px 6px; border-radius: 3px; white-space: nowrap; font-size: 12px; }
table.counts td { padding: 2px 12px 2px 0; }
.failed { color: #c62828; font-weight: bold; }
`;

/** The plan as one self-contained page: the counts, the worst accounts, who is left alone, the key-age chart, and each account's keys. Every value escaped. */
export function formatHtml(result: PlanResult): string {
  const e = escapeHtml;
  const counts = Object.entries(result.view.counts)
    .map(([standing, count]) => `<tr><td>${standingBadge(standing as keyof typeof STANDING_LABELS)}</td><td class="num">${count}</td></tr>`)
    .join('');
  const mostOverdue =
    result.view.mostOverdue.length === 0
      ? '<p>No key is overdue.</p>'
      : `<ol>${result.view.mostOverdue.map((account) => `<li>${e(accountTitle(account))}: ${account.counts.overdue} overdue</li>`).join('')}</ol>`;
  const leftAlone =
    result.view.leftAlone.length === 0
      ? '<p>Nobody is exempt or on hold.</p>'
      : `<ul>${result.view.leftAlone
          .map((user) => `<li>${e(user.accountName ?? user.accountId)} / ${e(user.userName)}: ${e(user.standing)}, ${e(user.reason)}${user.until ? '' : ' (no end date)'}</li>`)
          .join('')}</ul>`;
  const notes = footnotes(result);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${e(titleText(result))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${e(titleText(result))}</h1>
<p class="meta">Read-only plan by ${e(result.caller.arn)}. Settings: ${e(settingsText(result))}.</p>
<p class="first-run">${e(capitalised(firstRunText(result)))}; those keys are highlighted below.</p>
<h2>${keysText(result.view.keys)}</h2>
<table class="counts">${counts}</table>
<h2>Accounts with the most overdue keys</h2>
${mostOverdue}
<h2>Exempt and on hold</h2>
${leftAlone}
<h2>Key age</h2>
${htmlAgeChart(result.view.ages)}
${result.accounts.map((account) => accountSection(account, isoDay(result.at), whereUsedByKey(result))).join('\n')}
${notes.length > 0 ? `<h2>Notes</h2><ul>${notes.map((note) => `<li>${e(note)}</li>`).join('')}</ul>` : ''}
</body>
</html>
`;
}

function capitalised(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function standingBadge(standing: keyof typeof STANDING_LABELS): string {
  return `<span class="standing" style="background-color:${STANDING_COLOURS[standing]}">${escapeHtml(STANDING_LABELS[standing])}</span>`;
}

const COLUMN_COUNT = 11;

/** Rows whose next action is taken by the run on the plan's day are highlighted. */
function accountSection(account: PlannedAccount, runDay: string, whereUsed: ReturnType<typeof whereUsedByKey>): string {
  const e = escapeHtml;
  const title = `<h2>${e(accountTitle(account))}</h2>`;
  if (account.error !== undefined) return `${title}<p class="failed">Not planned: ${e(account.error)}</p>`;
  const counts = emptyCounts();
  for (const key of account.keys) counts[key.standing] += 1;
  const rows = account.keys
    .map((key) => {
      const used = whereUsed(key.row);
      // --where-used: the evidence on its own line under the key's row.
      const evidence = used ? `\n<tr class="where-used"><td colspan="${COLUMN_COUNT}">Where used: ${used.lines.map(e).join('<br>')}</td></tr>` : '';
      return `${keyRow(key, key.row.nextActionDate === runDay)}${evidence}`;
    })
    .join('\n');
  const failures = account.failures.map((failure) => `<p class="failed">Failed: ${e(failure)}</p>`).join('');
  const notes = account.notes.map((note) => `<p class="meta">Note: ${e(note)}</p>`).join('');
  return `${title}<p class="meta">${keysText(account.keys.length)}: ${e(countsText(counts, { all: false }))}</p>
<table class="keys"><tr><th>User</th><th>Key id</th><th>Status</th><th>Standing</th><th>Created</th><th>Age</th><th>Last used</th><th>Exempt / hold</th><th>Next action</th><th>On</th><th>Reason</th></tr>
${rows}
</table>${failures}${notes}`;
}

function keyRow(key: ClassifiedKey, now: boolean): string {
  const e = escapeHtml;
  const { row } = key;
  return (
    `<tr${now ? ' class="now"' : ''}><td class="nowrap">${e(row.userName)}</td><td class="id">${e(row.accessKeyId ?? '-')}</td><td>${e(row.status)}</td><td>${standingBadge(key.standing)}</td>` +
    `<td class="day">${e(isoDay(new Date(row.createdAt)))}</td><td class="num">${key.ageDays}</td><td class="nowrap">${e(lastUsedText(row))}</td>` +
    `<td>${e(row.exemptReason ?? '')}</td><td><b>${e(row.nextAction ?? '-')}</b></td><td class="day">${e(row.nextActionDate ?? '-')}</td><td>${e(row.reason)}</td></tr>`
  );
}
