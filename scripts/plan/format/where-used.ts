import type { KeyRow } from '../../../functions/core/compliance';
import type { PlanResult } from '../run';
import type { PlanWhereUsed } from '../where-used';

/** --where-used in the JSON output: the evidence lines and, where the evidence is clear, one line of advice (null otherwise). */
export interface JsonWhereUsed {
  readonly evidence: readonly string[];
  readonly advice: string | null;
}

/** The CSV column --where-used adds: evidence and advice in one cell. */
export const WHERE_USED_COLUMN = 'where_used';

/** Each key's evidence by account and key id; keys that were not looked up (or have no key id) are not in it. */
export function whereUsedByKey(result: PlanResult): (row: KeyRow) => PlanWhereUsed | undefined {
  const found = new Map<string, PlanWhereUsed>();
  for (const account of result.accounts) {
    for (const used of account.whereUsed ?? []) found.set(`${account.accountId}/${used.keyId}`, used);
  }
  return (row) => (row.accessKeyId === null ? undefined : found.get(`${row.accountId}/${row.accessKeyId}`));
}

export function jsonWhereUsed(used: PlanWhereUsed): JsonWhereUsed {
  return { evidence: [...used.evidence], advice: used.advice ?? null };
}
