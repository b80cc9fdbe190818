/**
 * Runs `work` over `items` with at most `limit` in flight, results in input
 * order. IAM throttles per account, so per-user calls must not fan out
 * unbounded; a plain Promise.all over 5,000 users would.
 */
// Hand-written: the well-kept limiters (p-limit, p-map) ship as ES modules only, which this CommonJS package's tests cannot require.
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
