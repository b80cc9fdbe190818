/**
 * Summaries over repetitions. The median resists one slow repetition (another
 * engineer's test run on the shared cores); the spread shows how far to trust it.
 */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** max - min: with 3 to 5 repetitions, quartiles would say less than the range. */
  readonly spread: number;
  readonly n: number;
  readonly values: readonly number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  // Length checked above, so both indexes exist.
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function summarize(values: readonly number[]): Summary {
  const m = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { median: m, min, max, spread: max - min, n: values.length, values: [...values] };
}

/** "12.3 ±0.4": the median and half the range, in the unit the caller formats. */
export function formatSummary(summary: Summary, digits: number): string {
  const body = summary.median.toFixed(digits);
  if (summary.n < 2 || summary.spread === 0) return body;
  return `${body} ±${(summary.spread / 2).toFixed(digits)}`;
}

/** a / b, or undefined when b is zero (a ratio to nothing is not a figure). */
export function ratio(a: number, b: number): number | undefined {
  return b === 0 ? undefined : a / b;
}
