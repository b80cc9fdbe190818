import { collectPages, PagingError } from '../../core/aws/collect-pages';
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
    return await collectPages(
      pages,
      (page) => {
        if (page.IsTruncated && !page.Marker) throw new PagingError('said IsTruncated but returned no Marker');
        return { items: items(page), next: page.IsTruncated ? page.Marker : undefined };
      },
      'Marker',
    );
  } catch (error) {
    if (error instanceof PagingError) throw new ObserveError(operation, error.problem, { cause: error.cause ?? error });
    throw error;
  }
}
