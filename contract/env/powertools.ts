import type { FunctionKey } from '../names';

/**
 * Environment variables Powertools for AWS Lambda reads in every function
 * (its Logger); the template sets them for each function.
 */
export const POWERTOOLS_ENV = {
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  logLevel: 'POWERTOOLS_LOG_LEVEL',
} as const;

/** The `service` key of each function's log lines. */
export const SERVICE_NAMES: Record<FunctionKey, string> = {
  rotation: 'rotation',
  inventory: 'inventory',
  notifier: 'notifier',
};

/** The levels the LogLevel parameter offers (Powertools also knows TRACE, CRITICAL and SILENT). */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
