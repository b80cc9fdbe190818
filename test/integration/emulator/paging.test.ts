import {
  CreateGroupCommand,
  CreateUserCommand,
  GetAccountAuthorizationDetailsCommand,
  IAMClient,
  ListUsersCommand,
  paginateGetAccountAuthorizationDetails,
} from '@aws-sdk/client-iam';
import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { createAccount, createOrganization, createOrganizationalUnit } from '../../../emulator/organization';
import { useMoto } from '../../harness/moto';

// moto_paging.py: moto pages its IAM and Organizations listings as AWS does.
const moto = useMoto();

interface Page<T> {
  readonly items: readonly T[];
  readonly next: string | undefined;
}

/** Follows the tokens and returns each page's size, and every item in order. */
async function walk<T>(fetch: (token: string | undefined) => Promise<Page<T>>): Promise<{ sizes: number[]; items: T[] }> {
  const sizes: number[] = [];
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    sizes.push(page.items.length);
    items.push(...page.items);
    token = page.next;
  } while (token !== undefined && sizes.length < 100);
  return { sizes, items };
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  return promise.then(
    () => ({ name: 'no error', message: '' }),
    (error: Error) => ({ name: error.name, message: error.message }),
  );
}

describe('IAM pages like AWS: MaxItems 1..1000, 100 by default, Marker and IsTruncated', () => {
  const iam = new IAMClient(moto.config());
  const USERS = 130;

  beforeAll(async () => {
    for (let i = 0; i < USERS; i++) await iam.send(new CreateUserCommand({ UserName: `pager-${String(i).padStart(3, '0')}` }));
    for (const group of ['pager-group-a', 'pager-group-b']) await iam.send(new CreateGroupCommand({ GroupName: group }));
  });

  const details = (maxItems: number | undefined, filter: ('User' | 'Group')[] = ['User']) => async (marker: string | undefined) => {
    const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: filter, MaxItems: maxItems, Marker: marker }));
    if (page.IsTruncated && !page.Marker) throw new Error('IsTruncated without a Marker');
    if (!page.IsTruncated && page.Marker) throw new Error('a Marker on the last page');
    return { items: [...(page.UserDetailList ?? []), ...(page.GroupDetailList ?? [])], next: page.IsTruncated ? page.Marker : undefined };
  };

  test('GetAccountAuthorizationDetails: 100 a page unless told, every user exactly once', async () => {
    const { sizes, items } = await walk(details(undefined));
    expect(sizes).toEqual([100, 30]);
    const names = items.map((user) => ('UserName' in user ? user.UserName : undefined));
    expect(new Set(names).size).toBe(USERS);
  });

  test('GetAccountAuthorizationDetails honours a smaller MaxItems, and the maximum of 1000', async () => {
    expect((await walk(details(50))).sizes).toEqual([50, 50, 30]);
    expect((await walk(details(1000))).sizes).toEqual([USERS]);
  });

  test('MaxItems counts the items of every list in the response together', async () => {
    const { sizes, items } = await walk(details(100, ['User', 'Group']));
    expect(sizes).toEqual([100, 32]);
    expect(items.filter((item) => 'GroupName' in item && item.GroupName?.startsWith('pager-group'))).toHaveLength(2);
  });

  test('the SDK paginator reads every page', async () => {
    let users = 0;
    let pages = 0;
    for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 40 }, { Filter: ['User'] })) {
      pages++;
      users += page.UserDetailList?.length ?? 0;
    }
    expect({ pages, users }).toEqual({ pages: 4, users: USERS });
  });

  test('ListUsers pages by 100 too', async () => {
    const { sizes } = await walk(async (marker) => {
      const page = await iam.send(new ListUsersCommand({ Marker: marker }));
      return { items: page.Users ?? [], next: page.IsTruncated ? page.Marker : undefined };
    });
    expect(sizes).toEqual([100, 30]);
  });

  test('MaxItems out of range, or a Marker of another call, is refused with ValidationError', async () => {
    const tooMany = await failure(iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 1001 })));
    expect(tooMany).toEqual({ name: 'ValidationError', message: expect.stringContaining('MaxItems must be at most 1000') });
    const zero = await failure(iam.send(new ListUsersCommand({ MaxItems: 0 })));
    expect(zero.name).toBe('ValidationError');
    const usersMarker = (await iam.send(new ListUsersCommand({ MaxItems: 10 }))).Marker;
    const foreign = await failure(iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], Marker: usersMarker })));
    expect(foreign).toEqual({ name: 'ValidationError', message: expect.stringContaining('token') });
  });
});

describe('Organizations pages like AWS: MaxResults 1..20, 20 by default, NextToken', () => {
  const org = new OrganizationsClient(moto.config());
  let rootId = '';
  let crowdedOu = '';
  // 45 members and the management account; 25 members in one OU, 22 OUs under the root.
  const MEMBERS = 45;

  beforeAll(async () => {
    await moto.reset();
    rootId = (await createOrganization(moto)).rootId;
    const units: string[] = [];
    for (let i = 0; i < 22; i++) units.push(await createOrganizationalUnit(moto, rootId, `unit-${i}`));
    crowdedOu = units[0] ?? '';
    for (let i = 0; i < MEMBERS; i++) {
      await createAccount(moto, { name: `member-${i}`, email: `member-${i}@example.com`, ...(i < 25 ? { parentId: crowdedOu, rootId } : {}) });
    }
  });

  const accounts = (maxResults?: number) => async (token: string | undefined) => {
    const page = await org.send(new ListAccountsCommand({ MaxResults: maxResults, NextToken: token }));
    return { items: page.Accounts ?? [], next: page.NextToken };
  };

  test('ListAccounts: 20 a page unless told, every account exactly once', async () => {
    const { sizes, items } = await walk(accounts());
    expect(sizes).toEqual([20, 20, 6]);
    expect(new Set(items.map((a) => a.Id)).size).toBe(MEMBERS + 1);
    expect((await walk(accounts(7))).sizes).toEqual([7, 7, 7, 7, 7, 7, 4]);
  });

  test('ListAccountsForParent and ListOrganizationalUnitsForParent page by 20', async () => {
    const inOu = await walk(async (token) => {
      const page = await org.send(new ListAccountsForParentCommand({ ParentId: crowdedOu, NextToken: token }));
      return { items: page.Accounts ?? [], next: page.NextToken };
    });
    expect(inOu.sizes).toEqual([20, 5]);
    const units = await walk(async (token) => {
      const page = await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId, NextToken: token }));
      return { items: page.OrganizationalUnits ?? [], next: page.NextToken };
    });
    expect(units.sizes).toEqual([20, 2]);
  });

  test('ListChildren pages accounts and OUs by 20; ListRoots has one page', async () => {
    const children = (ChildType: 'ACCOUNT' | 'ORGANIZATIONAL_UNIT') => async (token: string | undefined) => {
      const page = await org.send(new ListChildrenCommand({ ParentId: rootId, ChildType, NextToken: token }));
      return { items: page.Children ?? [], next: page.NextToken };
    };
    expect((await walk(children('ACCOUNT'))).sizes).toEqual([20, 1]);
    expect((await walk(children('ORGANIZATIONAL_UNIT'))).sizes).toEqual([20, 2]);
    const roots = await org.send(new ListRootsCommand({}));
    expect(roots.Roots?.map((r) => r.Id)).toEqual([rootId]);
    expect(roots.NextToken).toBeUndefined();
  });

  test('the SDK paginator reads every page', async () => {
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: org }, {})) ids.push(...(page.Accounts ?? []).map((a) => a.Id ?? ''));
    expect(new Set(ids).size).toBe(MEMBERS + 1);
  });

  test('MaxResults out of range, or a token of another call, is refused with InvalidInputException', async () => {
    const tooMany = await failure(org.send(new ListAccountsCommand({ MaxResults: 21 })));
    expect(tooMany).toEqual({ name: 'InvalidInputException', message: expect.stringContaining('MAX_VALUE_EXCEEDED') });
    expect((await failure(org.send(new ListRootsCommand({ MaxResults: 21 })))).name).toBe('InvalidInputException');
    expect((await failure(org.send(new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT', MaxResults: 0 })))).name).toBe(
      'InvalidInputException',
    );
    const token = (await org.send(new ListAccountsCommand({}))).NextToken;
    const foreign = await failure(org.send(new ListAccountsForParentCommand({ ParentId: crowdedOu, NextToken: token })));
    expect(foreign).toEqual({ name: 'InvalidInputException', message: expect.stringContaining('INVALID_PAGINATION_TOKEN') });
  });
});
