import type { LifecycleSettings } from '../lifecycle/types';
import { emptyCounts, STANDINGS, type Standing } from './standing';

/** Keys whose age falls in [fromDays, toDays), by standing. */
export interface AgeBucket {
  readonly fromDays: number;
  /** Exclusive; undefined for the last, open bucket. */
  readonly toDays?: number;
  /** e.g. "90–100 days", "730+ days". */
  readonly label: string;
  readonly total: number;
  readonly byStanding: Readonly<Record<Standing, number>>;
}

/**
 * Bucket edges that follow the settings, so the due and overdue ages get
 * buckets of their own: thirds of RotationPeriod, then RotationPeriod (due),
 * RotationPeriod + InactiveBuffer + 1 (overdue), twice that, one and two
 * years. Edges that collide with a smaller one (short periods) are dropped.
 */
export function bucketEdges(settings: Pick<LifecycleSettings, 'rotationPeriodDays' | 'inactiveBufferDays'>): number[] {
  const r = settings.rotationPeriodDays;
  const overdue = r + settings.inactiveBufferDays + 1;
  const candidates = [Math.round(r / 3), Math.round((2 * r) / 3), r, overdue, 2 * (overdue - 1), 365, 730];
  const edges: number[] = [];
  for (const edge of candidates) if (edge > (edges.at(-1) ?? 0)) edges.push(edge);
  return edges;
}

export function ageDistribution(
  keys: readonly { readonly ageDays: number; readonly standing: Standing }[],
  settings: Pick<LifecycleSettings, 'rotationPeriodDays' | 'inactiveBufferDays'>,
): AgeBucket[] {
  const edges = bucketEdges(settings);
  const starts = [0, ...edges];
  const counts = starts.map(() => emptyCounts());
  for (const key of keys) {
    // A key created "in the future" (clock skew, a plan dated before it) counts as new.
    const age = Math.max(0, key.ageDays);
    let index = starts.length - 1;
    while (index > 0 && age < (starts[index] as number)) index--;
    (counts[index] as Record<Standing, number>)[key.standing] += 1;
  }
  return starts.map((fromDays, index) => {
    const toDays = edges[index];
    const byStanding = counts[index] as Record<Standing, number>;
    return {
      fromDays,
      ...(toDays === undefined ? {} : { toDays }),
      label: toDays === undefined ? `${fromDays}+ days` : toDays - 1 === fromDays ? `${fromDays} days` : `${fromDays}–${toDays - 1} days`,
      total: STANDINGS.reduce((sum, standing) => sum + byStanding[standing], 0),
      byStanding,
    };
  });
}
