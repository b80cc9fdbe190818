import type { EnforcedScope } from '../../core/config/scope';
import type { AuditReason } from '../../core/messages/notification';
import type { RotationJob } from '../event/request';

/** How far a run may change keys. */
export interface Enforcement {
  /** Set when the run changes nothing, and why. */
  readonly auditReason?: AuditReason;
  /**
   * Set when the account is outside EnforcedScope (or its OUs could not be
   * resolved) but the request is an operator event: only the users it names
   * are acted on; the rest of the account stays as the rollout leaves it.
   */
  readonly onlyNamedUsers?: Extract<AuditReason, 'OUTSIDE_ENFORCED_SCOPE' | 'SCOPE_UNRESOLVED'>;
}

/**
 * What DryRunFlag, the request and EnforcedScope allow. A request can only
 * ever add audit mode (`dryrun`, or the inventory saying the account is outside
 * the scope). The inventory resolves the scope's OUs once per run; a console
 * event cannot, so an account not listed by id in a scope with OUs is not known
 * to be inside. An operator event (ForceRotate, Reactivate) is an explicit
 * instruction about the users it names: they are acted on wherever the account
 * stands in the rollout, and only they.
 */
export function enforcementOf(configDryRun: boolean, scope: EnforcedScope | undefined, job: RotationJob): Enforcement {
  if (configDryRun) return { auditReason: 'DRY_RUN_FLAG' };
  if (job.dryRun) return { auditReason: 'REQUESTED' };
  const outside = scopeReasonOf(scope, job);
  if (outside === undefined) return {};
  const operator = job.reactivate !== undefined || job.forceAll || job.forceRotate.length > 0;
  return operator ? { onlyNamedUsers: outside } : { auditReason: outside };
}

function scopeReasonOf(scope: EnforcedScope | undefined, job: RotationJob): 'OUTSIDE_ENFORCED_SCOPE' | 'SCOPE_UNRESOLVED' | undefined {
  if (scope === undefined) return undefined;
  if (job.enforcedScope === 'outside') return 'OUTSIDE_ENFORCED_SCOPE';
  if (scope.accounts.has(job.accountId) || scope.units.some((unit) => unit.startsWith('r-'))) return undefined;
  // Named by id it would be inside; with no OU in the scope, nothing else can put it there.
  if (scope.units.length === 0) return 'OUTSIDE_ENFORCED_SCOPE';
  return job.enforcedScope === 'inside' ? undefined : 'SCOPE_UNRESOLVED';
}
