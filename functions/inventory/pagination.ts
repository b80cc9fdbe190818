import { collectPages as collectAll, PagingError } from '../core/aws/collect-pages';
import { OrganizationListingError } from './errors';

/**
 * Every item of an Organizations paginator (`paginateListAccounts` and the
 * like), with core/aws/collect-pages' guards. Any failure becomes an
 * OrganizationListingError naming the call and the parent, and the run
 * enqueues nothing.
 */
export async function collectPages<P extends { NextToken?: string }, T>(
  operation: string,
  target: string | undefined,
  pages: AsyncIterable<P>,
  items: (page: P) => readonly T[] | undefined,
): Promise<T[]> {
  try {
    return await collectAll(pages, (page) => ({ items: items(page), next: page.NextToken }));
  } catch (error) {
    if (error instanceof PagingError) throw new OrganizationListingError(operation, target, error.problem, { cause: error.cause ?? error });
    throw error;
  }
}
