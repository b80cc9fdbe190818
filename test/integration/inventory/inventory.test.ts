import type { AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import type { ClientPlugin } from '../../../functions/core/aws/plugins';
import type { RotationRequest } from '../../../functions/core/messages/rotation-request';
import { AssumeListRoleError, EnqueueError, InventoryEventError, OrganizationListingError } from '../../../functions/inventory/errors';
import { createInventoryHandler, type InventoryHandlerOptions } from '../../../functions/inventory/handler';
import { ROLE_NAMES } from '../../../contract/names';
import { MANAGEMENT_ACCOUNT_ID } from '../../../emulator/moto';
import { useMoto } from '../../harness/moto';
import { CallCounter, FaultInjector } from '../../harness/sdk-plugins';
import { FailingBatchEntries, failNthCall, INTERNAL_ERROR, SENDER_FAULT } from './doubles';
import {
  buildOrganization,
  createQueue,
  drainQueue,
  inventoryEnv,
  memoryLogger,
  scheduledEvent,
  type OrgFixture,
} from './fixture';

const moto = useMoto();
let org: OrgFixture;

beforeAll(async () => {
  org = await buildOrganization(moto);
}, 120_000);

const NO_WAIT = { sleep: async () => undefined };

interface Setup {
  readonly queueUrl: string;
  readonly counter: CallCounter;
  readonly handler: ReturnType<typeof createInventoryHandler>;
  readonly logLines: () => Record<string, unknown>[];
}

async function setup(
  env: Parameters<typeof inventoryEnv>[1] = {},
  plugins: readonly ClientPlugin[] = [],
  options: Partial<InventoryHandlerOptions> = {},
): Promise<Setup> {
  const queueUrl = await createQueue(moto);
  const counter = new CallCounter();
  const { logger, lines } = memoryLogger();
  const handler = createInventoryHandler({
    env: inventoryEnv(queueUrl, { excludeAccounts: org.excluded, ...env }),
    aws: { plugins: [counter.plugin, ...plugins] },
    logger,
    retry: NO_WAIT,
    ...options,
  });
  return { queueUrl, counter, handler, logLines: lines };
}

function without(ids: readonly string[], ...drop: string[]): string[] {
  return ids.filter((id) => !drop.includes(id));
}

function sorted(ids: Iterable<string>): string[] {
  return [...ids].sort();
}

function accountsOf(messages: readonly RotationRequest[]): string[] {
  return sorted(messages.map((message) => message.account));
}

describe('inventory against an Organization of 45 accounts in three levels of OUs', () => {
  test('the fixture is what the tests assume', () => {
    expect(org.all).toHaveLength(45);
    expect(new Set(org.all).size).toBe(45);
    expect(org.suspended).not.toBe(org.excluded);
  });

  test('a scheduled run enqueues exactly one request per active, not excluded account', async () => {
    const { queueUrl, counter, handler } = await setup();
    const result = await handler(scheduledEvent('event-1'), { awsRequestId: 'request-1' });

    const expected = without(org.all, org.suspended, org.excluded);
    const messages = await drainQueue(moto, queueUrl);
    expect(accountsOf(messages)).toEqual(sorted(expected));
    expect(messages).toHaveLength(43);
    for (const message of messages) {
      expect(message).toEqual({
        account: message.account,
        ...org.names.get(message.account),
        runId: 'event-1',
        expectedAccounts: 43,
      });
    }
    expect(result).toEqual({
      runId: 'event-1',
      source: 'schedule',
      dryrun: false,
      found: 45,
      skipped: { notRequested: 0, inactive: 1, excluded: 1, notIncluded: 0 },
      enqueued: 43,
      requestedNotFound: [],
    });
    expect(counter.counts.get('STS.AssumeRole')).toBe(1);
    // 45 accounts at 20 a page: three pages, so pagination against moto is real.
    expect(counter.counts.get('Organizations.ListAccounts')).toBe(3);
    expect(counter.counts.get('SQS.SendMessageBatch')).toBe(5);
  });

  test('the list-accounts role is assumed in ORG_LIST_ACCOUNT, once per run', async () => {
    const roleArns: (string | undefined)[] = [];
    const spy: ClientPlugin = {
      applyToStack: (stack) =>
        stack.add(
          (next, context) => async (args) => {
            if (context.commandName === 'AssumeRoleCommand') roleArns.push((args.input as AssumeRoleCommandInput).RoleArn);
            return next(args);
          },
          { step: 'initialize' },
        ),
    };
    const { handler } = await setup({}, [spy]);
    await handler({}, { awsRequestId: 'r-a' });
    await handler({}, { awsRequestId: 'r-b' });
    const arn = `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:role/${ROLE_NAMES.listAccounts}`;
    expect(roleArns).toEqual([arn, arn]);
  });

  test('a retried invocation reuses its runId (the EventBridge event id)', async () => {
    const { queueUrl, handler } = await setup({ includeAccounts: org.accountsIn.security.join(',') });
    await handler(scheduledEvent('same-event'), { awsRequestId: 'first-attempt' });
    await handler(scheduledEvent('same-event'), { awsRequestId: 'second-attempt' });
    const runIds = new Set((await drainQueue(moto, queueUrl)).map((message) => message.runId));
    expect(runIds).toEqual(new Set(['same-event']));
  });

  test('an OU-scoped run takes only that OU and every OU below it', async () => {
    const { queueUrl, counter, handler } = await setup({ organizationalUnits: org.ous.workloads });
    const result = await handler({}, { awsRequestId: 'ou-run' });

    const subtree = ['workloads', 'prod', 'prodEu', 'dev', 'sandbox'] as const;
    const expected = without(
      subtree.flatMap((ou) => org.accountsIn[ou]),
      org.suspended,
      org.excluded,
    );
    const messages = await drainQueue(moto, queueUrl);
    expect(accountsOf(messages)).toEqual(sorted(expected));
    expect(messages.every((message) => message.expectedAccounts === expected.length)).toBe(true);
    expect(result).toMatchObject({ found: 37, enqueued: 35, skipped: { inactive: 1, excluded: 1 } });
    expect(counter.counts.get('Organizations.ListAccounts')).toBeUndefined();
    // Five OUs, and Prod's 22 accounts take two pages.
    expect(counter.counts.get('Organizations.ListAccountsForParent')).toBe(6);
    expect(counter.counts.get('Organizations.ListOrganizationalUnitsForParent')).toBe(5);
  });

  test('a deep OU alone takes just its accounts; an OU nested in another configured OU is not listed twice', async () => {
    const deep = await setup({ organizationalUnits: org.ous.sandbox });
    await deep.handler({}, { awsRequestId: 'deep' });
    expect(accountsOf(await drainQueue(moto, deep.queueUrl))).toEqual(sorted(without(org.accountsIn.sandbox, org.excluded)));

    const overlapping = await setup({ organizationalUnits: `${org.ous.prodEu},${org.ous.prod},${org.ous.security}` });
    const result = await overlapping.handler({}, { awsRequestId: 'overlap' });
    const expected = without([...org.accountsIn.prod, ...org.accountsIn.prodEu, ...org.accountsIn.security], org.suspended);
    const messages = await drainQueue(moto, overlapping.queueUrl);
    expect(messages).toHaveLength(expected.length);
    expect(accountsOf(messages)).toEqual(sorted(expected));
    expect(result.found).toBe(32);
  });

  test('the root id as a scope means the whole Organization', async () => {
    const { queueUrl, handler } = await setup({ organizationalUnits: org.rootId });
    await handler({}, { awsRequestId: 'root' });
    expect(accountsOf(await drainQueue(moto, queueUrl))).toEqual(sorted(without(org.all, org.suspended, org.excluded)));
  });

  test('the include list limits a run to the accounts it names (phased rollout)', async () => {
    const include = [...org.accountsIn.dev, org.suspended];
    const { queueUrl, handler } = await setup({ includeAccounts: include.join(',') });
    const result = await handler({}, { awsRequestId: 'include' });
    expect(accountsOf(await drainQueue(moto, queueUrl))).toEqual(sorted(org.accountsIn.dev));
    expect(result.skipped).toEqual({ notRequested: 0, inactive: 1, excluded: 1, notIncluded: 45 - 4 - 2 });
  });
});

describe('EnforcedScope (staged rollout): OU membership resolved once per run, carried by each request', () => {
  const scopeOf = (messages: readonly RotationRequest[], where: 'inside' | 'outside'): string[] =>
    accountsOf(messages.filter((message) => message.enforcedScope === where));

  test('accounts under the scope\'s OU (and its sub-OUs) or named by id are inside; every other selected account is outside', async () => {
    const named = org.accountsIn.security[0] ?? '';
    const { queueUrl, counter, handler } = await setup({ enforcedScope: `${org.ous.prod}, ${named}` });
    const result = await handler(scheduledEvent('scoped'), { awsRequestId: 'scoped' });
    const messages = await drainQueue(moto, queueUrl);
    const selected = without(org.all, org.suspended, org.excluded);
    const inside = sorted([...org.accountsIn.prod, ...org.accountsIn.prodEu, named].filter((id) => selected.includes(id)));
    expect(scopeOf(messages, 'inside')).toEqual(inside);
    expect(scopeOf(messages, 'outside')).toEqual(sorted(selected.filter((id) => !inside.includes(id))));
    expect(result.outsideEnforcedScope).toBe(selected.length - inside.length);
    // The scope's subtree (Prod and ProdEU) is listed once: ListAccountsForParent per OU and page (Prod's 22 accounts are
    // two pages of 20), one ListOrganizationalUnitsForParent per OU.
    expect(counter.counts.get('Organizations.ListAccountsForParent')).toBe(3);
    expect(counter.counts.get('Organizations.ListOrganizationalUnitsForParent')).toBe(2);
    // Audit mode for the outside accounts is the rotation function's to add; the inventory never sets dryrun for it.
    expect(messages.some((message) => message.dryrun !== undefined)).toBe(false);
  });

  test('account ids only: no OU is listed; a root id puts everything inside; an empty scope adds nothing to the requests', async () => {
    const one = org.accountsIn.dev[0] ?? '';
    const ids = await setup({ enforcedScope: one });
    await ids.handler({}, { awsRequestId: 'ids' });
    expect(scopeOf(await drainQueue(moto, ids.queueUrl), 'inside')).toEqual([one]);
    expect(ids.counter.counts.get('Organizations.ListAccountsForParent')).toBeUndefined();

    const root = await setup({ enforcedScope: org.rootId });
    await root.handler({}, { awsRequestId: 'root-scope' });
    expect(scopeOf(await drainQueue(moto, root.queueUrl), 'outside')).toEqual([]);

    const none = await setup();
    await none.handler({}, { awsRequestId: 'no-scope' });
    expect((await drainQueue(moto, none.queueUrl)).some((message) => 'enforcedScope' in message)).toBe(false);
  });

  test('a malformed EnforcedScope stops the function naming ENFORCED_SCOPE', async () => {
    await expect(setup({ enforcedScope: 'ou-bad, 1234' })).rejects.toThrow(/^ENFORCED_SCOPE: must be account ids/);
  });
});

describe('a listing failure fails the run and enqueues nothing', () => {
  test('ListAccounts failing on its second page', async () => {
    const { queueUrl, counter, handler, logLines } = await setup({}, [failNthCall('ListAccounts', 2)]);
    const run = handler(scheduledEvent('fails'), { awsRequestId: 'fails' });
    await expect(run).rejects.toBeInstanceOf(OrganizationListingError);
    await expect(run).rejects.toThrow(/ListAccounts failed: ServiceException/);
    expect(counter.counts.get('SQS.SendMessageBatch')).toBeUndefined();
    expect(await drainQueue(moto, queueUrl)).toEqual([]);
    expect(logLines().some((line) => line.level === 'ERROR' && String(line.message).includes('nothing enqueued'))).toBe(true);
  });

  test('ListAccountsForParent failing deep in the OU tree, after other OUs listed fine', async () => {
    const { queueUrl, counter, handler } = await setup({ organizationalUnits: org.ous.workloads }, [
      failNthCall('ListAccountsForParent', 5),
    ]);
    await expect(handler({}, { awsRequestId: 'deep-fail' })).rejects.toThrow(OrganizationListingError);
    expect(counter.counts.get('Organizations.ListAccountsForParent')).toBe(5);
    expect(counter.counts.get('SQS.SendMessageBatch')).toBeUndefined();
    expect(await drainQueue(moto, queueUrl)).toEqual([]);
  });

  test('ListOrganizationalUnitsForParent failing (FaultInjector)', async () => {
    const faults = new FaultInjector('AccessDeniedException').failNext('ListOrganizationalUnitsForParent');
    const { queueUrl, handler } = await setup({ organizationalUnits: org.ous.workloads }, [faults.plugin]);
    await expect(handler({}, { awsRequestId: 'ou-fail' })).rejects.toThrow(/ListOrganizationalUnitsForParent \(ou-.*\) failed: AccessDeniedException/);
    expect(faults.injected).toEqual(['ListOrganizationalUnitsForParent']);
    expect(await drainQueue(moto, queueUrl)).toEqual([]);
  });

  test('the list-accounts role cannot be assumed', async () => {
    const faults = new FaultInjector('AccessDenied').failNext('AssumeRole');
    const { queueUrl, counter, handler } = await setup({}, [faults.plugin]);
    await expect(handler({}, { awsRequestId: 'no-role' })).rejects.toBeInstanceOf(AssumeListRoleError);
    expect(counter.counts.get('Organizations.ListAccounts')).toBeUndefined();
    expect(await drainQueue(moto, queueUrl)).toEqual([]);
  });
});

describe('SendMessageBatch partial failures', () => {
  test('failed entries are retried alone until they land, and every account arrives exactly once', async () => {
    // Every seventh account fails on its first try; the first of them on its second try too.
    const victims = new Set(without(org.all, org.suspended, org.excluded).filter((_, index) => index % 7 === 0));
    const twice = [...victims][0];
    const tries = new Map<string, number>();
    const failing = new FailingBatchEntries((_call, id) => {
      const attempt = (tries.get(id) ?? 0) + 1;
      tries.set(id, attempt);
      return victims.has(id) && (attempt === 1 || (attempt === 2 && id === twice)) ? INTERNAL_ERROR : undefined;
    });
    const { queueUrl, handler } = await setup({}, [failing.plugin], { retry: { ...NO_WAIT, concurrency: 1 } });
    const result = await handler({}, { awsRequestId: 'retry' });

    const messages = await drainQueue(moto, queueUrl);
    expect(messages).toHaveLength(43);
    expect(accountsOf(messages)).toEqual(sorted(without(org.all, org.suspended, org.excluded)));
    expect(result.enqueued).toBe(43);
    // Retries carry only entries that had failed: never one that already landed.
    const retries = failing.calls.filter((ids) => ids.every((id) => victims.has(id)));
    expect(failing.calls).toHaveLength(5 + retries.length);
    expect(sorted(new Set(retries.flat()))).toEqual(sorted(victims));
    expect(retries.flat().filter((id) => id === twice)).toHaveLength(2);
    expect([...tries.values()].filter((count) => count > 1)).toHaveLength(victims.size);
  });

  test('entries that keep failing end the run with EnqueueError naming them, after the others were enqueued', async () => {
    const stubborn = org.accountsIn.security[0] as string;
    const rejected = org.accountsIn.security[1] as string;
    const failing = new FailingBatchEntries((_call, id) => {
      if (id === stubborn) return INTERNAL_ERROR;
      if (id === rejected) return SENDER_FAULT;
      return undefined;
    });
    const sleeps: number[] = [];
    const { queueUrl, handler } = await setup({}, [failing.plugin], {
      retry: { sleep: async (ms) => void sleeps.push(ms), maxAttempts: 4 },
    });
    const run = handler({}, { awsRequestId: 'stubborn' });
    await expect(run).rejects.toBeInstanceOf(EnqueueError);
    const error = (await run.catch((e: unknown) => e)) as EnqueueError;
    expect(sorted(error.failed.map((entry) => entry.account))).toEqual(sorted([stubborn, rejected]));
    expect(error.enqueued).toBe(41);
    expect(error.message).toContain(stubborn);
    // Four attempts of the stubborn entry; the sender fault is never retried.
    expect(failing.calls.filter((ids) => ids.includes(stubborn))).toHaveLength(4);
    expect(failing.calls.filter((ids) => ids.includes(rejected))).toHaveLength(1);
    expect(sleeps).toHaveLength(3);
    expect(accountsOf(await drainQueue(moto, queueUrl))).toEqual(sorted(without(org.all, org.suspended, org.excluded, stubborn, rejected)));
  });
});

describe('console events', () => {
  test('{"accounts": [...], "dryrun": true} narrows the run, reports unknown ids, and passes dry run on', async () => {
    const [a, b] = org.accountsIn.prod as [string, string];
    const unknown = '999999999999';
    const { queueUrl, handler, logLines } = await setup();
    const result = await handler(
      { accounts: [a, b, a, org.suspended, org.excluded, unknown], dryrun: true },
      { awsRequestId: 'console-1' },
    );

    const messages = await drainQueue(moto, queueUrl);
    expect(accountsOf(messages)).toEqual(sorted([a, b]));
    for (const message of messages) {
      expect(message).toMatchObject({ dryrun: true, runId: 'console-1', expectedAccounts: 2 });
    }
    expect(result).toEqual({
      runId: 'console-1',
      source: 'console',
      dryrun: true,
      found: 45,
      skipped: { notRequested: 41, inactive: 1, excluded: 1, notIncluded: 0 },
      enqueued: 2,
      requestedNotFound: [unknown],
    });
    expect(logLines().some((line) => line.level === 'WARN' && JSON.stringify(line.accounts) === JSON.stringify([unknown]))).toBe(true);
  });

  test('"dryrun": "True" as a string is accepted; without dryrun no message carries it', async () => {
    const [a] = org.accountsIn.dev as [string];
    const withString = await setup();
    await withString.handler({ accounts: [a], dryrun: 'True' }, { awsRequestId: 'c2' });
    expect((await drainQueue(moto, withString.queueUrl)).map((m) => m.dryrun)).toEqual([true]);

    const without = await setup();
    await without.handler({ accounts: [a], dryrun: false }, { awsRequestId: 'c3' });
    const [message] = await drainQueue(moto, without.queueUrl);
    expect(message).toBeDefined();
    expect(message).not.toHaveProperty('dryrun');
  });

  test.each([
    [{ accounts: ['12345'] }, 'accounts[0]'],
    [{ accounts: [] }, 'accounts'],
    [{ accounts: '111122223333' }, 'accounts'],
    [{ acounts: ['111122223333'] }, 'acounts'],
    [{ account: '111122223333' }, 'account'],
    [{ dryrun: 'yes' }, 'dryrun'],
    ['run everything', 'event'],
    [[1, 2], 'event'],
  ])('bad event %j fails naming %s and makes no AWS call', async (event, field) => {
    const { queueUrl, counter, handler } = await setup();
    const run = handler(event, { awsRequestId: 'bad' });
    await expect(run).rejects.toBeInstanceOf(InventoryEventError);
    await expect(run).rejects.toMatchObject({ field });
    expect(counter.total).toBe(0);
    expect(await drainQueue(moto, queueUrl)).toEqual([]);
  });
});
