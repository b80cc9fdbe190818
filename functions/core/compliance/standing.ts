import type { KeyStatus, LifecycleSettings } from '../lifecycle/types';

/**
 * Where a key stands, one of eight, in the order the digest and the plan
 * list them. Every key has exactly one: the first of these that applies.
 * - exempt: its user is exempt (group, or tag `true` / a date not yet past);
 * - held: its user is on hold (a date not yet past);
 * - postponed: due for deactivation but still in use, and postponed;
 * - inGrace: inactive, awaiting deletion;
 * - overdue: active and older than RotationPeriod + InactiveBuffer, the age by which the tool would have retired it;
 * - replaced: active, and its user has a newer active key (the rotation's): awaiting deactivation at the end of
 *   InactiveBuffer. Rotated, not "rotation due": counting it so would have the admin chase keys already handled;
 * - rotationDue: active and at least RotationPeriod days old;
 * - compliant: active and younger than RotationPeriod.
 */
export const STANDINGS = ['compliant', 'replaced', 'rotationDue', 'inGrace', 'overdue', 'exempt', 'held', 'postponed'] as const;
export type Standing = (typeof STANDINGS)[number];

export const STANDING_LABELS: Readonly<Record<Standing, string>> = {
  compliant: 'compliant',
  replaced: 'awaiting deactivation',
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
  /** Its user has a newer active key: this one was replaced (see hasNewerActiveKey). */
  readonly replaced?: boolean;
}

/** A key's creation and status, as both the engine's keys and the rows have them. */
export interface SiblingKey {
  readonly status: KeyStatus;
  /** Epoch milliseconds. */
  readonly createdMs: number;
  /** Whole UTC days (see ageInDays). */
  readonly ageDays: number;
}

/**
 * True when another key of the same user is active, newer and younger than
 * RotationPeriod: the key a rotation made to replace this one. (Two keys both
 * past RotationPeriod are two keys due, not one replaced.)
 */
export function hasNewerActiveKey(key: SiblingKey, siblings: readonly SiblingKey[], settings: Pick<LifecycleSettings, 'rotationPeriodDays'>): boolean {
  return (
    key.status === 'Active' &&
    siblings.some((other) => other !== key && other.status === 'Active' && other.createdMs > key.createdMs && other.ageDays < settings.rotationPeriodDays)
  );
}

export function standingOf(key: StandingInput, settings: Pick<LifecycleSettings, 'rotationPeriodDays' | 'inactiveBufferDays'>): Standing {
  if (key.leftAlone !== undefined) return key.leftAlone;
  if (key.postponed) return 'postponed';
  if (key.status === 'Inactive') return 'inGrace';
  if (key.ageDays > settings.rotationPeriodDays + settings.inactiveBufferDays) return 'overdue';
  if (key.replaced === true) return 'replaced';
  if (key.ageDays >= settings.rotationPeriodDays) return 'rotationDue';
  return 'compliant';
}
