import { complianceLimitSummary, limitConflict, limitSummaryText } from '../../core/compliance/max-key-age';
import type { KeyRow } from '../../core/compliance';
import type { LifecycleSettings } from '../../core/lifecycle/types';
import { escapeHtml, singleLine } from '../../core/text/escape';
import { Markup } from '../render';

/**
 * The digest's ComplianceMaxKeyAge lines after its compliance section: how
 * many keys fail the limit today and the earliest day none does (the pure
 * core computes both), and the settings conflict if there is one. Off (0):
 * the section as it was.
 */
export function withComplianceLimit(
  section: Markup,
  rows: readonly KeyRow[],
  limitDays: number,
  settings: Pick<LifecycleSettings, 'rotationPeriodDays' | 'inactiveBufferDays'>,
  today: Date,
): Markup {
  if (limitDays <= 0) return section;
  const lines = [limitSummaryText(complianceLimitSummary(rows, limitDays, settings, today), today), limitConflict(settings, limitDays)].filter(
    (line): line is string => line !== undefined,
  );
  const html = lines.map((line) => `<p style="margin:0 0 8px">${escapeHtml(line)}</p>`).join('\n');
  return new Markup(`${section.html}\n${html}`, `${section.text}\n\n${lines.map((line) => singleLine(line)).join('\n')}`);
}
