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
  WarningLeadTime: ROTATION_ENV.warningLeadTime,
  InactivePeriod: ROTATION_ENV.inactivePeriod,
};

/** The engine validates the periods; the error names both the variable and the template parameter behind it. */
export function parseSettings(env: Env): LifecycleSettings {
  try {
    return parseLifecycleSettings({
      RotationPeriod: env[ROTATION_ENV.rotationPeriod],
      InactiveBuffer: env[ROTATION_ENV.inactiveBuffer],
      RecoveryGracePeriod: env[ROTATION_ENV.recoveryGracePeriod],
      WarningLeadTime: env[ROTATION_ENV.warningLeadTime],
      InactivePeriod: env[ROTATION_ENV.inactivePeriod],
    });
  } catch (error) {
    if (error instanceof InvalidSettingError) {
      throw new ConfigError(VARIABLE_OF[error.setting], `(parameter ${error.message}`.replace(': ', '): '));
    }
    throw error;
  }
}
