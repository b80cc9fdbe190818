import type { NotificationMessage } from '../../../functions/core/messages/notification';
import { parseNotificationMessage } from '../../../functions/notifier/message-schema';
import { renderTemplate } from '../../../functions/notifier/render';
import { ENFORCEMENT_TEMPLATE, TEXT_TEMPLATE } from '../../../functions/notifier/templates/builtin';
import { messageValues } from '../../../functions/notifier/values';

const SENDER = { senderEmail: 'admin@example.com', partition: 'aws', region: 'us-east-1' };

/** A message with every field issue 11 added, as the rotation function puts it on the queue. */
const MESSAGE: NotificationMessage = {
  version: 1,
  recipient: { email: 'admin@example.com', role: 'ADMIN' },
  accountId: '111122223333',
  accountName: 'Workloads',
  dryRun: false,
  generatedAt: '2026-03-01T06:00:00.000Z',
  settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
  users: [
    {
      userName: 'app',
      actions: [
        {
          type: 'POSTPONE',
          keyId: 'AKIAOLD',
          reason: 'KEY_IN_USE',
          severity: 'CRITICAL',
          dueAt: '2026-03-01T00:00:00.000Z',
          outcome: 'DONE',
          inUse: true,
          lastUse: { at: '2026-03-01T03:12:00.000Z', service: 's3', region: 'eu-west-1' },
          deadline: '2026-03-21T00:00:00.000Z',
        },
      ],
    },
    {
      userName: 'mailer',
      actions: [
        {
          type: 'ROTATE',
          keyId: 'AKIAMAIL',
          reason: 'ROTATION_DUE',
          severity: 'INFO',
          dueAt: '2026-03-01T00:00:00.000Z',
          outcome: 'DONE',
          newKeyId: 'AKIANEWMAIL',
          secretName: 'Account_111122223333_User_mailer_AccessKey',
          smtpRegions: ['eu-west-1', 'us-east-1'],
        },
      ],
    },
    {
      userName: 'alice',
      actions: [
        { type: 'REACTIVATE', keyId: 'AKIAALICE', reason: 'REACTIVATION_REQUESTED', severity: 'WARNING', dueAt: '2026-03-01T06:00:00.000Z', outcome: 'DONE', holdUntil: '2026-03-11T06:00:00.000Z' },
      ],
    },
  ],
  held: [{ userName: 'bob', until: '2026-03-05T00:00:00.000Z' }],
  notes: ['carol: IAMKeyRotationPeriod=120 is longer than RotationPeriod (90 days) and is ignored: the tag can only shorten it'],
  failures: [],
};

describe('the notifier accepts and shows the lifecycle\'s fields (issue 11), one plain line each', () => {
  test('the message schema accepts them (round trip)', () => {
    expect(parseNotificationMessage(JSON.parse(JSON.stringify(MESSAGE)))).toEqual(MESSAGE);
  });

  test('last use, postponement deadline, hold, SMTP passwords, held users and notes reach the text and HTML parts', () => {
    const text = renderTemplate(TEXT_TEMPLATE, messageValues(MESSAGE, SENDER), 'text').output;
    expect(text).toContain('CRITICAL: Postpone deactivation, due 2026-03-01, Postponed');
    expect(text).toContain('the key is IN USE; last used 2026-03-01 03:12 UTC by s3 in eu-west-1; deactivated by 2026-03-21 at the latest, in use or not');
    expect(text).toContain('the SES SMTP password changed: the new ones (eu-west-1, us-east-1) are in the same secret, field SmtpPasswords');
    expect(text).toContain('Reactivate, due 2026-03-01, Done (the operator asked to reactivate the key this tool deactivated; on hold (no change to this user) until 2026-03-11 06:00 UTC)');
    expect(text).toContain('NOTES\nbob is on hold until 2026-03-05 00:00 UTC (tag IAMKeyRotationHold): nothing is done to its keys until then\ncarol: IAMKeyRotationPeriod=120');
    const html = renderTemplate(ENFORCEMENT_TEMPLATE, messageValues(MESSAGE, SENDER), 'html').output;
    expect(html).toContain('>Notes</div>');
    expect(html).toContain('last used 2026-03-01 03:12 UTC by s3 in eu-west-1');
  });

  test('an account outside EnforcedScope says so where the mode is shown', () => {
    const outside = { ...MESSAGE, dryRun: true, auditReason: 'OUTSIDE_ENFORCED_SCOPE' as const };
    expect(messageValues(outside, SENDER).mode_label).toBe('Audit mode: this account is outside EnforcedScope (staged rollout), so nothing was changed.');
    expect(messageValues({ ...MESSAGE, dryRun: true }, SENDER).mode_label).toBe('Audit mode (dry run): nothing was changed.');
  });
});
