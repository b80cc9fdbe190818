import { ObserveError, describeError } from '../errors';

export interface MarkerPage<T> {
  readonly items: readonly T[] | undefined;
  readonly isTruncated: boolean | undefined;
  readonly marker: string | undefined;
}

// 5,000 users a page of 100 is 50 pages; only a service bug reaches this.
const MAX_PAGES = 10_000;

/**
 * Follows IAM's Marker/IsTruncated until the list ends. Any failure, or a
 * marker that repeats (a loop), is an ObserveError: the classic solution read
 * one page and silently ignored every user after the first hundred.
 */
export async function collectMarkerPages<T>(
  operation: string,
  fetchPage: (marker: string | undefined) => Promise<MarkerPage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let result: MarkerPage<T>;
    try {
      result = await fetchPage(marker);
    } catch (error) {
      throw new ObserveError(operation, describeError(error), { cause: error });
    }
    items.push(...(result.items ?? []));
    if (!result.isTruncated) return items;
    marker = result.marker;
    if (!marker) throw new ObserveError(operation, 'said IsTruncated but returned no Marker');
    if (seen.has(marker)) throw new ObserveError(operation, `returned Marker "${marker}" twice`);
    seen.add(marker);
  }
  throw new ObserveError(operation, `was still truncated after ${MAX_PAGES} pages`);
}
