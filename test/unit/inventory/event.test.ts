import { InventoryEventError } from '../../../functions/inventory/errors';
import { isScheduledEvent, parseInventoryEvent } from '../../../functions/inventory/event';

const SCHEDULED = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {},
};

function eventError(event: unknown): InventoryEventError {
  try {
    parseInventoryEvent(event, 'req');
  } catch (error) {
    if (error instanceof InventoryEventError) return error;
    throw error;
  }
  throw new Error('expected an InventoryEventError');
}

describe('inventory events', () => {
  test('a scheduled EventBridge event is a normal run whose runId is the event id', () => {
    expect(isScheduledEvent(SCHEDULED)).toBe(true);
    expect(parseInventoryEvent(SCHEDULED, 'req')).toEqual({ source: 'schedule', dryrun: false, runId: SCHEDULED.id });
  });

  test('a scheduled event without an id falls back to the request id', () => {
    expect(parseInventoryEvent({ 'detail-type': 'Scheduled Event' }, 'req-7').runId).toBe('req-7');
  });

  test.each([undefined, null, {}])('%p is a console run of every account', (event) => {
    expect(parseInventoryEvent(event, 'req')).toEqual({ source: 'console', dryrun: false, runId: 'req' });
  });

  test('accounts narrow the run, deduplicated; dryrun accepts booleans and true/false strings in any case', () => {
    expect(parseInventoryEvent({ accounts: ['111122223333', '111122223333', '444455556666'], dryrun: 'TRUE' }, 'req')).toEqual({
      source: 'console',
      accounts: ['111122223333', '444455556666'],
      dryrun: true,
      runId: 'req',
    });
    expect(parseInventoryEvent({ dryrun: 'false' }, 'req').dryrun).toBe(false);
    expect(parseInventoryEvent({ dryrun: true }, 'req').dryrun).toBe(true);
  });

  test.each([
    [{ accounts: ['111122223333', '1111-2222-3333'] }, 'accounts[1]', /12-digit/],
    [{ accounts: ['111122223333', 111122223333] }, 'accounts[1]', /string/],
    [{ accounts: [] }, 'accounts', /at least one/],
    [{ accounts: null }, 'accounts', /list/],
    [{ dryrun: 1 }, 'dryrun', /true or false/],
    [{ dryrun: 'yes' }, 'dryrun', /true or false/],
    [{ acounts: ['111122223333'] }, 'acounts', /unknown field/],
    [{ account: '111122223333', name: 'x' }, 'account', /"accounts": \[/],
    [{ key1: 'value1', key2: 'value2' }, 'key1', /unknown field/],
    ['111122223333', 'event', /JSON object/],
    [['111122223333'], 'event', /JSON object/],
    [42, 'event', /JSON object/],
  ])('%j is rejected naming %s', (event, field, problem) => {
    const error = eventError(event);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}: `));
    expect(error.message).toMatch(problem);
  });
});
