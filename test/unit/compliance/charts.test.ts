import { ageDistribution, htmlAgeChart, STANDING_LABELS, STANDINGS, textAgeChart, type Standing } from '../../../functions/core/compliance';
import { emailHtmlProblems, visibleText } from './email-safe';

const R90_B10 = { rotationPeriodDays: 90, inactiveBufferDays: 10 };
const keys = (standing: Standing, ageDays: number, count: number) => Array.from({ length: count }, () => ({ standing, ageDays }));
const SAMPLE = ageDistribution(
  [...keys('compliant', 10, 12), ...keys('compliant', 70, 3), ...keys('rotationDue', 95, 2), ...keys('inGrace', 95, 1), ...keys('overdue', 400, 6), ...keys('exempt', 800, 1)],
  R90_B10,
);

describe('key-age chart in text', () => {
  test('one line a bucket: count, a bar scaled to the largest bucket, and what the keys are', () => {
    expect(textAgeChart(SAMPLE).split('\n')).toEqual([
      'age           keys',
      '0–29 days       12  ████████████████████████████████████████  12 compliant',
      '30–59 days       0',
      '60–89 days       3  ██████████                                3 compliant',
      '90–100 days      3  ██████████                                2 rotation due, 1 in grace',
      '101–199 days     0',
      '200–364 days     0',
      '365–729 days     6  ████████████████████                      6 overdue',
      '730+ days        1  ███                                       1 exempt',
    ]);
  });

  test('a single key among thousands still shows', () => {
    const chart = textAgeChart(ageDistribution([...keys('compliant', 1, 5000), ...keys('overdue', 500, 1)], R90_B10));
    expect(chart).toMatch(/365–729 days\s+1\s+█ +1 overdue/);
  });
});

describe('key-age chart in email-safe HTML', () => {
  const html = htmlAgeChart(SAMPLE);

  test('is well-formed, with only inline CSS that Gmail and Outlook keep: no images, scripts or style sheets', () => {
    expect(emailHtmlProblems(html)).toEqual([]);
    expect(html).not.toMatch(/<(img|script|style|link)\b/i);
  });

  test('the checker catches what it must (so the test above can fail)', () => {
    expect(emailHtmlProblems('<table><tr><td style="display:flex">x</td></tr></table>')).toEqual(['<td> style uses display']);
    expect(emailHtmlProblems('<div><img src="x.png"></div>')).toContain('<img> is not email-safe');
    expect(emailHtmlProblems('<table><tr><td>x</tr></table>')).toContain('</td> missing');
  });

  test('shows the same numbers as the data: each bucket\'s total, and a bar segment per standing with its width and colour', () => {
    const text = visibleText(html);
    for (const bucket of SAMPLE) expect(text).toContain(bucket.label);
    const totals = [...html.matchAll(/<td align="right"[^>]*>(\d+)<\/td>/g)].map((match) => Number(match[1]));
    expect(totals).toEqual(SAMPLE.map((bucket) => bucket.total));
    const segments = [...html.matchAll(/title="(\d+) ([a-z ]+)"/g)].map((match) => `${match[1]} ${match[2]}`);
    expect(segments).toEqual(['12 compliant', '3 compliant', '2 rotation due', '1 in grace', '6 overdue', '1 exempt']);
    expect(html).toMatch(/<td width="320" height="16" bgcolor="#2e7d32"/);
    for (const standing of STANDINGS) expect(text).toContain(STANDING_LABELS[standing]);
  });
});
