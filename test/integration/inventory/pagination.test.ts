import type { Account } from '@aws-sdk/client-organizations';
import { OrganizationListingError } from '../../../functions/inventory/errors';
import { createInventoryHandler } from '../../../functions/inventory/handler';
import { useMoto } from '../../harness/moto';
import { CallCounter } from '../../harness/sdk-plugins';
import { PagedListAccounts } from './doubles';
import { createQueue, drainQueue, inventoryEnv, memoryLogger, scheduledEvent } from './fixture';

/**
 * moto never returns an empty page with a NextToken, which AWS Organizations
 * does; a paging double answers ListAccounts here, while STS and SQS stay moto.
 */
const moto = useMoto();

function accounts(from: number, count: number, state: Pick<Account, 'State' | 'Status'> = { State: 'ACTIVE' }): Account[] {
  return Array.from({ length: count }, (_, i) => {
    const id = String(100000000000 + from + i);
    return { Id: id, Name: `acct-${from + i}`, Email: `acct-${from + i}@example.com`, ...state };
  });
}

async function run(pages: PagedListAccounts) {
  const queueUrl = await createQueue(moto);
  const counter = new CallCounter();
  const handler = createInventoryHandler({
    env: inventoryEnv(queueUrl),
    aws: { plugins: [counter.plugin, pages.plugin] },
    logger: memoryLogger().logger,
    retry: { sleep: async () => undefined },
  });
  return { queueUrl, counter, result: handler(scheduledEvent('paged'), { awsRequestId: 'paged' }) };
}

describe('ListAccounts pagination', () => {
  test('an empty page that carries a NextToken does not end the listing', async () => {
    const pages = new PagedListAccounts([
      { accounts: accounts(0, 20), nextToken: 'page-2' },
      { accounts: [], nextToken: 'page-3' },
      { accounts: [], nextToken: 'page-4' },
      { accounts: accounts(20, 3) },
    ]);
    const { queueUrl, counter, result } = await run(pages);
    expect(await result).toMatchObject({ found: 23, enqueued: 23 });
    expect(pages.tokensSent).toEqual([undefined, 'page-2', 'page-3', 'page-4']);
    expect(counter.counts.get('Organizations.ListAccounts')).toBe(4);
    const messages = await drainQueue(moto, queueUrl);
    expect(messages.map((m) => m.account).sort()).toEqual(accounts(0, 23).map((a) => a.Id).sort());
  });

  test('State wins over Status, Status is the fallback, and an account listed on two pages is enqueued once', async () => {
    const pages = new PagedListAccounts([
      {
        accounts: [
          ...accounts(0, 2),
          ...accounts(2, 1, { State: 'PENDING_CLOSURE', Status: 'ACTIVE' }),
          ...accounts(3, 1, { Status: 'SUSPENDED' }),
          ...accounts(4, 1, { Status: 'ACTIVE' }),
          ...accounts(5, 1, { State: 'CLOSED' }),
          ...accounts(6, 1, {}),
        ],
        nextToken: 'next',
      },
      { accounts: accounts(0, 1) },
    ]);
    const { queueUrl, result } = await run(pages);
    expect(await result).toMatchObject({ found: 7, enqueued: 3, skipped: { inactive: 4 } });
    const enqueued = (await drainQueue(moto, queueUrl)).map((m) => m.account).sort();
    expect(enqueued).toEqual(['100000000000', '100000000001', '100000000004']);
  });

  test('a NextToken that comes back again fails the run instead of looping, and nothing is enqueued', async () => {
    const pages = new PagedListAccounts([
      { accounts: accounts(0, 20), nextToken: 'loop' },
      { accounts: accounts(20, 20), nextToken: 'loop' },
    ]);
    const { queueUrl, counter, result } = await run(pages);
    await expect(result).rejects.toBeInstanceOf(OrganizationListingError);
    await expect(result).rejects.toThrow(/NextToken "loop" twice/);
    expect(counter.counts.get('SQS.SendMessageBatch')).toBeUndefined();
    expect(await drainQueue(moto, queueUrl)).toEqual([]);
  });
});
