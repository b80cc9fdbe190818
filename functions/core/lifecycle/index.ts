/** The lifecycle engine: pure decisions about one user's access keys (docs/design.md#4-key-lifecycle). */
export * from './types';
export { InvalidPlanInputError, InvalidSettingError, LifecycleInvariantError, PlanSimulationError } from './errors';
export { DEFAULT_LIFECYCLE_SETTINGS, IN_USE_KEY_ACTIONS, MAX_SETTING_DAYS, parseLifecycleSettings, validateLifecycleSettings, validateSettingValues } from './settings';
export type { RawLifecycleSettings, SettingName } from './settings';
export { brokenConstraint, SETTINGS_CONSTRAINTS } from './constraints';
export type { SettingsConstraint } from './constraints';
export { FORCED_ROTATION_MIN_AGE_DAYS, planUser } from './plan';
export { applyPlan, MAX_KEYS_PER_USER, simulateSteps } from './simulate';
export { readUserTags } from './tags';
export type { UserTagReading } from './tags';
export { formatDeactivationRecord, MAX_RECORD_LENGTH, parseDeactivationRecord } from './record';
export type { DeactivationEntry, ParsedRecord } from './record';
export { parseUntil } from './dates';
export { isInUse } from './schedule';
export { DAY_MS } from './time';
