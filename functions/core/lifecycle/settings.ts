import { InvalidSettingError } from './errors';
import type { LifecycleSettings } from './types';

/** The template parameters that carry the lifecycle settings; errors are named after them, since that is what users edit. */
export type SettingName = 'RotationPeriod' | 'InactiveBuffer' | 'RecoveryGracePeriod' | 'WarningLeadTime' | 'InactivePeriod';

/** Values as they arrive: numbers from a test or a console event, strings from environment variables, absent for defaults. */
export type RawLifecycleSettings = Partial<Readonly<Record<SettingName, number | string | undefined>>>;

export const DEFAULT_LIFECYCLE_SETTINGS: LifecycleSettings = Object.freeze({
  rotationPeriodDays: 90,
  inactiveBufferDays: 10,
  recoveryGracePeriodDays: 10,
  warningLeadDays: 7,
});

/**
 * Same ceiling as the template's MaxValue for day parameters: a value beyond it
 * can only be a typo, and dates that far out stop being valid Dates at all.
 */
export const MAX_SETTING_DAYS = 3650;

const FIELD_OF: Readonly<Record<Exclude<SettingName, 'InactivePeriod'>, keyof LifecycleSettings>> = {
  RotationPeriod: 'rotationPeriodDays',
  InactiveBuffer: 'inactiveBufferDays',
  RecoveryGracePeriod: 'recoveryGracePeriodDays',
  WarningLeadTime: 'warningLeadDays',
};

// Plain decimal notation only: "1e2", "0x5a" or "" from a mistyped parameter must not turn into a number silently.
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Reads and validates the lifecycle settings once, at cold start. Every
 * problem throws an InvalidSettingError naming the parameter to fix.
 * `InactivePeriod` is the classic solution's day of deactivation counted from
 * the key's creation; it is accepted for compatibility and must agree with
 * `RotationPeriod + InactiveBuffer`, because a parameter that is accepted and
 * then ignored is a bug.
 */
export function parseLifecycleSettings(raw: RawLifecycleSettings): LifecycleSettings {
  const settings: LifecycleSettings = {
    rotationPeriodDays: readDays(raw, 'RotationPeriod'),
    inactiveBufferDays: readDays(raw, 'InactiveBuffer'),
    recoveryGracePeriodDays: readDays(raw, 'RecoveryGracePeriod'),
    warningLeadDays: readDays(raw, 'WarningLeadTime'),
  };
  validateLifecycleSettings(settings);

  const inactivePeriod = readInteger(raw, 'InactivePeriod');
  if (inactivePeriod !== undefined) {
    const expected = settings.rotationPeriodDays + settings.inactiveBufferDays;
    if (inactivePeriod !== expected) {
      throw new InvalidSettingError(
        'InactivePeriod',
        `must equal RotationPeriod + InactiveBuffer = ${settings.rotationPeriodDays} + ${settings.inactiveBufferDays} = ${expected}, got ${inactivePeriod}` +
          ' (set it to that value, or leave it at its default with the other two at theirs)',
      );
    }
  }
  return Object.freeze(settings);
}

/** The checks that hold for any LifecycleSettings, however it was built; the engine runs them too. */
export function validateLifecycleSettings(settings: LifecycleSettings): void {
  for (const name of ['RotationPeriod', 'InactiveBuffer', 'RecoveryGracePeriod', 'WarningLeadTime'] as const) {
    const value = settings[FIELD_OF[name]];
    checkInteger(name, value);
    const minimum = name === 'WarningLeadTime' ? 0 : 1;
    if (value < minimum) {
      throw new InvalidSettingError(name, name === 'WarningLeadTime' ? `must be 0 (no warnings) or more days, got ${value}` : `must be at least 1 day, got ${value}`);
    }
    if (value > MAX_SETTING_DAYS) throw new InvalidSettingError(name, `must be at most ${MAX_SETTING_DAYS} days, got ${value}`);
  }
  // A warning as long as the period it precedes would start before the previous step happened, or on the same day as it.
  const warning = settings.warningLeadDays;
  for (const name of ['RotationPeriod', 'InactiveBuffer', 'RecoveryGracePeriod'] as const) {
    const period = settings[FIELD_OF[name]];
    if (warning >= period) {
      throw new InvalidSettingError('WarningLeadTime', `must be shorter than ${name} (${period} days), got ${warning}`);
    }
  }
}

function readDays(raw: RawLifecycleSettings, name: Exclude<SettingName, 'InactivePeriod'>): number {
  return readInteger(raw, name) ?? DEFAULT_LIFECYCLE_SETTINGS[FIELD_OF[name]];
}

function readInteger(raw: RawLifecycleSettings, name: SettingName): number | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    checkInteger(name, value);
    return value;
  }
  // The type says string here, but values may come from parsed JSON at run time.
  if (typeof value !== 'string') throw new InvalidSettingError(name, `must be a whole number of days, got ${typeof value}`);
  const text = value.trim();
  // An environment variable that is set but empty means "not given", as it does for the other settings.
  if (text === '') return undefined;
  if (!DECIMAL.test(text)) throw new InvalidSettingError(name, `must be a whole number of days, got "${value}"`);
  const parsed = Number(text);
  checkInteger(name, parsed, `"${value}"`);
  return parsed;
}

function checkInteger(name: SettingName, value: number, shown: string = String(value)): void {
  if (!Number.isSafeInteger(value)) throw new InvalidSettingError(name, `must be a whole number of days, got ${shown}`);
}
