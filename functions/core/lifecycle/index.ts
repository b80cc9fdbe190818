/** The lifecycle engine: pure decisions about one user's access keys (DESIGN.md section 4). */
export * from './types';
export { InvalidPlanInputError, InvalidSettingError, LifecycleInvariantError, PlanSimulationError } from './errors';
export { DEFAULT_LIFECYCLE_SETTINGS, MAX_SETTING_DAYS, parseLifecycleSettings, validateLifecycleSettings } from './settings';
export type { RawLifecycleSettings, SettingName } from './settings';
export { FORCED_ROTATION_MIN_AGE_DAYS, planUser } from './plan';
export { applyPlan, MAX_KEYS_PER_USER, simulateSteps } from './simulate';
export { DAY_MS } from './time';
