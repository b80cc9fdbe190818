import { describeError } from '../errors/describe';
import { NamedError } from '../errors/named-error';

/** What a caller reads off one page of an SDK paginator: its items and the token to the next page. */
export interface Page<T> {
  readonly items: readonly T[] | undefined;
  /** The token for the next page; undefined (or empty) when the list is complete. */
  readonly next: string | undefined;
}

/** Listing failed or would not end; the caller wraps it in its own named error. */
export class PagingError extends NamedError {
  override readonly name = 'PagingError';
  constructor(
    readonly problem: string,
    options?: { cause: unknown },
  ) {
    super('paging', problem, options);
  }
}

// Far beyond any real list (IAM: 5,000 users at 1,000 a page; Organizations: 20 accounts a page); only a service bug reaches it.
const MAX_PAGES = 10_000;

/**
 * Every item of an SDK paginator (`paginateListAccounts(...)` and the like),
 * with the guards the SDK's loop lacks. It follows tokens until one is
 * empty, so a page may be empty and still carry one (Organizations does
 * this). But it would loop forever on a token that comes back, or stop
 * quietly on one with `stopOnSameToken`; and IAM's IsTruncated without a
 * Marker would end it early. Here a repeated token, or anything `read` finds
 * wrong with a page, is a PagingError, and so is a failed page: a partial
 * list must never pass for a complete one (the classic solution read one
 * page of users and ignored the rest).
 */
export async function collectPages<P, T>(pages: AsyncIterable<P>, read: (page: P) => Page<T>, tokenName = 'NextToken'): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  const iterator = pages[Symbol.asyncIterator]();
  try {
    for (let count = 1; count <= MAX_PAGES; count++) {
      let result: IteratorResult<P>;
      try {
        result = await iterator.next();
      } catch (error) {
        throw new PagingError(describeError(error), { cause: error });
      }
      if (result.done) return items;
      const page = read(result.value);
      items.push(...(page.items ?? []));
      const next = page.next || undefined;
      if (next === undefined) return items;
      if (seen.has(next)) throw new PagingError(`returned ${tokenName} "${next}" twice`);
      seen.add(next);
    }
    throw new PagingError(`still returned a ${tokenName} after ${MAX_PAGES} pages`);
  } finally {
    // Stops the SDK's generator where this loop stopped (it would otherwise ask for the next page).
    await iterator.return?.();
  }
}

/**
 * The next token of a page that also says whether it is truncated (IAM's
 * Marker, S3's NextContinuationToken): none once it is not, and a truncated
 * page without one is a PagingError, where the SDK's loop would just stop.
 */
export function nextOfTruncated(isTruncated: boolean | undefined, token: string | undefined, tokenName: string): string | undefined {
  if (isTruncated && !token) throw new PagingError(`said IsTruncated but returned no ${tokenName}`);
  return isTruncated ? token : undefined;
}
