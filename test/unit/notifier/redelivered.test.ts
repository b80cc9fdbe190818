import type { NotificationMessage, ResultAction, ResultUser } from '../../../functions/core/messages/notification';
import { digestDecision } from '../../../functions/notifier/cadence/cadence';
import { deliveryDetail, redeliveryTodo } from '../../../functions/notifier/content/deliveries';
import { todos } from '../../../functions/notifier/content/todo';
import { parseNotificationMessage } from '../../../functions/notifier/message-schema';
import { repeatsOf } from '../../../functions/notifier/once/repeats';
import { renderTemplate } from '../../../functions/notifier/render';
import { messageSubject } from '../../../functions/notifier/subjects';
import { ENFORCEMENT_TEMPLATE, TEXT_TEMPLATE } from '../../../functions/notifier/templates/builtin';
import { digestValues, messageValues } from '../../../functions/notifier/values';
import { adminMessage, SENDER } from './admin-message';

/**
 * Issue 21: a delivery that failed at an earlier run and reached its target at
 * this one (a DELIVER action) is told to the key's owner, who was asked to fix
 * the target; and said once in the admin's digest.
 */
const NOW = '2026-12-08T06:00:00.000Z';
const AT = '2026-12-08T06:00:03.000Z';

const deliver = (over: Partial<ResultAction> = {}): ResultAction => ({
  type: 'DELIVER',
  keyId: 'AKIANEWKEY0000000001',
  reason: 'DELIVERY_RETRIED',
  severity: 'INFO',
  dueAt: NOW,
  outcome: 'DONE',
  deliveries: [{ target: 'GitHub acme/etl', kind: 'github', delivered: true, at: AT }],
  ...over,
});

/** The old key switched off in the same run, at the end of a DELIVERY_PENDING postponement that began on 1 December. */
const retired = (over: Partial<ResultAction> = {}): ResultAction => ({
  type: 'DEACTIVATE',
  keyId: 'AKIAOLDKEY0000000001',
  reason: 'DEACTIVATION_DUE',
  severity: 'INFO',
  dueAt: '2026-12-01T06:00:00.000Z',
  outcome: 'DONE',
  inUse: false,
  ...over,
});

function ownerMessage(users: readonly ResultUser[], over: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    version: 1,
    recipient: { email: 'data-team@example.com', role: 'OWNER' },
    accountId: '111122223333',
    accountName: 'Workloads',
    dryRun: false,
    generatedAt: NOW,
    settings: { rotationPeriodDays: 90, inactiveBufferDays: 7, recoveryGracePeriodDays: 10 },
    users,
    failures: [],
    ...over,
  };
}

describe("the owner's line about a delivery made at a later run", () => {
  test('names the key, every target reached, the time and the day, and that nothing is left to copy', () => {
    expect(redeliveryTodo('etl', deliver(), undefined)).toEqual({
      level: 'info',
      text: "etl's new key AKIANEWKEY0000000001 reached GitHub acme/etl on a later run, at 06:00 UTC on 8 December 2026. Nothing is left to copy by hand.",
    });
    const two = deliver({ deliveries: [...(deliver().deliveries ?? []), { target: 'GitLab data/etl', kind: 'gitlab', delivered: true, at: AT }] });
    expect(redeliveryTodo('etl', two, undefined).text).toContain('reached GitHub acme/etl and GitLab data/etl on a later run');
  });

  test('a target still failing is named, and the old key is said to stay on: no promise of a switch-off', () => {
    const partial = deliver({ pendingDeliveries: [{ target: 'GitLab data/etl', failure: 'HTTP 502' }] });
    const line = redeliveryTodo('etl', partial, undefined);
    expect(line.text).toBe(
      "etl's new key AKIANEWKEY0000000001 reached GitHub acme/etl on a later run, at 06:00 UTC on 8 December 2026. It still lacks GitLab data/etl (HTTP 502): the old key stays active while a target lacks the new one, and delivery is tried again at every run.",
    );
    expect(line.text).not.toContain('Nothing is left');
    // The table row says both.
    expect(deliveryDetail(partial)).toBe('delivered: GitHub acme/etl; new key not yet at: GitLab data/etl (HTTP 502)');
  });

  test('the old key kept on for the target and switched off in the same run is told with it, in one line', () => {
    const lines = todos(ownerMessage([{ userName: 'etl', actions: [deliver(), retired()] }]));
    expect(lines).toEqual([
      {
        level: 'info',
        text:
          "etl's new key AKIANEWKEY0000000001 reached GitHub acme/etl on a later run, at 06:00 UTC on 8 December 2026. Nothing is left to copy by hand, so the old key AKIAOLDKEY0000000001, " +
          'kept on past 1 December 2026 while a target lacked the new one, was switched off in this run. It is deleted on 18 December 2026; until then your administrator can switch it back on.',
      },
    ]);
  });

  test('an old key due the same day is switched off "as scheduled"', () => {
    const [line] = todos(ownerMessage([{ userName: 'etl', actions: [deliver(), retired({ dueAt: '2026-12-08T00:00:00.000Z' })] }]));
    expect(line?.text).toContain('Nothing is left to copy by hand, and the old key AKIAOLDKEY0000000001 was switched off today, as scheduled.');
  });

  test('an old key switched off while still in use keeps its own CRITICAL line; the delivery line promises nothing about it', () => {
    const lines = todos(ownerMessage([{ userName: 'etl', actions: [deliver(), retired({ inUse: true, reason: 'POSTPONEMENT_ENDED' })] }]));
    expect(lines.map((line) => line.level)).toEqual(['critical', 'info']);
    expect(lines[0]?.text).toContain('was switched off today');
    expect(lines[1]?.text).toMatch(/Nothing is left to copy by hand\.$/);
  });

  test('with the postponement that names the targets still lacking the key in the same mail, they are not named twice', () => {
    const partial = deliver({ pendingDeliveries: [{ target: 'GitLab data/etl', failure: 'HTTP 502' }] });
    const postponed: ResultAction = {
      type: 'POSTPONE',
      keyId: 'AKIAOLDKEY0000000001',
      reason: 'DELIVERY_PENDING',
      severity: 'CRITICAL',
      dueAt: '2026-12-08T00:00:00.000Z',
      deadline: '2026-12-28T00:00:00.000Z',
      outcome: 'DONE',
      pendingDeliveries: [{ target: 'GitLab data/etl', failure: 'HTTP 502' }],
    };
    const lines = todos(ownerMessage([{ userName: 'etl', actions: [partial, postponed] }]));
    expect(lines.map((line) => line.level)).toEqual(['critical', 'info']);
    expect(lines.filter((line) => line.text.includes('GitLab data/etl'))).toHaveLength(1);
    expect(lines[1]?.text).toBe("etl's new key AKIANEWKEY0000000001 reached GitHub acme/etl on a later run, at 06:00 UTC on 8 December 2026. The targets that still lack it are named above.");
  });

  test('when no old key was switched off this run (its date is still ahead), nothing is said about it', () => {
    const [line] = todos(ownerMessage([{ userName: 'etl', actions: [deliver()] }]));
    expect(line?.text).not.toMatch(/switched off|old key/);
  });
});

describe('the mail', () => {
  const HOSTILE = 'GitHub <script>alert("x")</script>&acme/etl';

  test('hostile target names are escaped in the HTML part and printed as they are in the text part', () => {
    const message = ownerMessage([{ userName: 'etl', actions: [deliver({ deliveries: [{ target: HOSTILE, kind: 'github', delivered: true, at: AT }] })] }]);
    const values = messageValues(message, SENDER);
    const html = renderTemplate(ENFORCEMENT_TEMPLATE, values, 'html').output;
    expect(html).not.toContain('<script');
    expect(html).toContain('reached GitHub &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;acme/etl on a later run');
    const text = renderTemplate(TEXT_TEMPLATE, values, 'text').output;
    expect(text).toContain(`reached ${HOSTILE} on a later run`);
  });

  test('is "What happened", not a call to act, and its subject asks for nothing', () => {
    const message = ownerMessage([{ userName: 'etl', actions: [deliver()] }]);
    expect(messageValues(message, SENDER).todo_heading).toBe('What happened');
    expect(messageSubject(message)).toBe('IAM access key rotation: Workloads (111122223333)');
    const text = renderTemplate(TEXT_TEMPLATE, messageValues(message, SENDER), 'text').output;
    expect(text).toContain('Deliver (later run)');
  });

  test('is told every time it happens: a DELIVER is never held back as a repeat', () => {
    expect(repeatsOf(ownerMessage([{ userName: 'etl', actions: [deliver()] }]))).toEqual([]);
  });

  test("passes the notifier's schema check; an unknown action type still does not", () => {
    const message = ownerMessage([{ userName: 'etl', actions: [deliver({ pendingDeliveries: [{ target: 'GitLab data/etl', failure: 'HTTP 502' }] })] }]);
    expect(parseNotificationMessage(JSON.parse(JSON.stringify(message)))).toEqual(message);
    const unknown = JSON.parse(JSON.stringify(message).replace('"DELIVER"', '"REDELIVER"')) as unknown;
    expect(() => parseNotificationMessage(unknown)).toThrow(/type/);
  });
});

describe("the admin's digest says it once", () => {
  const report = adminMessage('111122223333', 'Workloads', [{ userName: 'etl', actions: [deliver(), retired()] }]);
  const values = digestValues({ runId: 'run', reports: [report], expectedAccounts: 1, keyRows: [] }, SENDER);
  const text = renderTemplate(TEXT_TEMPLATE, values, 'text').output;

  test('counted among what was done and among the deliveries, with a row naming the target', () => {
    expect(text).toContain('Done in this run: 1 key switched off, 1 key delivered on a later run.');
    expect(text).toContain('Deliveries: 1 done, 0 failing');
    expect(text).toContain('delivered: GitHub acme/etl');
    expect(text.match(/on a later run/g)).toHaveLength(1);
  });

  test('a run whose only news is a delivery sends the digest: something changed', () => {
    expect(digestDecision({ weekday: 'Monday', reports: [adminMessage('111122223333', 'Workloads', [{ userName: 'etl', actions: [deliver()] }])], expectedAccounts: 1 })).toEqual({ send: true, reasons: ['changed'] });
  });
});
