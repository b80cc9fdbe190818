import { collectPages, nextOfTruncated, PagingError } from '../../core/aws/collect-pages';
import { ObserveError } from '../errors';

/** The paging fields every IAM list output has. */
export interface MarkerPage {
  readonly IsTruncated?: boolean;
  readonly Marker?: string;
}

/**
 * Every item of an IAM paginator (`paginateListAccessKeys` and the like),
 * with core/aws/collect-pages' guards. IAM pages with IsTruncated and
 * Marker: a truncated page without a Marker would end the SDK's loop early,
 * so it is an error here. Any failure is an ObserveError naming the
 * operation: the account's view would be partial.
 */
export async function collectMarkerPages<P extends MarkerPage, T>(
  operation: string,
  pages: AsyncIterable<P>,
  items: (page: P) => readonly T[] | undefined,
): Promise<T[]> {
  try {
    return await collectPages(pages, (page) => ({ items: items(page), next: nextOfTruncated(page.IsTruncated, page.Marker, 'Marker') }), 'Marker');
  } catch (error) {
    if (error instanceof PagingError) throw new ObserveError(operation, error.problem, { cause: error.cause ?? error });
    throw error;
  }
}
