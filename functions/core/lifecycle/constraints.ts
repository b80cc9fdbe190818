import type { LifecycleSettings } from './types';

/** The template parameters that carry the lifecycle settings; errors are named after them, since that is what users edit. */
export type SettingName =
  | 'RotationPeriod'
  | 'InactiveBuffer'
  | 'RecoveryGracePeriod'
  | 'WarningDays'
  | 'InactivePeriod'
  | 'InUseWindow'
  | 'InUseKeyAction'
  | 'MaxPostponeDays';

/**
 * A rule between settings without which the engine cannot keep the
 * timeline it documents (docs/lifecycle.md). Each was found by
 * running the engine day by day over random settings
 * (test/unit/lifecycle/settings-timeline.test.ts): every combination that breaks
 * one of these rules makes some key's timeline differ from the documented one,
 * and every combination that keeps them all yields exactly the documented one.
 */
export interface SettingsConstraint {
  /** Every parameter involved, the one most likely to be wrong first. */
  readonly parameters: readonly SettingName[];
  /** The rule in words, as the parameter descriptions and docs/lifecycle.md state it. */
  readonly rule: string;
  readonly applies: (settings: LifecycleSettings) => boolean;
  readonly holds: (settings: LifecycleSettings) => boolean;
  /** What goes wrong when it does not hold, with the values. */
  readonly problem: (settings: LifecycleSettings) => string;
}

const always = (): boolean => true;
const postponing = (s: LifecycleSettings): boolean => s.inUseKeyAction === 'Postpone';

/** Cross-parameter rules, checked in this order after each value is valid on its own. */
export const SETTINGS_CONSTRAINTS: readonly SettingsConstraint[] = [
  ...(['InactiveBuffer', 'RecoveryGracePeriod'] as const).map(
    (period): SettingsConstraint => ({
      parameters: ['WarningDays', period],
      rule: `every WarningDays value < ${period}`,
      applies: (s) => s.warningDays.length > 0,
      holds: (s) => largest(s.warningDays) < days(s, period),
      // A reminder as early as the period it precedes would come before the step it follows, or on the same day as it.
      problem: (s) =>
        `WarningDays (${s.warningDays.join(',')}) must all be shorter than ${period} (${days(s, period)} days): ` +
        `the ${largest(s.warningDays)}-day reminder would come before the ${period === 'InactiveBuffer' ? 'rotation' : 'deactivation'} it follows, or on the same day`,
    }),
  ),
  {
    parameters: ['InUseWindow', 'InactiveBuffer'],
    rule: 'InUseWindow < InactiveBuffer',
    applies: always,
    holds: (s) => s.inUseWindowDays < s.inactiveBufferDays,
    problem: (s) =>
      `InUseWindow (${s.inUseWindowDays} days) must be shorter than InactiveBuffer (${s.inactiveBufferDays} days): ` +
      'a key its application stopped using on the rotation day would still count as in use on its deactivation day',
  },
  {
    parameters: ['InactiveBuffer', 'RecoveryGracePeriod', 'RotationPeriod'],
    rule: 'InactiveBuffer + RecoveryGracePeriod <= RotationPeriod (InUseKeyAction Deactivate)',
    applies: (s) => !postponing(s),
    holds: (s) => s.inactiveBufferDays + s.recoveryGracePeriodDays <= s.rotationPeriodDays,
    problem: (s) =>
      `InactiveBuffer + RecoveryGracePeriod (${s.inactiveBufferDays} + ${s.recoveryGracePeriodDays} = ` +
      `${s.inactiveBufferDays + s.recoveryGracePeriodDays} days) must be at most RotationPeriod (${s.rotationPeriodDays} days): ` +
      'the replaced key must be gone before the new key is due, or its recovery grace period is cut short',
  },
  {
    parameters: ['MaxPostponeDays', 'InactiveBuffer', 'RecoveryGracePeriod', 'RotationPeriod'],
    rule: 'InactiveBuffer + MaxPostponeDays + RecoveryGracePeriod <= RotationPeriod (InUseKeyAction Postpone)',
    applies: postponing,
    holds: (s) => s.inactiveBufferDays + s.maxPostponeDays + s.recoveryGracePeriodDays <= s.rotationPeriodDays,
    problem: (s) => {
      const sum = s.inactiveBufferDays + s.maxPostponeDays + s.recoveryGracePeriodDays;
      return (
        `InactiveBuffer + MaxPostponeDays + RecoveryGracePeriod (${s.inactiveBufferDays} + ${s.maxPostponeDays} + ` +
        `${s.recoveryGracePeriodDays} = ${sum} days) must be at most RotationPeriod (${s.rotationPeriodDays} days) with InUseKeyAction Postpone: ` +
        'a key postponed to the end must be gone before the new key is due'
      );
    },
  },
  {
    parameters: ['InUseWindow', 'MaxPostponeDays'],
    rule: 'InUseWindow < MaxPostponeDays (InUseKeyAction Postpone)',
    applies: postponing,
    holds: (s) => s.inUseWindowDays < s.maxPostponeDays,
    problem: (s) =>
      `InUseWindow (${s.inUseWindowDays} days) must be shorter than MaxPostponeDays (${s.maxPostponeDays} days) with InUseKeyAction Postpone: ` +
      'a key its application stops using once postponed would still count as in use when the postponement ends',
  },
];

function days(s: LifecycleSettings, period: 'InactiveBuffer' | 'RecoveryGracePeriod'): number {
  return period === 'InactiveBuffer' ? s.inactiveBufferDays : s.recoveryGracePeriodDays;
}

function largest(values: readonly number[]): number {
  return Math.max(0, ...values);
}

/** The first rule `settings` breaks, or undefined when it keeps them all. */
export function brokenConstraint(settings: LifecycleSettings): SettingsConstraint | undefined {
  return SETTINGS_CONSTRAINTS.find((constraint) => constraint.applies(settings) && !constraint.holds(settings));
}
