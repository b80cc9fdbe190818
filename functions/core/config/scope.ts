import { ConfigError } from './errors';
import { list, type Env } from './values';

/** EnforcedScope: where DryRunFlag=False may change keys (staged rollout). */
export interface EnforcedScope {
  readonly accounts: ReadonlySet<string>;
  /** OU ids (`ou-`, including their sub-OUs) and root ids (`r-`, the whole Organization). */
  readonly units: readonly string[];
}

const ACCOUNT = /^\d{12}$/;
const UNIT = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;

/** Undefined when the variable is empty: the whole selection is enforced. */
export function enforcedScope(env: Env, name: string): EnforcedScope | undefined {
  const ids = [...new Set(list(env, name))];
  if (ids.length === 0) return undefined;
  const bad = ids.filter((id) => !ACCOUNT.test(id) && !UNIT.test(id));
  if (bad.length > 0) {
    throw new ConfigError(name, `must be account ids (12 digits), OU ids (ou-xxxx-xxxxxxxx) or root ids (r-xxxx), got "${bad.join(', ')}"`);
  }
  return { accounts: new Set(ids.filter((id) => ACCOUNT.test(id))), units: ids.filter((id) => UNIT.test(id)) };
}
