import type { EnforcedScope } from '../../core/config/scope';
import type { AuditReason } from '../../core/messages/notification';
import type { RotationJob } from '../event/request';

/**
 * Why this account's run changes nothing, or undefined when it enforces. The
 * request can only ever add audit mode: `dryrun`, or the inventory saying the
 * account is outside EnforcedScope. The inventory resolves the scope's OUs once
 * per run; a console event cannot, so an account not listed by id in a scope
 * with OUs stays in audit mode unless the inventory said it is inside.
 */
export function auditReasonOf(configDryRun: boolean, scope: EnforcedScope | undefined, job: RotationJob): AuditReason | undefined {
  if (configDryRun) return 'DRY_RUN_FLAG';
  if (job.dryRun) return 'REQUESTED';
  if (scope === undefined) return undefined;
  if (job.enforcedScope === 'outside') return 'OUTSIDE_ENFORCED_SCOPE';
  if (scope.accounts.has(job.accountId) || scope.units.some((unit) => unit.startsWith('r-'))) return undefined;
  // Named by id it would be inside; with no OU in the scope, nothing else can put it there.
  if (scope.units.length === 0) return 'OUTSIDE_ENFORCED_SCOPE';
  return job.enforcedScope === 'inside' ? undefined : 'SCOPE_UNRESOLVED';
}
