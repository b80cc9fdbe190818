import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUILT_IN_TEMPLATES, TEXT_TEMPLATE } from '../../../functions/notifier/templates/builtin';
import { emailSamples } from '../../../scripts/render-samples/samples';
import { emailHtmlProblems, visibleText } from '../compliance/email-safe';

/**
 * Every shipped template and every sample mail of `npm run render-samples`
 * (the same function builds both: what this checks is what docs/*.png show)
 * is well-formed and uses only what Gmail and Outlook keep: inline styles from
 * an allow-list, no position, float, flex, grid, CSS variables or url(), no
 * images, scripts, style sheets or anything fetched when the mail opens.
 */
const samples = emailSamples();

describe('the shipped email templates are well-formed and email-safe', () => {
  test.each(Object.keys(BUILT_IN_TEMPLATES))('%s', (name) => {
    expect(emailHtmlProblems(BUILT_IN_TEMPLATES[name] ?? '', { document: true })).toEqual([]);
  });

  test('the text template holds no markup', () => {
    // "<account>" and "<user>" are words there, not tags.
    expect(TEXT_TEMPLATE).not.toMatch(/<\/?(html|body|table|tr|td|th|div|span|p|br|a|b|strong)\b/i);
  });
});

describe('every sample mail is well-formed and email-safe', () => {
  test('the samples cover what docs/emails.md promises: a digest, an owner message for a rotated key, a postponement, an SMTP user, an audit-mode account, a failure', () => {
    expect(samples.map((sample) => sample.name)).toEqual(['digest', 'owner-rotated', 'owner-postponed', 'owner-smtp', 'account-audit', 'digest-failures']);
  });

  test.each(samples.map((sample) => [sample.name, sample] as const))('%s: HTML part', (_name, sample) => {
    expect(emailHtmlProblems(sample.html, { document: true })).toEqual([]);
    // Every placeholder was filled and no record list leaked as text.
    expect(sample.html).not.toMatch(/\{\{|\[object Object\]|undefined/);
    expect(visibleText(sample.html).trim().length).toBeGreaterThan(200);
  });

  test.each(samples.map((sample) => [sample.name, sample] as const))('%s: text part and subject', (_name, sample) => {
    expect(sample.text).not.toMatch(/<\/?(table|tr|td|div|span|p|br)\b/i);
    expect(sample.text).not.toMatch(/\{\{|\[object Object\]|undefined/);
    expect(sample.subject).not.toMatch(/[\r\n]/);
    expect(sample.to.length).toBe(1);
  });

  test('what each sample is for shows in it', () => {
    const byName = new Map(samples.map((sample) => [sample.name, sample]));
    expect(byName.get('owner-rotated')?.text).toContain('aws secretsmanager get-secret-value');
    expect(byName.get('owner-postponed')?.subject).toMatch(/act now$/);
    expect(byName.get('owner-smtp')?.text).toContain('SmtpPasswords["eu-west-1"]');
    expect(byName.get('account-audit')?.subject).toMatch(/^\[Audit\] /);
    expect(byName.get('digest-failures')?.subject).toMatch(/\[Failures\]/);
    const digest = visibleText(byName.get('digest')?.html ?? '');
    expect(byName.get('digest')?.text).toContain('Accounts: 3 of 3 reported');
    expect(byName.get('digest')?.text).toContain('Enforce mode (1 account in audit mode: Sandbox).');
    // The compliance view, from the key rows the reports carried.
    expect(digest).toContain('20 access keys in 3 accounts.');
    expect(digest).toContain('Key age');
  });
});

describe('the screenshots in docs/', () => {
  const root = path.resolve(__dirname, '..', '..', '..');
  const page = readFileSync(path.join(root, 'docs', 'emails.md'), 'utf8');

  test('every sample has one, small enough to commit (run npm run render-samples when a sample is added)', () => {
    for (const sample of samples) {
      const file = path.join(root, 'docs', `email-${sample.name}.png`);
      expect(existsSync(file)).toBe(true);
      expect(statSync(file).size).toBeLessThan(200 * 1024);
    }
  });

  test('docs/emails.md shows the digest and an owner message, and links every screenshot, each of which exists', () => {
    expect(page).toContain('![The admin digest of a scheduled run](email-digest.png)');
    expect(page).toMatch(/!\[[^\]]*\]\(email-owner-rotated\.png\)/);
    const named = [...page.matchAll(/\]\((email-[^)]+\.png)\)/g)].map((match) => match[1] ?? '');
    expect(named.length).toBeGreaterThanOrEqual(samples.length);
    for (const file of named) expect(existsSync(path.join(root, 'docs', file))).toBe(true);
  });
});

describe('the checker fails what it must (so the tests above can fail)', () => {
  test.each([
    ['<div style="position:absolute">x</div>', '<div> style uses position'],
    ['<div style="float:left">x</div>', '<div> style uses float'],
    ['<div style="display:grid">x</div>', '<div> style uses display'],
    ['<div style="--accent:#fff">x</div>', '<div> style uses --accent'],
    ['<div style="color:var(--accent)">x</div>', '<div> style value var(--accent)'],
    ['<td style="background-color:url(https://tracker.example/p.gif)">x</td>', '<td> style value url(https://tracker.example/p.gif)'],
    ['<table><tr><td background="https://tracker.example/p.gif">x</td></tr></table>', '<td background>: external resource'],
    ['<img src="https://tracker.example/p.gif">', '<img> is not email-safe'],
    ['<script>alert(1)</script>', '<script> is not email-safe'],
    ['<style>p{color:red}</style>', '<style> is not email-safe'],
    ['<link rel="stylesheet" href="https://cdn.example/x.css">', '<link> is not email-safe'],
    ['<p onclick="x()">x</p>', '<p onclick>: event handler'],
    ['<div><span>x</div>', '</span> missing'],
    ['<div>x', '</div> missing'],
  ])('%s', (html, problem) => {
    expect(emailHtmlProblems(html)).toContain(problem);
  });
});
