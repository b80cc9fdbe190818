import { LIFECYCLE_DEFAULTS } from '../../../contract/lifecycle-defaults';
import { IN_USE_KEY_ACTIONS } from '../../../contract/names';
import { brokenConstraint, type SettingName } from './constraints';
import { InvalidSettingError } from './errors';
import type { InUseKeyAction, LifecycleSettings } from './types';

export type { SettingName } from './constraints';

/**
 * Values as they arrive: numbers from a test or a console event, strings from
 * environment variables, absent for defaults. WarningDays is a comma-separated
 * list ("7,1"), a single number, or a list of numbers.
 */
export type RawLifecycleSettings = Partial<Readonly<Record<SettingName, number | string | readonly number[] | undefined>>>;

/** The defaults, from the one table the template's parameters share (contract/lifecycle-defaults.ts). */
export const DEFAULT_LIFECYCLE_SETTINGS: LifecycleSettings = Object.freeze({
  ...LIFECYCLE_DEFAULTS,
  warningDays: Object.freeze([...LIFECYCLE_DEFAULTS.warningDays]),
});

export { IN_USE_KEY_ACTIONS };

/**
 * Same ceiling as the template's MaxValue for day parameters: a value beyond it
 * can only be a typo, and dates that far out stop being valid Dates at all.
 */
export const MAX_SETTING_DAYS = 3650;

type DaySetting = Exclude<SettingName, 'InactivePeriod' | 'InUseKeyAction' | 'WarningDays'>;
type DayField = Exclude<keyof LifecycleSettings, 'inUseKeyAction' | 'warningDays' | 'deactivateWhenSwitched'>;

const FIELD_OF: Readonly<Record<DaySetting, DayField>> = {
  RotationPeriod: 'rotationPeriodDays',
  InactiveBuffer: 'inactiveBufferDays',
  RecoveryGracePeriod: 'recoveryGracePeriodDays',
  InUseWindow: 'inUseWindowDays',
  MaxPostponeDays: 'maxPostponeDays',
};
const DAY_SETTINGS = Object.keys(FIELD_OF) as DaySetting[];

// Plain decimal notation only: "1e2", "0x5a" or "" from a mistyped parameter must not turn into a number silently.
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * Reads and validates the lifecycle settings once, at cold start. Every
 * problem throws an InvalidSettingError naming the parameters to fix.
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
    warningDays: readWarningDays(raw),
    inUseWindowDays: readDays(raw, 'InUseWindow'),
    inUseKeyAction: readAction(raw),
    maxPostponeDays: readDays(raw, 'MaxPostponeDays'),
  };
  validateLifecycleSettings(settings);

  const inactivePeriod = readInteger(raw, 'InactivePeriod');
  if (inactivePeriod !== undefined) {
    const expected = settings.rotationPeriodDays + settings.inactiveBufferDays;
    if (inactivePeriod !== expected) {
      throw new InvalidSettingError(
        ['InactivePeriod', 'RotationPeriod', 'InactiveBuffer'],
        `InactivePeriod must equal RotationPeriod + InactiveBuffer = ${settings.rotationPeriodDays} + ${settings.inactiveBufferDays} = ${expected}, got ${inactivePeriod}` +
          ' (set it to that value, or leave it at its default with the other two at theirs)',
      );
    }
  }
  return Object.freeze(settings);
}

/**
 * Every check: each value, then the rules between them (constraints.ts). What
 * the function's configuration must pass at cold start.
 */
export function validateLifecycleSettings(settings: LifecycleSettings): void {
  validateSettingValues(settings);
  const broken = brokenConstraint(settings);
  if (broken) throw new InvalidSettingError(broken.parameters, broken.problem(settings));
}

/**
 * Each value on its own: what the engine itself needs to decide safely. The
 * invariants hold for any such settings; the documented timeline needs the
 * rules between them as well, which is why the configuration is checked with
 * validateLifecycleSettings.
 */
export function validateSettingValues(settings: LifecycleSettings): void {
  for (const name of DAY_SETTINGS) {
    const value = settings[FIELD_OF[name]];
    checkInteger(name, value);
    if (value < 1) throw new InvalidSettingError(name, `must be at least 1 day, got ${value}`);
    if (value > MAX_SETTING_DAYS) throw new InvalidSettingError(name, `must be at most ${MAX_SETTING_DAYS} days, got ${value}`);
  }
  if (!Array.isArray(settings.warningDays)) throw new InvalidSettingError('WarningDays', 'must be a list of whole numbers of days');
  const seen = new Set<number>();
  for (const value of settings.warningDays) {
    checkInteger('WarningDays', value);
    if (value < 1 || value > MAX_SETTING_DAYS) {
      throw new InvalidSettingError('WarningDays', `each value must be 1 to ${MAX_SETTING_DAYS} days (0 alone turns reminders off), got ${value}`);
    }
    if (seen.has(value)) throw new InvalidSettingError('WarningDays', `lists ${value} twice`);
    seen.add(value);
  }
  if (!(IN_USE_KEY_ACTIONS as readonly string[]).includes(settings.inUseKeyAction)) {
    throw new InvalidSettingError('InUseKeyAction', `must be ${IN_USE_KEY_ACTIONS.join(' or ')}, got "${String(settings.inUseKeyAction)}"`);
  }
}

function readDays(raw: RawLifecycleSettings, name: DaySetting): number {
  return readInteger(raw, name) ?? DEFAULT_LIFECYCLE_SETTINGS[FIELD_OF[name]];
}

/**
 * WarningDays: "7,1" (spaces allowed), a number, or a list; largest first,
 * so messages and docs read them in the order they come. "0" alone turns
 * reminders off; set but empty means "not given", as for the other settings.
 */
function readWarningDays(raw: RawLifecycleSettings): readonly number[] {
  const value = raw.WarningDays;
  if (value === undefined) return DEFAULT_LIFECYCLE_SETTINGS.warningDays;
  let parts: readonly (number | string)[];
  if (typeof value === 'number') parts = [value];
  else if (Array.isArray(value)) parts = value as readonly number[];
  else if (typeof value === 'string') {
    if (value.trim() === '') return DEFAULT_LIFECYCLE_SETTINGS.warningDays;
    parts = value.split(',').map((part) => part.trim());
  } else throw new InvalidSettingError('WarningDays', `must be whole numbers of days separated by commas, such as 7,1; got ${typeof value}`);
  const days = parts.map((part) => {
    const text = String(part);
    if (typeof part === 'string' && !DECIMAL.test(text)) throw new InvalidSettingError('WarningDays', `must be whole numbers of days separated by commas, such as 7,1; got "${String(value)}"`);
    const parsed = Number(text);
    checkInteger('WarningDays', parsed, `"${String(value)}"`);
    return parsed;
  });
  if (days.length === 1 && days[0] === 0) return Object.freeze([]);
  // Validated by validateSettingValues; sorted here so that a duplicate or a 0 among others is reported as such.
  return Object.freeze([...days].sort((a, b) => b - a));
}

function readAction(raw: RawLifecycleSettings): InUseKeyAction {
  const value = raw.InUseKeyAction;
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return DEFAULT_LIFECYCLE_SETTINGS.inUseKeyAction;
  // Any case, as CloudFormation flags are read; the template's AllowedValues gives the spelling.
  const found = IN_USE_KEY_ACTIONS.find((action) => typeof value === 'string' && action.toLowerCase() === value.trim().toLowerCase());
  if (!found) throw new InvalidSettingError('InUseKeyAction', `must be ${IN_USE_KEY_ACTIONS.join(' or ')}, got "${String(value)}"`);
  return found;
}

function readInteger(raw: RawLifecycleSettings, name: Exclude<SettingName, 'InUseKeyAction' | 'WarningDays'>): number | undefined {
  const value = raw[name];
  if (Array.isArray(value)) throw new InvalidSettingError(name, 'must be a whole number of days, got a list');
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
