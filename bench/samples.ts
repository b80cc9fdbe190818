import type { CallSnapshot } from './calls';
import { summarize, type Summary } from './stats';

/** Per-repetition values by metric name, summarized once the repetitions are done. */
export class Samples {
  private readonly values = new Map<string, number[]>();

  add(name: string, value: number): void {
    const list = this.values.get(name);
    if (list) list.push(value);
    else this.values.set(name, [value]);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  summary(name: string): Summary | undefined {
    const list = this.values.get(name);
    return list && list.length > 0 ? summarize(list) : undefined;
  }
}

/**
 * Calls by operation over repetitions. An operation missing from one
 * repetition counts 0 there (a retry that happened once must not look like
 * it always happens).
 */
export function summarizeOperations(snapshots: readonly CallSnapshot[], pick: 'calls' | 'attempts'): Record<string, Summary> {
  const operations = [...new Set(snapshots.flatMap((s) => Object.keys(s[pick])))].sort();
  return Object.fromEntries(operations.map((op) => [op, summarize(snapshots.map((s) => s[pick][op] ?? 0))]));
}
