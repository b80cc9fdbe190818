import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { emailTotals, totalsLines } from '../../scripts/demo/emails';
import type { RecordedMail } from '../../scripts/demo/mail-recorder';
import { demoIndexHtml, mailFiles, writeDemoOutput } from '../../scripts/demo/output';
import { emailHtmlProblems, visibleText } from './compliance/email-safe';

const START = new Date('2026-01-05T06:00:00.000Z');
const HOSTILE = '<img src=x onerror=alert(1)>"\'&';

function mail(day: number, to: string, subject: string): RecordedMail {
  return { day, from: 'security-admin@example.com', to: [to], subject, html: `<p>${day} ${to}</p>`, text: `day ${day} for ${to}\n` };
}

const MAILS: readonly RecordedMail[] = [
  mail(7, 'security-admin@example.com', 'IAM access key rotation digest 2026-01-12: 3 of 3 accounts'),
  mail(0, 'finance@example.com', '[Audit] IAM access key rotation report: Workloads (111122223333)'),
  mail(7, 'data-team@example.com', `IAM access key rotation: ${HOSTILE}: action needed by 22 January 2026`),
  mail(7, `../../etc/${HOSTILE}@example.com`, 'IAM access key rotation: Sandbox (777788889999)'),
  mail(7, 'data-team@example.com', 'IAM access key rotation: Workloads (111122223333): act now'),
];

describe('demo-output/index.html', () => {
  const files = mailFiles(MAILS, START);
  const html = demoIndexHtml(files, START, ['now: 5 emails in 8 days', HOSTILE]);

  test('lists the mails by day, then recipient, then the order sent, in one folder a day', () => {
    expect(files.map((file) => `${file.folder}/${file.stem}`)).toEqual([
      'day-000-2026-01-05/01-finance@example.com',
      'day-007-2026-01-12/01-.._.._etc__img_src_x_onerror_alert_1_____@example.com',
      'day-007-2026-01-12/02-data-team@example.com',
      'day-007-2026-01-12/03-data-team@example.com',
      'day-007-2026-01-12/04-security-admin@example.com',
    ]);
    const text = visibleText(html);
    expect(text.indexOf('Day 0: 2026-01-05 (1 email)')).toBeLessThan(text.indexOf('Day 7: 2026-01-12 (4 emails)'));
  });

  test('escapes every subject, recipient and summary line', () => {
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src&#61;x onerror&#61;alert(1)&gt;&quot;&#39;&amp;');
    expect(emailHtmlProblems(html, { document: true })).toEqual([]);
    expect(visibleText(html)).toContain(`IAM access key rotation: ${HOSTILE}: action needed by 22 January 2026`);
  });

  test('links are relative to the index, inside its folder, and percent-encoded', () => {
    const links = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');
    expect(links).toHaveLength(MAILS.length * 2);
    for (const link of links) {
      expect(link).toMatch(/^day-\d{3}-\d{4}-\d{2}-\d{2}\/[^/]+\.(html|txt)$/);
      expect(link).not.toMatch(/^\/|:|\.\.\//);
    }
    expect(links).toContain('day-000-2026-01-05/01-finance%40example.com.html');
    expect(links).toContain('day-000-2026-01-05/01-finance%40example.com.txt');
  });

  test('the files are where the links say, HTML and text as sent', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'demo-output-test-'));
    try {
      const index = await writeDemoOutput(dir, MAILS, START, ['summary']);
      const written = await readFile(index, 'utf8');
      for (const link of [...written.matchAll(/href="([^"]*)"/g)].map((match) => decodeURIComponent(match[1] ?? ''))) {
        await expect(readFile(path.join(dir, link), 'utf8')).resolves.toBeTruthy();
      }
      expect(await readFile(path.join(dir, 'day-000-2026-01-05', '01-finance@example.com.txt'), 'utf8')).toBe(
        'From: security-admin@example.com\nTo: finance@example.com\nSubject: [Audit] IAM access key rotation report: Workloads (111122223333)\n\nday 0 for finance@example.com\n',
      );
      expect(await readFile(path.join(dir, 'day-000-2026-01-05', '01-finance@example.com.html'), 'utf8')).toBe('<p>0 finance@example.com</p>');
      // A second run replaces the first: no mail of an earlier run is left.
      await writeDemoOutput(dir, MAILS.slice(0, 1), START, []);
      expect((await readdir(dir)).sort()).toEqual(['day-007-2026-01-12', 'index.html']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the demo\'s closing totals', () => {
  test('counts every email, the digests, and the key owner who got the most', () => {
    const totals = emailTotals(MAILS, new Set(['finance@example.com', 'data-team@example.com']));
    expect(totals).toEqual({ total: 5, digests: 1, busiestOwner: { email: 'data-team@example.com', count: 2 } });
    expect(totalsLines(totals, 121)).toEqual([
      'emails: 5 in 121 days, 1 of them digests; at most 2 to one key owner (data-team@example.com)',
    ]);
  });
});
