import { InventoryEventError } from '../../../functions/inventory/errors';
import { parseInventoryEvent, type InventoryOrigin } from '../../../functions/inventory/event';
import { scheduledEvent } from '../../harness/scheduled-event';

const ACCOUNT = '123456789012';

const SCHEDULED = scheduledEvent({ account: ACCOUNT }) as { id: string; resources: string[] } & Record<string, unknown>;

const RULE = SCHEDULED.resources[0] ?? '';

const ORIGIN: InventoryOrigin = {
  region: 'us-east-1',
  context: { awsRequestId: 'req', invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:inventory` },
};

async function eventError(event: unknown, origin: InventoryOrigin = ORIGIN): Promise<InventoryEventError> {
  const error = await parseInventoryEvent(event, origin).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error instanceof InventoryEventError) return error;
  throw new Error(`expected an InventoryEventError, got ${String(error)}`);
}

describe('the scheduled event', () => {
  test("the rule's event is a normal run whose runId is the event id", async () => {
    expect(await parseInventoryEvent(SCHEDULED, ORIGIN)).toEqual({ source: 'schedule', dryrun: false, runId: SCHEDULED.id });
  });

  test('a replayed scheduled event (replay-name, from an EventBridge archive) is the schedule too', async () => {
    expect(await parseInventoryEvent({ ...SCHEDULED, 'replay-name': 'catch-up' }, ORIGIN)).toMatchObject({ source: 'schedule' });
  });

  test('without an invoked ARN (an in-process call) the account is not compared, the rest still is', async () => {
    expect(await parseInventoryEvent(SCHEDULED, { region: 'us-east-1', context: undefined })).toMatchObject({ source: 'schedule' });
  });

  const { id: _id, ...withoutId } = SCHEDULED;
  const { resources: _resources, ...withoutResources } = SCHEDULED;
  test.each([
    ['an extra field', { ...SCHEDULED, accounts: ['111122223333'] }, 'accounts', /unknown field/],
    ['a dry-run flag smuggled in', { ...SCHEDULED, dryrun: true }, 'dryrun', /unknown field/],
    ['detail with content', { ...SCHEDULED, detail: { accounts: ['111122223333'] } }, 'detail.accounts', /unknown field/],
    ['detail that is not an object', { ...SCHEDULED, detail: 'x' }, 'detail', /must be \{\}/],
    ['no id', withoutId, 'id', /./],
    ['an id that cannot name a run', { ...SCHEDULED, id: '../../Template/x' }, 'id', /event id/],
    ['another version', { ...SCHEDULED, version: '1' }, 'version', /"0"/],
    ['a time that is not one', { ...SCHEDULED, time: 'yesterday' }, 'time', /./],
    ['no resources', withoutResources, 'resources', /rule/],
    ['two resources', { ...SCHEDULED, resources: [RULE, RULE] }, 'resources', /exactly the one rule/],
    ['a resource that is no rule', { ...SCHEDULED, resources: [`arn:aws:lambda:us-east-1:${ACCOUNT}:function:x`] }, 'resources[0]', /rule ARN/],
    ['another account', { ...SCHEDULED, account: '111122223333', resources: [RULE.replace(ACCOUNT, '111122223333')] }, 'account', /this function's account 123456789012/],
    ['another region', { ...SCHEDULED, region: 'eu-west-1', resources: [RULE.replace('us-east-1', 'eu-west-1')] }, 'region', /this function's region us-east-1/],
    ["a rule of another account than the event's", { ...SCHEDULED, resources: [RULE.replace(ACCOUNT, '111122223333')] }, 'resources[0]', /event's account and region/],
  ])('%s is rejected, naming the field', async (_, event, field, problem) => {
    const error = await eventError(event);
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(error.message).toMatch(problem);
  });
});

describe('console events', () => {
  test.each([undefined, null, {}])('%p is a console run of every account, with the request id as runId', async (event) => {
    expect(await parseInventoryEvent(event, ORIGIN)).toEqual({ source: 'console', dryrun: false, runId: 'req' });
  });

  test('accounts narrow the run, deduplicated; dryrun accepts booleans and true/false strings in any case', async () => {
    expect(await parseInventoryEvent({ accounts: ['111122223333', '111122223333', '444455556666'], dryrun: 'TRUE' }, ORIGIN)).toEqual({
      source: 'console',
      accounts: ['111122223333', '444455556666'],
      dryrun: true,
      runId: 'req',
    });
    expect((await parseInventoryEvent({ dryrun: 'false' }, ORIGIN)).dryrun).toBe(false);
    expect((await parseInventoryEvent({ dryrun: true }, ORIGIN)).dryrun).toBe(true);
  });

  test('without a Lambda context the run still gets an id of its own', async () => {
    const { runId } = await parseInventoryEvent({}, { region: 'us-east-1', context: undefined });
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test.each([
    // Issue 10: this event used to pass for the schedule and queue the whole Organization with dry run off.
    [{ accounts: ['111122223333'], dryrun: true, 'detail-type': 'x' }, 'detail-type', /unknown field.*only the schedule rule's own event/],
    [{ 'detail-type': 'Scheduled Event' }, 'detail-type', /unknown field/],
    [{ source: 'aws.events' }, 'source', /unknown field/],
    [{ source: 'aws.events', 'detail-type': 'Scheduled Event Spoof', detail: {} }, 'source', /unknown field/],
    [{ accounts: ['111122223333', '1111-2222-3333'] }, 'accounts[1]', /12-digit/],
    [{ accounts: ['111122223333', 111122223333] }, 'accounts[1]', /string/],
    [{ accounts: [] }, 'accounts', /at least one/],
    [{ accounts: null }, 'accounts', /list/],
    [{ accounts: '111122223333' }, 'accounts', /list/],
    [{ dryrun: 1 }, 'dryrun', /true or false/],
    [{ dryrun: 'yes' }, 'dryrun', /true or false/],
    [{ acounts: ['111122223333'] }, 'acounts', /unknown field/],
    [{ accounts: ['bad'], typo: 1 }, 'typo', /unknown field/],
    [{ account: '111122223333', name: 'x' }, 'account', /"accounts": \[/],
    [{ key1: 'value1', key2: 'value2' }, 'key1', /unknown field/],
    [{ Records: [] }, 'Records', /unknown field/],
    ['111122223333', 'event', /JSON object/],
    [['111122223333'], 'event', /JSON object/],
    [42, 'event', /JSON object/],
    [true, 'event', /JSON object/],
  ])('%j is rejected naming %s', async (event, field, problem) => {
    const error = await eventError(event);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}: `));
    expect(error.message).toMatch(problem);
  });
});
