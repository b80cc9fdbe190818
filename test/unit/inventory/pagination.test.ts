import { OrganizationListingError } from '../../../functions/inventory/errors';
import { collectPages, type Page } from '../../../functions/inventory/pagination';

/** A fetcher over fixed pages keyed by the token that leads to them; records the tokens it got. */
function pager(pages: Record<string, Page<number>>): { fetch: (token: string | undefined) => Promise<Page<number>>; tokens: (string | undefined)[] } {
  const tokens: (string | undefined)[] = [];
  return {
    tokens,
    fetch: async (token) => {
      tokens.push(token);
      const page = pages[token ?? 'start'];
      if (!page) throw new Error(`no page for ${token}`);
      return page;
    },
  };
}

describe('collectPages', () => {
  test('keeps going through empty pages while a NextToken comes back', async () => {
    const { fetch, tokens } = pager({
      start: { items: [1, 2], nextToken: 'a' },
      a: { items: [], nextToken: 'b' },
      b: { items: undefined, nextToken: 'c' },
      c: { items: [3], nextToken: undefined },
    });
    expect(await collectPages('ListAccounts', undefined, fetch)).toEqual([1, 2, 3]);
    expect(tokens).toEqual([undefined, 'a', 'b', 'c']);
  });

  test('an empty-string NextToken ends the listing like a missing one', async () => {
    const { fetch } = pager({ start: { items: [1], nextToken: '' } });
    expect(await collectPages('ListAccounts', undefined, fetch)).toEqual([1]);
  });

  test('a failing page becomes an OrganizationListingError naming the operation and the parent', async () => {
    const { fetch } = pager({ start: { items: [1], nextToken: 'gone' } });
    const run = collectPages('ListAccountsForParent', 'ou-ab12-abcdefgh', fetch);
    await expect(run).rejects.toBeInstanceOf(OrganizationListingError);
    await expect(run).rejects.toThrow('ListAccountsForParent (ou-ab12-abcdefgh) failed: Error: no page for gone; nothing was enqueued');
  });

  test('a repeated NextToken fails instead of looping forever', async () => {
    const { fetch } = pager({ start: { items: [1], nextToken: 'a' }, a: { items: [2], nextToken: 'b' }, b: { items: [], nextToken: 'a' } });
    await expect(collectPages('ListAccounts', undefined, fetch)).rejects.toThrow(/NextToken "a" twice/);
  });
});
