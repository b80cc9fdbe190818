import { COMPLIANCE_LIMIT_OFF } from '../compliance/max-key-age';
import { ConfigError } from './errors';
import { optional, type Env } from './values';

/**
 * ComplianceMaxKeyAge, read by the rotation function (cold-start warning,
 * the plan) and by the digest: whole days, 0 (off) when unset, so a function
 * updated before its stack keeps working.
 */
export function complianceMaxKeyAge(env: Env, name: string): number {
  const raw = optional(env, name);
  if (raw === undefined) return COMPLIANCE_LIMIT_OFF;
  const value = Number(raw);
  if (!/^\d{1,4}$/.test(raw.trim()) || value > 3650) {
    throw new ConfigError(name, `(parameter ComplianceMaxKeyAge): must be whole days from 0 (off) to 3650, got "${raw}"`);
  }
  return value;
}
