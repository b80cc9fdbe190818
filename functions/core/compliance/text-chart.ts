import type { AgeBucket } from './age-buckets';
import { STANDING_LABELS, STANDINGS } from './standing';

const BAR_WIDTH = 40;
const BAR = '█';

/** The number of bar units for a count: proportional to the largest bucket, and at least one for any key at all. */
export function barUnits(count: number, largest: number, width: number): number {
  if (count <= 0 || largest <= 0) return 0;
  return Math.max(1, Math.round((count / largest) * width));
}

/**
 * The key-age distribution in characters, for terminals and the text part of
 * an email: one line a bucket, the bar scaled to the largest bucket, and what
 * the keys in it are.
 */
export function textAgeChart(buckets: readonly AgeBucket[]): string {
  const largest = Math.max(0, ...buckets.map((bucket) => bucket.total));
  // 'age', not 'key age': every heading above the chart already says what it is of.
  const labelWidth = Math.max('age'.length, ...buckets.map((bucket) => bucket.label.length));
  const countWidth = Math.max('keys'.length, ...buckets.map((bucket) => String(bucket.total).length));
  const lines = [`${'age'.padEnd(labelWidth)}  ${'keys'.padStart(countWidth)}`];
  for (const bucket of buckets) {
    const bar = BAR.repeat(barUnits(bucket.total, largest, BAR_WIDTH));
    const parts = STANDINGS.filter((standing) => bucket.byStanding[standing] > 0).map(
      (standing) => `${bucket.byStanding[standing]} ${STANDING_LABELS[standing]}`,
    );
    const line = `${bucket.label.padEnd(labelWidth)}  ${String(bucket.total).padStart(countWidth)}  ${bar.padEnd(BAR_WIDTH)}  ${parts.join(', ')}`;
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}
