import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { addDays } from '../../functions/core/lifecycle/time';
import { escapeHtml } from '../../functions/core/text/escape';
import type { RecordedMail } from './mail-recorder';


/** One mail's place in demo-output/: its folder (one per day) and file stem (order of the day, recipient). */
export interface MailFile {
  readonly mail: RecordedMail;
  /** `day-007-2026-01-12` */
  readonly folder: string;
  /** `02-finance@example.com`: `.html` and `.txt` are added. */
  readonly stem: string;
}

function isoDay(start: Date, day: number): string {
  return addDays(start, day).toISOString().slice(0, 10);
}

/** A file name from a recipient: an address may hold characters a file system or a URL treats specially. */
function safeName(value: string): string {
  return value.replace(/[^A-Za-z0-9@._+-]/g, '_').slice(0, 100) || 'nobody';
}

/** Every mail's folder and file, by day, then recipient, then the order sent. */
export function mailFiles(mails: readonly RecordedMail[], start: Date): MailFile[] {
  const sorted = mails
    .map((mail, order) => ({ mail, order }))
    .sort((a, b) => a.mail.day - b.mail.day || (a.mail.to[0] ?? '').localeCompare(b.mail.to[0] ?? '') || a.order - b.order);
  const perDay = new Map<number, number>();
  return sorted.map(({ mail }) => {
    const n = (perDay.get(mail.day) ?? 0) + 1;
    perDay.set(mail.day, n);
    return {
      mail,
      folder: `day-${String(mail.day).padStart(3, '0')}-${isoDay(start, mail.day)}`,
      stem: `${String(n).padStart(2, '0')}-${safeName(mail.to.join(','))}`,
    };
  });
}

/** A link relative to index.html: each segment percent-encoded, then escaped for the attribute. */
function href(folder: string, file: string): string {
  return escapeHtml(`${encodeURIComponent(folder)}/${encodeURIComponent(file)}`);
}

/**
 * demo-output/index.html: every mail of the demo by day and recipient, with
 * links to its HTML and text parts. Every value is escaped: subjects carry
 * user and account names.
 */
export function demoIndexHtml(files: readonly MailFile[], start: Date, summary: readonly string[]): string {
  const days = new Map<string, MailFile[]>();
  for (const file of files) days.set(file.folder, [...(days.get(file.folder) ?? []), file]);
  const cell = 'padding:4px 10px;border-bottom:1px solid #e1e4e8;text-align:left;vertical-align:top';
  const sections = [...days.entries()].map(([folder, dayFiles]) => {
    const day = dayFiles[0]?.mail.day ?? 0;
    const rows = dayFiles
      .map(
        (file) =>
          `<tr><td style="${cell}">${escapeHtml(file.mail.to.join(', '))}</td><td style="${cell}">${escapeHtml(file.mail.subject)}</td>` +
          `<td style="${cell}"><a href="${href(folder, `${file.stem}.html`)}">HTML</a></td><td style="${cell}"><a href="${href(folder, `${file.stem}.txt`)}">text</a></td></tr>`,
      )
      .join('\n');
    return `<h2 style="font-size:16px;margin:20px 0 6px">Day ${day}: ${escapeHtml(isoDay(start, day))} (${dayFiles.length} ${dayFiles.length === 1 ? 'email' : 'emails'})</h2>
<table cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:13px">
<tr><th style="${cell}">To</th><th style="${cell}">Subject</th><th style="${cell}" colspan="2">Open</th></tr>
${rows}
</table>`;
  });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>IAM access key rotation demo: the emails it sent</title>
</head>
<body style="margin:20px;font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#24292f">
<h1 style="font-size:20px;margin:0 0 8px">The emails of <code>npm run demo</code></h1>
${summary.map((line) => `<p style="margin:0 0 4px">${escapeHtml(line)}</p>`).join('\n')}
${files.length === 0 ? '<p>No email was sent.</p>' : sections.join('\n')}
</body>
</html>
`;
}

/**
 * Replaces `dir` with one folder a day holding each mail's HTML and text
 * parts (the text file starts with its headers), and index.html. Returns the
 * index's path.
 */
export async function writeDemoOutput(dir: string, mails: readonly RecordedMail[], start: Date, summary: readonly string[]): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  const files = mailFiles(mails, start);
  for (const file of files) {
    const folder = path.join(dir, file.folder);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, `${file.stem}.html`), file.mail.html);
    const headers = `From: ${file.mail.from}\nTo: ${file.mail.to.join(', ')}\nSubject: ${file.mail.subject}\n\n`;
    await writeFile(path.join(folder, `${file.stem}.txt`), `${headers}${file.mail.text}`);
  }
  await mkdir(dir, { recursive: true });
  const index = path.join(dir, 'index.html');
  await writeFile(index, demoIndexHtml(files, start, summary));
  return index;
}
