import { parseNotifierEvent } from '../../../functions/notifier/event';
import { parseNotificationMessage } from '../../../functions/notifier/message-schema';

const PAYLOAD = {
  email: 'owner@example.com',
  subject: 'Test',
  email_template: 'iam-auto-key-rotation-enforcement.html',
  template_values: {
    account_id: '111122223333',
    account_name: 'Workload',
    timestamp: '2026-11-28T09:00:00Z',
    actions: ['a', 'b'],
    rotation_period: 90,
    installation_grace_period: '10',
    recovery_grace_period: 10,
    partition_name: 'aws',
  },
};

describe('console payload', () => {
  test('the classic payload is accepted; numbers become text, extra values of a custom template are kept', () => {
    const event = parseNotifierEvent({ ...PAYLOAD, template_values: { ...PAYLOAD.template_values, team: 'platform' } });
    expect(event).toEqual({
      kind: 'console',
      notification: {
        to: ['owner@example.com'],
        subject: 'Test',
        templateName: 'iam-auto-key-rotation-enforcement.html',
        values: { ...PAYLOAD.template_values, rotation_period: '90', recovery_grace_period: '10', team: 'platform' },
      },
    });
  });

  test('a list of addresses is accepted and deduplicated', () => {
    const event = parseNotifierEvent({ ...PAYLOAD, email: ['a@example.com', 'b@example.com', 'a@example.com'] });
    expect(event.kind === 'console' && event.notification.to).toEqual(['a@example.com', 'b@example.com']);
  });

  test.each([
    [{ ...PAYLOAD, email: undefined }, 'email'],
    [{ ...PAYLOAD, email: 'not-an-address' }, 'email'],
    [{ ...PAYLOAD, email_template: '../../etc/passwd.html' }, 'email_template'],
    [{ ...PAYLOAD, subject: '' }, 'subject'],
    [{ ...PAYLOAD, emial: 'x@example.com' }, 'emial'],
    [{ ...PAYLOAD, template_values: undefined }, 'template_values'],
    [{ ...PAYLOAD, template_values: { ...PAYLOAD.template_values, account_id: '1234' } }, 'template_values.account_id'],
    [{ ...PAYLOAD, template_values: { ...PAYLOAD.template_values, actions: 'one' } }, 'template_values.actions'],
    [{ ...PAYLOAD, template_values: { ...PAYLOAD.template_values, actions: ['ok', 3] } }, 'template_values.actions[1]'],
    [{ ...PAYLOAD, template_values: { ...PAYLOAD.template_values, rotation_period: 'soon' } }, 'template_values.rotation_period'],
    [{ ...PAYLOAD, template_values: { ...PAYLOAD.template_values, extra: { nested: true } } }, 'template_values.extra'],
  ])('a bad payload names the field (%#)', (event, field) => {
    expect(() => parseNotifierEvent(event)).toThrow(expect.objectContaining({ name: 'NotifierEventError', field }));
  });

  test.each([null, 'text', [1], 42])('%p is not an event', (event) => {
    expect(() => parseNotifierEvent(event)).toThrow(expect.objectContaining({ field: 'event' }));
  });
});

describe('SQS batch', () => {
  test('records from another source are refused, naming the record', () => {
    expect(() => parseNotifierEvent({ Records: [{ eventSource: 'aws:sqs', messageId: '1', body: '{}' }, { eventSource: 'aws:sns' }] })).toThrow(
      expect.objectContaining({ field: 'Records[1].eventSource' }),
    );
  });

  test('an SQS batch is passed on record by record (bodies are checked per message)', () => {
    const event = parseNotifierEvent({ Records: [{ eventSource: 'aws:sqs', messageId: '1', body: 'anything' }] });
    expect(event.kind).toBe('sqs');
  });
});

describe('NotificationMessage', () => {
  const valid = {
    version: 1,
    recipient: { email: 'a@example.com', role: 'ADMIN' },
    accountId: '111122223333',
    dryRun: false,
    generatedAt: '2026-11-28T09:00:00Z',
    runId: 'run-1',
    expectedAccounts: 3,
    settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
    users: [],
    failures: [],
  };

  test('a valid message passes, unknown extra fields included (newer rotation functions)', () => {
    expect(parseNotificationMessage({ ...valid, addedLater: true })).toMatchObject({ runId: 'run-1' });
  });

  test.each([
    [{ ...valid, version: 2 }, 'version'],
    [{ ...valid, recipient: { email: 'x', role: 'ADMIN' } }, 'recipient.email'],
    [{ ...valid, recipient: { email: 'a@example.com', role: 'BOSS' } }, 'recipient.role'],
    [{ ...valid, runId: '../../Template/x' }, 'runId'],
    [{ ...valid, expectedAccounts: 0 }, 'expectedAccounts'],
    [{ ...valid, users: [{ userName: 'u', actions: [{ type: 'EXPLODE' }] }] }, 'users[0].actions[0].type'],
    [{ ...valid, generatedAt: 'yesterday' }, 'generatedAt'],
  ])('a bad message names the field (%#)', (input, field) => {
    expect(() => parseNotificationMessage(input)).toThrow(expect.objectContaining({ name: 'NotificationMessageError', field }));
  });
});
