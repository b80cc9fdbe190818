/**
 * The lifecycle settings' defaults, kept once: the engine's
 * DEFAULT_LIFECYCLE_SETTINGS (functions/core/lifecycle), the main template's
 * parameter defaults (templates-src), and so every environment derived from
 * the synthesized template (the emulator's, the demo's, the bench's, the
 * tests') read them from here.
 */
export const LIFECYCLE_DEFAULTS = {
  rotationPeriodDays: 90,
  inactiveBufferDays: 10,
  recoveryGracePeriodDays: 10,
  warningDays: [7, 1],
  // The credential report and GetAccessKeyLastUsed can lag by hours: one day would call a key idle too early.
  inUseWindowDays: 2,
  inUseKeyAction: 'Deactivate',
  maxPostponeDays: 20,
} as const;

/** The classic InactivePeriod: the day (from the key's creation) of deactivation, RotationPeriod + InactiveBuffer. */
export const DEFAULT_INACTIVE_PERIOD_DAYS = LIFECYCLE_DEFAULTS.rotationPeriodDays + LIFECYCLE_DEFAULTS.inactiveBufferDays;
