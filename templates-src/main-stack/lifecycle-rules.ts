/**
 * The lifecycle settings, validated as a whole at deploy time as far as
 * CloudFormation can: Rules compare values for equality only, never as
 * numbers (docs/design.md#8-configuration). So a rule here catches the equal case of each
 * "shorter than" between two parameters; the sums and the rest are checked
 * when the rotation function starts (functions/core/lifecycle/constraints.ts),
 * and so is WarningDays, a list no rule can compare with anything;
 * which stops with an error naming the parameters, and the parameters'
 * descriptions state every rule.
 */
import { Fn } from 'cloudform';
import type { Rules } from '../lib/rules';
import { ref, type MainParameter } from './parameters';

const differ = (shorter: MainParameter, longer: MainParameter, why: string) => ({
  Assert: Fn.Not(Fn.Equals(ref(shorter), ref(longer))),
  AssertDescription: `${shorter} must be shorter than ${longer}: ${why}`,
});

export const lifecycleRules: Rules = {
  LifecycleSettingsConsistent: {
    Assertions: [
      differ('InactiveBuffer', 'RotationPeriod', 'InactiveBuffer + RecoveryGracePeriod must be at most RotationPeriod (checked at start)'),
      differ('RecoveryGracePeriod', 'RotationPeriod', 'InactiveBuffer + RecoveryGracePeriod must be at most RotationPeriod (checked at start)'),
      differ('InUseWindow', 'InactiveBuffer', 'a key its application left on the rotation day would still count as in use'),
    ],
  },
  PostponeSettingsConsistent: {
    RuleCondition: Fn.Equals(ref('InUseKeyAction'), 'Postpone'),
    Assertions: [
      differ('InUseWindow', 'MaxPostponeDays', 'a key its application left once postponed would still count as in use when the postponement ends'),
      differ('MaxPostponeDays', 'RotationPeriod', 'InactiveBuffer + MaxPostponeDays + RecoveryGracePeriod must be at most RotationPeriod (checked at start)'),
    ],
  },
};
