import { compileTemplate, renderTemplate, TemplateSyntaxError, type TemplateValues } from '../../../functions/notifier/render';
import { escapeHtml } from '../../../functions/core/text/escape';
import { AUDIT_TEMPLATE, ENFORCEMENT_TEMPLATE, TEXT_TEMPLATE } from '../../../functions/notifier/templates/builtin';
import { messageValues } from '../../../functions/notifier/values';
import type { NotificationMessage } from '../../../functions/core/messages/notification';

const HOSTILE = `<script>alert("x")</script>'&\`=`;
const ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;&#96;&#61;';
const SENDER = { senderEmail: 'admin@example.com', partition: 'aws', region: 'us-east-1' };

describe('escaping', () => {
  test('escapeHtml replaces every character that can open markup or an attribute', () => {
    expect(escapeHtml(HOSTILE)).toBe(ESCAPED);
  });

  test.each([
    ['enforcement', ENFORCEMENT_TEMPLATE],
    ['audit', AUDIT_TEMPLATE],
  ])('every placeholder of the %s template is escaped, in values, lists and table rows', (_name, source) => {
    // Each placeholder gets its own hostile value, so a single one printed raw (or dropped) is caught by name.
    const printedNames = new Set([...source.matchAll(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g)].map((match) => match[1] as string));
    const hostile = (name: string): string => `<i onload="${name}">${name}</i>`;
    const row = Object.fromEntries(['account', 'account_short', 'account_number', 'user_name', 'user', 'key_id', 'action', 'due_date', 'outcome', 'detail'].map((name) => [name, hostile(name)]));
    const values: Record<string, TemplateValues[string]> = {};
    for (const name of compileTemplate(source).names) values[name] = hostile(name);
    Object.assign(values, { actions: [hostile('actions')], failures: [hostile('failures')], action_rows: [row] });
    const withRows = renderTemplate(source, values, 'html');
    // Without table rows the template shows the classic {{actions}} list instead.
    const withoutRows = renderTemplate(source, { ...values, has_action_rows: '' }, 'html');
    // A key owner's mail names its one account where the digest sums up the accounts.
    const oneAccount = renderTemplate(source, { ...values, accounts_summary: '' }, 'html');
    const output = withRows.output + withoutRows.output + oneAccount.output;
    expect(withRows.missing).toEqual([]);
    expect(output).not.toMatch(/<i[ >]/);
    expect(printedNames.size).toBeGreaterThan(15);
    for (const name of printedNames) expect(output).toContain(escapeHtml(hostile(name)));
  });

  test('every string of a NotificationMessage is escaped in the shipped template', () => {
    const message: NotificationMessage = {
      version: 1,
      recipient: { email: 'o@example.com', role: 'ACCOUNT' },
      accountId: '111122223333',
      accountName: HOSTILE,
      dryRun: false,
      generatedAt: '2026-11-28T09:00:00Z',
      settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
      users: [
        {
          userName: HOSTILE,
          failure: HOSTILE,
          actions: [
            { type: 'ROTATE', keyId: HOSTILE, reason: 'ROTATION_DUE', severity: 'INFO', dueAt: HOSTILE, outcome: 'FAILED', secretName: HOSTILE, newKeyId: HOSTILE, error: HOSTILE },
          ],
        },
      ],
      failures: [HOSTILE],
    };
    const { output } = renderTemplate(ENFORCEMENT_TEMPLATE, messageValues(message, SENDER), 'html');
    expect(output).not.toContain('<script');
    expect(output.split(ESCAPED).length - 1).toBeGreaterThanOrEqual(8);
  });

  test('a value that looks like a placeholder is printed, not rendered again', () => {
    expect(renderTemplate('<p>{{account_name}}</p>', { account_name: '{{sender_email}}', sender_email: 'x' }, 'html').output).toBe('<p>{{sender_email}}</p>');
  });
});

describe('lists, sections and the text part', () => {
  test('a list renders one item per line: <br> in HTML, a newline in text', () => {
    const values = { actions: ['first <1>', 'second'] };
    expect(renderTemplate('{{actions}}', values, 'html').output).toBe('first &lt;1&gt;<br>\nsecond');
    expect(renderTemplate('{{actions}}', values, 'text').output).toBe('first <1>\nsecond');
  });

  test('text values are not HTML-escaped but cannot break their line', () => {
    expect(renderTemplate('user: {{u}}', { u: 'a&b\r\nSubject: forged' }, 'text').output).toBe('user: a&b Subject: forged');
  });

  test('a section repeats per record, with outer values visible; an inverted section shows when empty', () => {
    const template = '{{#rows}}[{{user}}@{{account_id}}]{{/rows}}{{^rows}}none{{/rows}}';
    expect(renderTemplate(template, { account_id: '1', rows: [{ user: 'a' }, { user: 'b' }] }, 'html').output).toBe('[a@1][b@1]');
    expect(renderTemplate(template, { account_id: '1', rows: [] }, 'html').output).toBe('none');
    expect(renderTemplate(template, { account_id: '1' }, 'html').output).toBe('none');
  });

  test('a section over a string or a list of strings shows once when not empty', () => {
    expect(renderTemplate('{{#f}}F: {{f}}{{/f}}', { f: ['x', 'y'] }, 'text').output).toBe('F: x\ny');
    expect(renderTemplate('{{#f}}F{{/f}}', { f: '' }, 'text').output).toBe('');
  });

  test('placeholders without a value render empty and are reported', () => {
    expect(renderTemplate('a{{ nope }}b{{account_id}}', { account_id: '1' }, 'html')).toEqual({ output: 'ab1', missing: ['nope'] });
  });

  test.each(['{{#a}}x', '{{#a}}x{{/b}}', 'x{{/a}}'])('%s is a syntax error', (source) => {
    expect(() => compileTemplate(source)).toThrow(TemplateSyntaxError);
  });

  test('the text part lists the actions of a message one per line, with nothing left unfilled', () => {
    const message: NotificationMessage = {
      version: 1,
      recipient: { email: 'o@example.com', role: 'OWNER' },
      accountId: '111122223333',
      dryRun: true,
      generatedAt: '2026-11-28T09:00:00Z',
      settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
      users: [
        {
          userName: 'alice',
          actions: [
            { type: 'ROTATE', keyId: 'AKIA1', reason: 'ROTATION_DUE', severity: 'INFO', dueAt: '2026-11-28T09:00:00Z', outcome: 'PLANNED' },
            { type: 'WARN', keyId: 'AKIA2', reason: 'DELETION_UPCOMING', severity: 'WARNING', dueAt: '2026-12-08T09:00:00Z', announces: 'DELETE', outcome: 'PLANNED' },
          ],
        },
      ],
      failures: [],
    };
    const text = renderTemplate(TEXT_TEMPLATE, messageValues(message, SENDER), 'text');
    expect(text.missing).toEqual([]);
    expect(text.output).toContain('Audit mode (dry run): nothing was changed.');
    expect(text.output).toContain('- alice / AKIA1: Rotate, due 2026-11-28, Not done (audit mode)');
    expect(text.output).toContain('- alice / AKIA2: Upcoming: delete, due 2026-12-08, Scheduled');
    // First, in plain words: what enforce mode would do, with nothing asked of the reader.
    expect(text.output.indexOf('What enforce mode would do')).toBeLessThan(text.output.indexOf('DETAILS'));
    expect(text.output).toContain("- Note: alice's access key AKIA1 would be replaced by a new one (due since 28 November 2026).");
    expect(text.output).toContain("- Note: alice's inactive access key AKIA2 would be deleted on 8 December 2026 (in 10 days).");
    expect(text.output).not.toContain('FAILURES');
    expect(text.output).not.toContain('&lt;');
    expect(text.output).not.toContain('<br>');
  });
});
