import { describeError } from '../errors/describe';
import { NamedError } from '../errors/named-error';

/** One page of an AWS list call, in a shape both token styles map onto. */
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

// Far beyond any real list (IAM: 5,000 users at 100 a page; Organizations: 20 accounts a page); only a service bug reaches it.
const MAX_PAGES = 10_000;

/**
 * Follows the next-page token until there is none. A page may be empty and
 * still carry a token (Organizations does this), so emptiness never ends the
 * loop. A failed page, or a token that repeats (which would loop forever),
 * is a PagingError: a partial list must never pass for a complete one (the
 * classic solution read one page of users and ignored the rest).
 */
export async function collectPages<T>(
  fetchPage: (token: string | undefined) => Promise<Page<T>>,
  tokenName = 'NextToken',
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let result: Page<T>;
    try {
      result = await fetchPage(token);
    } catch (error) {
      if (error instanceof PagingError) throw error;
      throw new PagingError(describeError(error), { cause: error });
    }
    items.push(...(result.items ?? []));
    token = result.next || undefined;
    if (token === undefined) return items;
    if (seen.has(token)) throw new PagingError(`returned ${tokenName} "${token}" twice`);
    seen.add(token);
  }
  throw new PagingError(`still returned a ${tokenName} after ${MAX_PAGES} pages`);
}
