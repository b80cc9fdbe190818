import type { AccessKeyState } from './types';

/**
 * Oldest first. Equal creation dates (possible: IAM reports whole seconds) are
 * ordered by id, so the plan does not depend on the order IAM listed the keys in.
 */
export function byCreation(keys: readonly AccessKeyState[]): AccessKeyState[] {
  return [...keys].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a.id, b.id));
}

/** The key applications are expected to use: the newest active one. */
export function currentKey(sortedKeys: readonly AccessKeyState[]): AccessKeyState | undefined {
  return sortedKeys.filter((key) => key.status === 'Active').at(-1);
}

/**
 * Of two keys, the one whose deletion is least likely to break an application:
 * a never-used key before a used one; of two never-used keys the older; of two
 * used keys the one last used longest ago, and on a tie the older.
 */
export function leastRecentlyUsed(a: AccessKeyState, b: AccessKeyState): AccessKeyState {
  const [older, newer] = byCreation([a, b]) as [AccessKeyState, AccessKeyState];
  const olderUsed = older.lastUsedAt?.getTime();
  const newerUsed = newer.lastUsedAt?.getTime();
  if (olderUsed === undefined) return older;
  if (newerUsed === undefined) return newer;
  return newerUsed < olderUsed ? newer : older;
}

// Code-unit order, not localeCompare: the result must not change with the machine's locale.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
