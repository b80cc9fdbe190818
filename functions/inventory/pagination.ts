import { collectPages as collectAll, PagingError } from '../core/aws/collect-pages';
import { OrganizationListingError } from './errors';

export interface Page<T> {
  readonly items: readonly T[] | undefined;
  readonly nextToken: string | undefined;
}

/**
 * Every page of an Organizations list call (see core/aws/collect-pages for the
 * rules). Any failure becomes an OrganizationListingError naming the call and
 * the parent, and the run enqueues nothing.
 */
export async function collectPages<T>(
  operation: string,
  target: string | undefined,
  fetchPage: (nextToken: string | undefined) => Promise<Page<T>>,
): Promise<T[]> {
  try {
    return await collectAll(async (token) => {
      const page = await fetchPage(token);
      return { items: page.items, next: page.nextToken };
    });
  } catch (error) {
    if (error instanceof PagingError) throw new OrganizationListingError(operation, target, error.problem, { cause: error.cause ?? error });
    throw error;
  }
}
