import { collectPages, PagingError } from '../../core/aws/collect-pages';
import { ObserveError } from '../errors';

export interface MarkerPage<T> {
  readonly items: readonly T[] | undefined;
  readonly isTruncated: boolean | undefined;
  readonly marker: string | undefined;
}

/**
 * Every page of an IAM list call, which pages with Marker/IsTruncated (see
 * core/aws/collect-pages for the rules). Any failure is an ObserveError: the
 * account's view would be partial.
 */
export async function collectMarkerPages<T>(
  operation: string,
  fetchPage: (marker: string | undefined) => Promise<MarkerPage<T>>,
): Promise<T[]> {
  try {
    return await collectPages(async (marker) => {
      const page = await fetchPage(marker);
      if (page.isTruncated && !page.marker) throw new PagingError('said IsTruncated but returned no Marker');
      return { items: page.items, next: page.isTruncated ? page.marker : undefined };
    }, 'Marker');
  } catch (error) {
    if (error instanceof PagingError) throw new ObserveError(operation, error.problem, { cause: error.cause ?? error });
    throw error;
  }
}
