import { ROTATION_ENV } from '../../../contract/env/rotation';
import { ConfigError } from '../../core/config/errors';
import type { Env } from '../../core/config/values';
import { InvalidSettingError } from '../../core/lifecycle/errors';
import { parseLifecycleSettings, type SettingName } from '../../core/lifecycle/settings';
import type { LifecycleSettings } from '../../core/lifecycle/types';

const VARIABLE_OF: Readonly<Record<SettingName, string>> = {
  RotationPeriod: ROTATION_ENV.rotationPeriod,
  InactiveBuffer: ROTATION_ENV.inactiveBuffer,
  RecoveryGracePeriod: ROTATION_ENV.recoveryGracePeriod,
  WarningDays: ROTATION_ENV.warningDays,
  InactivePeriod: ROTATION_ENV.inactivePeriod,
  InUseWindow: ROTATION_ENV.inUseWindow,
  InUseKeyAction: ROTATION_ENV.inUseKeyAction,
  MaxPostponeDays: ROTATION_ENV.maxPostponeDays,
};

/**
 * The engine validates the settings, each and as a whole; the error names
 * both the variables and the template parameters behind them, e.g.
 * "INACTIVE_BUFFER, RECOVERY_GRACE_PERIOD, ROTATION_PERIOD: (parameters InactiveBuffer, ...): ...".
 */
export function parseSettings(env: Env): LifecycleSettings {
  try {
    return parseLifecycleSettings(
      Object.fromEntries((Object.keys(VARIABLE_OF) as SettingName[]).map((name) => [name, env[VARIABLE_OF[name]]])),
    );
  } catch (error) {
    if (error instanceof InvalidSettingError) {
      const problem = error.message.slice(error.subject.length + 2);
      const label = error.settings.length === 1 ? 'parameter' : 'parameters';
      throw new ConfigError(error.settings.map((name) => VARIABLE_OF[name]).join(', '), `(${label} ${error.subject}): ${problem}`);
    }
    throw error;
  }
}
