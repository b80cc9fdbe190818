import { IAMClient, paginateListAccessKeys, type ListAccessKeysCommandOutput } from '@aws-sdk/client-iam';
import { OrganizationsClient, paginateListAccounts, type ListAccountsCommandOutput } from '@aws-sdk/client-organizations';
import { collectPages, PagingError } from '../../functions/core/aws/collect-pages';
import { OrganizationListingError } from '../../functions/inventory/errors';
import { collectPages as collectOrganizationPages } from '../../functions/inventory/pagination';
import { ObserveError } from '../../functions/rotation/errors';
import { collectMarkerPages } from '../../functions/rotation/observe/paging';

/**
 * The SDK's own paginators (`paginate*`) walk the pages; the project's
 * guards sit around them. These tests drive the real paginators of real
 * clients, whose calls a middleware answers from fixed pages keyed by the
 * token they were sent (nothing reaches the network), so they show what the
 * SDK does and what the guards add.
 */
const CLIENT = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } };

type Pages<O> = Record<string, Partial<O> | Error>;

function answering<C extends IAMClient | OrganizationsClient, O>(
  client: C,
  tokenField: string,
  pages: Pages<O>,
): { client: C; tokensSent: (string | undefined)[] } {
  const tokensSent: (string | undefined)[] = [];
  client.middlewareStack.add(
    () => async (args) => {
      const token = (args.input as Record<string, string | undefined>)[tokenField];
      tokensSent.push(token);
      const page = pages[token ?? 'first'];
      if (page === undefined) throw new Error(`no page for ${token}`);
      if (page instanceof Error) throw page;
      return { output: { ...page, $metadata: {} }, response: {} };
    },
    { step: 'initialize', name: 'testPages' },
  );
  return { client, tokensSent };
}

function organizations(pages: Pages<ListAccountsCommandOutput>) {
  const { client, tokensSent } = answering(new OrganizationsClient(CLIENT), 'NextToken', pages);
  const list = () =>
    collectOrganizationPages('ListAccounts', undefined, paginateListAccounts({ client, pageSize: 20 }, {}), (page) =>
      page.Accounts?.map((account) => account.Id),
    );
  return { list, tokensSent };
}

function iam(pages: Pages<ListAccessKeysCommandOutput>) {
  const { client, tokensSent } = answering(new IAMClient(CLIENT), 'Marker', pages);
  const list = () =>
    collectMarkerPages('ListAccessKeys(alice)', paginateListAccessKeys({ client }, { UserName: 'alice' }), (page) =>
      page.AccessKeyMetadata?.map((key) => key.AccessKeyId),
    );
  return { list, tokensSent };
}

const accounts = (...ids: string[]) => ids.map((Id) => ({ Id }));
const keys = (...ids: string[]) => ids.map((AccessKeyId) => ({ AccessKeyId, UserName: 'alice', Status: 'Active' as const, CreateDate: new Date(0) }));

async function failure(run: () => Promise<unknown>): Promise<Error> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the listing to fail');
  return error;
}

describe('Organizations paging (NextToken)', () => {
  test('keeps going through empty pages while a NextToken comes back, sending each token once', async () => {
    const { list, tokensSent } = organizations({
      first: { Accounts: accounts('1', '2'), NextToken: 'a' },
      a: { Accounts: [], NextToken: 'b' },
      b: { NextToken: 'c' },
      c: { Accounts: accounts('3') },
    });
    expect(await list()).toEqual(['1', '2', '3']);
    expect(tokensSent).toEqual([undefined, 'a', 'b', 'c']);
  });

  test('an empty-string NextToken ends the listing like a missing one', async () => {
    const { list, tokensSent } = organizations({ first: { Accounts: accounts('1'), NextToken: '' } });
    expect(await list()).toEqual(['1']);
    expect(tokensSent).toEqual([undefined]);
  });

  test('a token that comes back after another page fails the listing (the SDK would loop forever)', async () => {
    const { list, tokensSent } = organizations({
      first: { Accounts: accounts('1'), NextToken: 'a' },
      a: { Accounts: accounts('2'), NextToken: 'b' },
      b: { Accounts: [], NextToken: 'a' },
    });
    const error = await failure(list);
    expect(error).toBeInstanceOf(OrganizationListingError);
    expect(error.message).toBe('ListAccounts failed: returned NextToken "a" twice; nothing was enqueued');
    expect(tokensSent).toEqual([undefined, 'a', 'b']);
  });

  test('a token that comes straight back fails too (the SDK stops there quietly with stopOnSameToken)', async () => {
    const { list } = organizations({ first: { Accounts: accounts('1'), NextToken: 'a' }, a: { Accounts: accounts('2'), NextToken: 'a' } });
    expect((await failure(list)).message).toMatch(/NextToken "a" twice/);
  });

  test('a page that fails after others succeeded fails the whole listing, naming the call and the parent', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    const { client } = answering<OrganizationsClient, ListAccountsCommandOutput>(new OrganizationsClient(CLIENT), 'NextToken', { first: { Accounts: accounts('1'), NextToken: 'a' }, a: throttled });
    const error = await failure(() =>
      collectOrganizationPages('ListAccountsForParent', 'ou-ab12-abcdefgh', paginateListAccounts({ client }, {}), (page) => page.Accounts),
    );
    expect(error).toBeInstanceOf(OrganizationListingError);
    expect(error.message).toBe('ListAccountsForParent (ou-ab12-abcdefgh) failed: TooManyRequestsException: Rate exceeded; nothing was enqueued');
    expect((error as OrganizationListingError).cause).toBe(throttled);
  });
});

describe('IAM paging (Marker and IsTruncated)', () => {
  test('follows Markers through empty pages to the end', async () => {
    const { list, tokensSent } = iam({
      first: { AccessKeyMetadata: keys('K1', 'K2'), IsTruncated: true, Marker: 'm1' },
      m1: { AccessKeyMetadata: [], IsTruncated: true, Marker: 'm2' },
      m2: { AccessKeyMetadata: keys('K3'), IsTruncated: false },
    });
    expect(await list()).toEqual(['K1', 'K2', 'K3']);
    expect(tokensSent).toEqual([undefined, 'm1', 'm2']);
  });

  test('a page that is not truncated ends the listing even if it carries a Marker', async () => {
    const { list, tokensSent } = iam({ first: { AccessKeyMetadata: keys('K1'), IsTruncated: false, Marker: 'stale' } });
    expect(await list()).toEqual(['K1']);
    expect(tokensSent).toEqual([undefined]);
  });

  test.each([
    ['IsTruncated without a Marker (the SDK would stop there)', { first: { AccessKeyMetadata: keys('K1'), IsTruncated: true } }, 'ListAccessKeys(alice) failed: said IsTruncated but returned no Marker'],
    [
      'a repeated Marker',
      { first: { AccessKeyMetadata: keys('K1'), IsTruncated: true, Marker: 'm' }, m: { AccessKeyMetadata: keys('K2'), IsTruncated: true, Marker: 'm' } },
      'ListAccessKeys(alice) failed: returned Marker "m" twice',
    ],
    [
      'a failed page',
      { first: { AccessKeyMetadata: keys('K1'), IsTruncated: true, Marker: 'm' }, m: Object.assign(new Error('slow down'), { name: 'Throttling' }) },
      'ListAccessKeys(alice) failed: Throttling: slow down',
    ],
  ] as const)('%s is an ObserveError, never a silently partial list', async (_, pages, message) => {
    const { list } = iam(pages as Pages<ListAccessKeysCommandOutput>);
    const error = await failure(list);
    expect(error).toBeInstanceOf(ObserveError);
    expect(error.message).toBe(message);
  });
});

describe('collectPages', () => {
  async function* generate<P>(pages: readonly P[], finished: { value: boolean }): AsyncGenerator<P> {
    try {
      for (const page of pages) yield page;
    } finally {
      finished.value = true;
    }
  }

  test('stops the paginator where it stopped reading, so no further page is requested', async () => {
    const finished = { value: false };
    const pages = generate([{ items: [1], next: undefined }, { items: [2], next: undefined }], finished);
    expect(await collectPages(pages, (page) => page)).toEqual([1]);
    expect(finished.value).toBe(true);
  });

  test('a paginator that ends by itself ends the list', async () => {
    expect(await collectPages(generate([{ items: [1], next: 'a' }], { value: false }), (page) => page)).toEqual([1]);
  });

  test('what the reader throws about a page passes through as it is', async () => {
    const problem = new PagingError('bad page');
    await expect(collectPages(generate([{}], { value: false }), () => { throw problem; })).rejects.toBe(problem);
  });
});
