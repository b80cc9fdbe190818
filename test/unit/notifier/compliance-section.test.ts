import { accountRows, STANDING_LABELS, STANDINGS, type AccountKeys, type KeyRow, type Standing } from '../../../functions/core/compliance';
import { DEFAULT_LIFECYCLE_SETTINGS, planUser } from '../../../functions/core/lifecycle';
import type { NotificationMessage } from '../../../functions/core/messages/notification';
import { renderTemplate } from '../../../functions/notifier/render';
import { ENFORCEMENT_TEMPLATE, TEXT_TEMPLATE } from '../../../functions/notifier/templates/builtin';
import { digestValues } from '../../../functions/notifier/values';
import { complianceSection } from '../../../functions/notifier/content/compliance';
import { complianceMarkup } from '../../../functions/notifier/templates/compliance-section';
import { emailHtmlProblems, visibleText } from '../compliance/email-safe';

const SENDER = { senderEmail: 'security@example.com', partition: 'aws', region: 'eu-west-1' };
const NOW = new Date('2026-11-30T06:00:00.000Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const SETTINGS = { ...DEFAULT_LIFECYCLE_SETTINGS, inUseKeyAction: 'Postpone' as const };

function report(accountId: string): NotificationMessage {
  return {
    version: 1,
    recipient: { email: 'security@example.com', role: 'ADMIN' },
    accountId,
    dryRun: false,
    generatedAt: NOW.toISOString(),
    runId: 'run',
    expectedAccounts: 7,
    settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
    users: [],
    failures: [],
  };
}

/** `overdue` keys 400 days old and `fresh` keys 10 days old, one user each. */
function account(accountId: string, overdue: number, fresh: number, extra: AccountKeys['users'] = []): AccountKeys {
  const user = (name: string, days: number) => ({ userName: name, keys: [{ id: `AKIA${name.toUpperCase().replace(/\W/g, '')}`, status: 'Active' as const, createdAt: ago(days) }] });
  return {
    accountId,
    accountName: `team-${accountId.slice(0, 1)}`,
    users: [...Array.from({ length: overdue }, (_, i) => user(`old${i}`, 400)), ...Array.from({ length: fresh }, (_, i) => user(`new${i}`, 10)), ...extra],
  };
}

const SPECIAL: AccountKeys['users'] = [
  { userName: 'break-glass', leftAlone: { standing: 'exempt', because: 'group IAMKeyRotationExemptionGroup' }, keys: [{ id: null, status: 'Active', createdAt: ago(800) }] },
  { userName: 'contractor', leftAlone: { standing: 'exempt', because: 'tag IAMKeyRotationExempt', until: new Date('2027-01-15T00:00:00Z') }, keys: [{ id: null, status: 'Active', createdAt: ago(95) }] },
  { userName: 'migrating', leftAlone: { standing: 'held', because: 'tag IAMKeyRotationHold', until: new Date('2026-12-04T00:00:00Z') }, keys: [{ id: 'AKIAHELD', status: 'Active', createdAt: ago(120) }] },
  {
    userName: 'legacy-batch',
    keys: [
      { id: 'AKIAPOSTPONED', status: 'Active', createdAt: ago(101), lastUsedAt: ago(0.1), lastUsedService: 'sts', lastUsedRegion: 'us-east-1' },
      { id: 'AKIAREPLACEMENT', status: 'Active', createdAt: ago(11) },
    ],
  },
  { userName: 'retired', keys: [{ id: 'AKIAINACTIVE', status: 'Inactive', createdAt: ago(105) }, { id: 'AKIANEWER', status: 'Active', createdAt: ago(5) }] },
];

// Six accounts with overdue keys (1 to 6 of them) and one with none: the digest names the five worst.
const ACCOUNTS = [account('111111111111', 1, 2), account('222222222222', 6, 1, SPECIAL), account('333333333333', 3, 0), account('444444444444', 2, 5), account('555555555555', 5, 0), account('666666666666', 4, 1), account('777777777777', 0, 3)];
const ROWS: KeyRow[] = ACCOUNTS.flatMap((a) => accountRows(a, { settings: SETTINGS, now: NOW, plan: planUser }).map((key) => key.row));

function render(keyRows: readonly KeyRow[]): { html: string; text: string } {
  const values = digestValues({ runId: 'run', reports: ACCOUNTS.map((a) => report(a.accountId)), expectedAccounts: 7, keyRows }, SENDER);
  return { html: renderTemplate(ENFORCEMENT_TEMPLATE, values, 'html').output, text: renderTemplate(TEXT_TEMPLATE, values, 'text').output };
}

/** The age buckets for RotationPeriod 90 and InactiveBuffer 10, written out (not computed by the code under test). */
const BUCKETS: readonly [string, number, number][] = [
  ['0–29 days', 0, 30],
  ['30–59 days', 30, 60],
  ['60–89 days', 60, 90],
  ['90–100 days', 90, 101],
  ['101–199 days', 101, 200],
  ['200–364 days', 200, 365],
  ['365–729 days', 365, 730],
  ['730+ days', 730, Infinity],
];

function ageOf(row: KeyRow): number {
  return Math.floor(NOW.getTime() / DAY) - Math.floor(Date.parse(row.createdAt) / DAY);
}

/** The chart's rows as the HTML shows them: label, total, and each coloured segment's "N standing". */
function htmlChart(html: string): Map<string, { total: number; segments: string[] }> {
  const chart = html.slice(html.indexOf('>Age</th>'));
  const out = new Map<string, { total: number; segments: string[] }>();
  for (const match of chart.matchAll(/white-space:nowrap;">([^<]+)<\/td><td align="right"[^>]*>(\d+)<\/td>(.*?)<\/td><\/tr>(?=<tr><td style="font-family|<tr><td colspan)/gs)) {
    const [, label, total, rest] = match as unknown as [string, string, string, string];
    out.set(label, { total: Number(total), segments: [...rest.matchAll(/title="([^"]+)"/g)].map((m) => m[1] ?? '') });
  }
  return out;
}

describe('the digest\'s compliance section, from the key rows of every account', () => {
  const { html, text } = render(ROWS);

  test('is email-safe and well-formed inside the whole digest', () => {
    expect(emailHtmlProblems(html, { document: true })).toEqual([]);
  });

  test('the chart\'s numbers, HTML and text, are the rows counted by age', () => {
    const chart = htmlChart(html);
    expect([...chart.keys()]).toEqual(BUCKETS.map(([label]) => label));
    for (const [label, from, to] of BUCKETS) {
      const expected = ROWS.filter((row) => ageOf(row) >= from && ageOf(row) < to).length;
      expect({ label, total: chart.get(label)?.total }).toEqual({ label, total: expected });
      // The segments add up to the bucket.
      expect(chart.get(label)?.segments.reduce((sum, segment) => sum + Number(segment.split(' ')[0]), 0)).toBe(expected);
      expect(text).toMatch(new RegExp(`^${label.replace('+', '\\+')}\\s+${expected}(\\s|$)`, 'm'));
    }
    expect(ROWS).toHaveLength(40);
    // The exempt key 800 days old is in the last bucket as exempt, not overdue.
    expect(chart.get('730+ days')?.segments).toEqual(['1 exempt']);
    expect(chart.get('365–729 days')?.segments).toEqual(['21 overdue']);
  });

  test('the counts of every standing, in HTML and text, are the rows counted by standing', () => {
    // 12 fresh keys and 2 replacements; 21 keys of 400 days; the inactive key; the exempt, held and postponed users' keys.
    const expected: Record<Standing, number> = { compliant: 14, replaced: 0, rotationDue: 0, inGrace: 1, overdue: 21, exempt: 2, held: 1, postponed: 1 };
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBe(ROWS.length);
    expect(text).toContain(STANDINGS.map((s) => `${s === 'exempt' ? 'exempt (1 with an end date)' : STANDING_LABELS[s]}: ${expected[s]}`).join('; '));
    expect(text).toContain('40 access keys in 7 accounts.');
    const seen = visibleText(html).replace(/\s+/g, ' ');
    expect(seen).toContain('40 access keys in 7 accounts.');
    expect(seen).toContain(STANDINGS.map((s) => `${expected[s]}${s === 'exempt' ? 'exempt (1 with an end date)' : STANDING_LABELS[s]}`).join(''));
  });

  test('the five accounts with the most overdue keys, worst first; the sixth is not named', () => {
    const section = text.slice(text.indexOf('Accounts with the most overdue keys:'), text.indexOf('Postponed keys:'));
    expect(section.trim().split('\n')).toEqual([
      'Accounts with the most overdue keys:',
      '- team-2 (222222222222): 6 overdue of 14 keys',
      '- team-5 (555555555555): 5 overdue of 5 keys',
      '- team-6 (666666666666): 4 overdue of 5 keys',
      '- team-3 (333333333333): 3 overdue of 3 keys',
      '- team-4 (444444444444): 2 overdue of 7 keys',
    ]);
    expect(visibleText(html)).not.toContain('team-1 (111111111111)');
  });

  test('postponed and held keys and every exemption, with the day each ends', () => {
    expect(text).toContain(
      'Postponed keys:\n- team-2 (222222222222) / legacy-batch / AKIAPOSTPONED: still in use (last used 2026-11-30): deactivation postponed (InUseKeyAction Postpone), at the latest 2026-12-19\n',
    );
    expect(text).toContain('Held keys:\n- team-2 (222222222222) / migrating / AKIAHELD: tag IAMKeyRotationHold, last day 2026-12-03');
    expect(text).toContain(
      'Exemptions:\n- team-2 (222222222222) / contractor: tag IAMKeyRotationExempt, last day 2027-01-14\n- team-2 (222222222222) / break-glass: group IAMKeyRotationExemptionGroup, no end',
    );
    const seen = visibleText(html);
    for (const part of ['Postponed keys', 'AKIAPOSTPONED', 'Held keys', 'AKIAHELD', '2026-12-03', 'Exemptions', 'contractor', '2027-01-14', 'break-glass', 'no end']) expect(seen).toContain(part);
  });

  test('comes before the table of actions, in HTML and text', () => {
    expect(text.indexOf('COMPLIANCE')).toBeLessThan(text.indexOf('DETAILS'));
    expect(html.indexOf('>Compliance<')).toBeLessThan(html.indexOf('>Details<'));
  });

  test('a run without key rows says so, rather than showing an empty chart', () => {
    const empty = render([]);
    expect(empty.text).toContain('COMPLIANCE\nThe reports carried no key rows: ');
    expect(visibleText(empty.html)).toContain('The reports carried no key rows: ');
    expect(emailHtmlProblems(empty.html, { document: true })).toEqual([]);
  });
});

describe('holds in the digest', () => {
  test('a hold listed under "Held keys" is not told again among the notes; one without a listed key still is', () => {
    const holding = (accountId: string, userNames: string[]): NotificationMessage => ({
      ...report(accountId),
      held: userNames.map((userName) => ({ userName, until: '2026-12-04T00:00:00.000Z' })),
    });
    const reports = ACCOUNTS.map((a) => (a.accountId === '222222222222' ? holding(a.accountId, ['migrating', 'no-keys']) : report(a.accountId)));
    const values = digestValues({ runId: 'run', reports, expectedAccounts: 7, keyRows: ROWS }, SENDER);
    const text = renderTemplate(TEXT_TEMPLATE, values, 'text').output;
    const notesPart = text.slice(text.indexOf('NOTES'), text.indexOf('\n\n', text.indexOf('NOTES')));
    expect(notesPart).toContain('no-keys is on hold until');
    expect(notesPart).not.toContain('migrating');
    expect(text).toContain('migrating');
  });
});

describe('escaping in the compliance section', () => {
  const hostile = '<img src=x onerror=alert(1)>"\'`=&';
  const rows: KeyRow[] = accountRows(
    {
      accountId: '888888888888',
      accountName: hostile,
      users: [
        { userName: `${hostile}old`, keys: [{ id: 'AKIAHOSTILE', status: 'Active', createdAt: ago(400) }] },
        { userName: `${hostile}held`, leftAlone: { standing: 'held', because: `tag ${hostile}`, until: new Date('2026-12-10T00:00:00Z') }, keys: [{ id: 'AKIAH', status: 'Active', createdAt: ago(10) }] },
        { userName: `${hostile}exempt`, leftAlone: { standing: 'exempt', because: `group ${hostile}` }, keys: [{ id: null, status: 'Active', createdAt: ago(10) }] },
        {
          userName: `${hostile}used`,
          keys: [
            { id: 'AKIAUSED', status: 'Active', createdAt: ago(101), lastUsedAt: ago(0.1), lastUsedService: hostile, lastUsedRegion: hostile },
            { id: 'AKIANEW', status: 'Active', createdAt: ago(11) },
          ],
        },
      ],
    },
    { settings: SETTINGS, now: NOW, plan: planUser },
  ).map((key) => key.row);

  test('account names, user names, tag values and reasons never become markup, in every list', () => {
    const { html, text } = render(rows);
    expect(emailHtmlProblems(html, { document: true })).toEqual([]);
    expect(html).not.toContain('<img');
    expect(html).not.toContain(hostile);
    const escaped = '&lt;img src&#61;x onerror&#61;alert(1)&gt;&quot;&#39;&#96;&#61;&amp;';
    // Account (most overdue), held user and its tag, exempt user and its group, postponed key's last-use service.
    expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(8);
    for (const part of [`${hostile}held`, `tag ${hostile}`, `${hostile}exempt`, `group ${hostile}`, `${hostile}used`]) expect(visibleText(html)).toContain(part);
    // The text part: as it is, and on one line.
    expect(text).toContain(`- ${hostile} (888888888888): 1 overdue of 5 keys`);
  });

  test('a line break in a name cannot forge a line of the text part', () => {
    const forged = rows.map((row) => ({ ...row, userName: `${row.userName}\n- FAKE LINE` }));
    const { text } = render(forged);
    expect(text).not.toMatch(/^- FAKE LINE/m);
  });
});

describe('the compliance section counts in words', () => {
  test('one account, one key: singular', () => {
    const rows = accountRows(
      { accountId: '111122223333', accountName: 'Workloads', users: [{ userName: 'app', keys: [{ id: 'AKIAONE', status: 'Active', createdAt: new Date('2026-01-01T00:00:00.000Z') }] }] },
      { settings: DEFAULT_LIFECYCLE_SETTINGS, now: new Date('2026-01-06T06:00:00.000Z'), plan: planUser },
    ).map((key) => key.row);
    const section = complianceMarkup(complianceSection(rows, DEFAULT_LIFECYCLE_SETTINGS, new Date('2026-01-06T06:00:00.000Z')));
    expect(section.text).toContain('1 access key in 1 account.');
    expect(section.html).toContain('1 access key in 1 account.');
  });
});
