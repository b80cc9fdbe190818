import { ConfigError } from './errors';

/**
 * Readers for environment variables set by the CloudFormation templates. Each
 * throws a ConfigError naming the variable, so a bad parameter stops the
 * function at cold start with a message that says which one.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export const ACCOUNT_ID = /^\d{12}$/;
/** An email address as SES takes it: no spaces, angle brackets or quotes that could smuggle a second address. */
export const EMAIL_ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, 'is required but not set');
  return value;
}

export function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** CloudFormation passes `True`/`False` (classic AllowedValues); accept any case. */
export function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = optional(env, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new ConfigError(name, `must be True or False, got "${value}"`);
}

export function list(env: Env, name: string): string[] {
  return (optional(env, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

export function accountId(env: Env, name: string): string {
  const value = required(env, name);
  if (!ACCOUNT_ID.test(value)) throw new ConfigError(name, `must be a 12-digit account id, got "${value}"`);
  return value;
}

export function accountIds(env: Env, name: string): string[] {
  const values = list(env, name);
  const bad = values.filter((value) => !ACCOUNT_ID.test(value));
  if (bad.length > 0) throw new ConfigError(name, `must be 12-digit account ids, got "${bad.join(', ')}"`);
  return values;
}

export function email(env: Env, name: string): string {
  const value = required(env, name);
  if (!EMAIL_ADDRESS.test(value)) throw new ConfigError(name, `must be an email address, got "${value}"`);
  return value;
}

export function regions(env: Env, name: string): string[] {
  const values = list(env, name);
  const bad = values.filter((value) => !REGION.test(value));
  if (bad.length > 0) throw new ConfigError(name, `must be AWS region names, got "${bad.join(', ')}"`);
  return values;
}
