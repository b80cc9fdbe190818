import { describe, OrganizationListingError } from './errors';

export interface Page<T> {
  readonly items: readonly T[] | undefined;
  readonly nextToken: string | undefined;
}

// Far beyond any Organization (ListAccounts: 20 a page); only a service bug reaches it.
const MAX_PAGES = 10_000;

/**
 * Follows NextToken until the service stops returning one. A page may be
 * empty and still carry a token (Organizations does this), so emptiness
 * never ends the loop; only a missing token does. Any failure, or a token
 * that repeats (which would loop forever), becomes an OrganizationListingError:
 * a partial list must never pass for a complete one.
 */
export async function collectPages<T>(
  operation: string,
  target: string | undefined,
  fetchPage: (nextToken: string | undefined) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    let result: Page<T>;
    try {
      result = await fetchPage(token);
    } catch (error) {
      throw new OrganizationListingError(operation, target, describe(error), { cause: error });
    }
    items.push(...(result.items ?? []));
    token = result.nextToken || undefined;
    if (token === undefined) return items;
    if (seen.has(token)) throw new OrganizationListingError(operation, target, `returned NextToken "${token}" twice`);
    seen.add(token);
  }
  throw new OrganizationListingError(operation, target, `still returned a NextToken after ${MAX_PAGES} pages`);
}
