import { complianceLimitSummary, limitConflict, limitSummaryText } from '../../../functions/core/compliance/max-key-age';
import type { PlanResult } from '../run';

/**
 * With ComplianceMaxKeyAge set: how many keys fail it on the planned day and
 * the earliest day none does, and a warning when the settings make every
 * rotated key fail it. Nothing when it is off.
 */
export function limitLines(result: PlanResult): string[] {
  const limit = result.settings.complianceMaxKeyAgeDays;
  if (limit <= 0) return [];
  const { settings } = result.settings;
  const summary = complianceLimitSummary(
    result.keys.map((key) => key.row),
    limit,
    settings,
    result.at,
  );
  const conflict = limitConflict(settings, limit);
  return [`compliance: ${limitSummaryText(summary, result.at)}`, ...(conflict ? [`WARNING: ${conflict}`] : [])];
}
