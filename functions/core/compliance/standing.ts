import type { KeyStatus, LifecycleSettings } from '../lifecycle/types';

/**
 * Where a key stands, one of seven, in the order the digest and the plan
 * list them. Every key has exactly one: the first of these that applies.
 * - exempt: its user is exempt (group, or tag `true` / a date not yet past);
 * - held: its user is on hold (a date not yet past);
 * - postponed: due for deactivation but still in use, and postponed;
 * - overdue: active and older than RotationPeriod + InactiveBuffer, the age by which the tool would have retired it;
 * - inGrace: inactive, awaiting deletion;
 * - rotationDue: active and at least RotationPeriod days old;
 * - compliant: active and younger than RotationPeriod.
 */
export const STANDINGS = ['compliant', 'rotationDue', 'inGrace', 'overdue', 'exempt', 'held', 'postponed'] as const;
export type Standing = (typeof STANDINGS)[number];

export const STANDING_LABELS: Readonly<Record<Standing, string>> = {
  compliant: 'compliant',
  rotationDue: 'rotation due',
  inGrace: 'in grace',
  overdue: 'overdue',
  exempt: 'exempt',
  held: 'held',
  postponed: 'postponed',
};

/** A zero for every standing, to count into. */
export function emptyCounts(): Record<Standing, number> {
  return Object.fromEntries(STANDINGS.map((standing) => [standing, 0])) as Record<Standing, number>;
}

export interface StandingInput {
  readonly status: KeyStatus;
  /** Whole UTC days (see ageInDays). */
  readonly ageDays: number;
  /** The user's exemption or hold, if any applies now. */
  readonly leftAlone?: 'exempt' | 'held';
  readonly postponed: boolean;
}

export function standingOf(key: StandingInput, settings: Pick<LifecycleSettings, 'rotationPeriodDays' | 'inactiveBufferDays'>): Standing {
  if (key.leftAlone !== undefined) return key.leftAlone;
  if (key.postponed) return 'postponed';
  if (key.status === 'Inactive') return 'inGrace';
  if (key.ageDays > settings.rotationPeriodDays + settings.inactiveBufferDays) return 'overdue';
  if (key.ageDays >= settings.rotationPeriodDays) return 'rotationDue';
  return 'compliant';
}
