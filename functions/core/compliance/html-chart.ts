import { escapeHtml } from '../text/escape';
import type { AgeBucket } from './age-buckets';
import { STANDING_LABELS, STANDINGS, type Standing } from './standing';
import { barUnits } from './text-chart';

/** One colour per standing; dark enough for white text, distinct for the colour-blind in lightness as well as hue. */
export const STANDING_COLOURS: Readonly<Record<Standing, string>> = {
  compliant: '#2e7d32',
  replaced: '#00838f',
  rotationDue: '#f9a825',
  inGrace: '#9e9e9e',
  overdue: '#c62828',
  exempt: '#1565c0',
  held: '#6a1b9a',
  postponed: '#ef6c00',
};

const BAR_PX = 320;
const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:13px;color:#212121;';

/**
 * The key-age distribution as an email-safe chart: nested HTML tables whose
 * cells have a width and a background colour (attribute and inline style,
 * for Outlook and for Gmail), stacked by standing. No images, no scripts, no
 * style sheet, no CSS that Gmail or Outlook drop (flex, position, float,
 * background images); every value escaped. The legend names the colours, so
 * the chart reads without them.
 */
export function htmlAgeChart(buckets: readonly AgeBucket[]): string {
  const largest = Math.max(0, ...buckets.map((bucket) => bucket.total));
  const rows = buckets.map((bucket) => {
    const segments = STANDINGS.filter((standing) => bucket.byStanding[standing] > 0).map((standing) => {
      const count = bucket.byStanding[standing];
      const width = Math.max(2, barUnits(count, largest, BAR_PX));
      const colour = STANDING_COLOURS[standing];
      const title = escapeHtml(`${count} ${STANDING_LABELS[standing]}`);
      return `<td width="${width}" height="16" bgcolor="${colour}" title="${title}" style="width:${width}px;height:16px;background-color:${colour};font-size:1px;line-height:1px;">&nbsp;</td>`;
    });
    const bar =
      segments.length === 0
        ? '&nbsp;'
        : `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>${segments.join('')}</tr></table>`;
    return (
      `<tr><td style="${FONT}padding:2px 8px 2px 0;white-space:nowrap;">${escapeHtml(bucket.label)}</td>` +
      `<td align="right" style="${FONT}padding:2px 8px;text-align:right;">${escapeHtml(String(bucket.total))}</td>` +
      `<td width="${BAR_PX}" style="width:${BAR_PX}px;padding:2px 0;">${bar}</td></tr>`
    );
  });
  const legend = STANDINGS.map(
    (standing) =>
      `<td width="12" height="12" bgcolor="${STANDING_COLOURS[standing]}" style="width:12px;height:12px;background-color:${STANDING_COLOURS[standing]};font-size:1px;line-height:1px;">&nbsp;</td>` +
      `<td style="${FONT}padding:0 12px 0 4px;white-space:nowrap;">${escapeHtml(STANDING_LABELS[standing])}</td>`,
  );
  return (
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">` +
    `<tr><th align="left" style="${FONT}font-weight:bold;padding:2px 8px 4px 0;text-align:left;">Age</th>` +
    `<th align="right" style="${FONT}font-weight:bold;padding:2px 8px 4px;text-align:right;">Keys</th><th></th></tr>` +
    rows.join('') +
    `<tr><td colspan="3" style="padding:8px 0 0 0;">` +
    `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>${legend.join('')}</tr></table>` +
    `</td></tr></table>`
  );
}
