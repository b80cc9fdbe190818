import { DEFAULT_EXEMPTION_GROUP } from '../contract/names';

import { OWNER_TAG_KEY } from '../emulator/deployment';

/** One benchmark user: a single access key whose age decides whether anything is due. */
export interface BenchUser {
  readonly name: string;
  readonly keyAgeDays: number;
  /** Days since the key was last used; absent: never used. */
  readonly lastUsedDaysAgo?: number;
  readonly tags: Readonly<Record<string, string>>;
  readonly groups: readonly string[];
  /** Its key is past the rotation period: the run must rotate it. */
  readonly due: boolean;
}

// Ages away from every lifecycle boundary (R - W = 83, R = 90), so the minutes
// between seeding and the run never change what is due, and nobody is in the
// warning window: the users with nothing due cost only what scanning costs.
const DUE_AGES = [95, 180, 400] as const;
const IDLE_AGES = [5, 20, 40, 60, 75] as const;

function pick<T>(values: readonly T[], index: number): T {
  return values[index % values.length] as T;
}

/**
 * `size` users of which `dueShare` (2 % by default) are due for rotation,
 * spread evenly through the alphabet so no page of a listing is special.
 * Deterministic: the baseline and the product always see the same users.
 */
export function population(size: number, options: { dueShare?: number; prefix?: string } = {}): BenchUser[] {
  const dueCount = Math.round(size * (options.dueShare ?? 0.02));
  const step = dueCount === 0 ? Infinity : size / dueCount;
  const dueIndexes = new Set(Array.from({ length: dueCount }, (_, k) => Math.floor(k * step + step / 2)));
  const prefix = options.prefix ?? 'user';
  const width = String(size - 1).length;
  return Array.from({ length: size }, (_, i): BenchUser => {
    const due = dueIndexes.has(i);
    const groups: string[] = [];
    if (i % 20 === 3) groups.push('developers');
    // Exempt users are never due here, so the expected rotations stay exactly the due ones.
    if (!due && i % 100 === 10) groups.push(DEFAULT_EXEMPTION_GROUP);
    const tags: Record<string, string> = { team: `team-${i % 7}` };
    if (i % 10 === 5) tags[OWNER_TAG_KEY] = `owner-${i % 13}@example.com`;
    // One idle key in five has never been used; due keys were used yesterday, so rotating them is the plain case.
    const neverUsed = !due && i % 5 === 4;
    return {
      name: `${prefix}-${String(i).padStart(width, '0')}`,
      keyAgeDays: due ? pick(DUE_AGES, i) : pick(IDLE_AGES, i),
      ...(neverUsed ? {} : { lastUsedDaysAgo: 1 }),
      tags,
      groups,
      due,
    };
  });
}

export function dueUserNames(users: readonly BenchUser[]): Set<string> {
  return new Set(users.filter((u) => u.due).map((u) => u.name));
}
