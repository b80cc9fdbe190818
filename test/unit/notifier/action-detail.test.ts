import type { NotificationMessage, ResultAction } from '../../../functions/core/messages/notification';
import { messageValues } from '../../../functions/notifier/values';

const SENDER = { senderEmail: 'admin@example.com', partition: 'aws', region: 'us-east-1' };

const ROTATION: ResultAction = {
  type: 'ROTATE',
  keyId: 'AKIAOLD',
  reason: 'ROTATION_DUE',
  severity: 'INFO',
  dueAt: '2026-03-01T00:00:00.000Z',
  outcome: 'DONE',
  newKeyId: 'AKIANEW',
  secretName: 'Account_111122223333_User_app_AccessKey',
  smtpRegions: ['us-east-1'],
};

function detailOf(action: ResultAction): string {
  const message: NotificationMessage = {
    version: 1,
    recipient: { email: 'admin@example.com', role: 'ADMIN' },
    accountId: '111122223333',
    accountName: 'Workloads',
    dryRun: false,
    generatedAt: '2026-03-01T06:00:00.000Z',
    settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
    users: [{ userName: 'app', actions: [action] }],
    failures: [],
  };
  const rows = messageValues(message, SENDER).action_rows as readonly { detail: string }[];
  return rows[0]?.detail ?? '';
}

describe('the detail line of an action in the table', () => {
  test('a done rotation names the new key, its secret and the SMTP passwords', () => {
    expect(detailOf(ROTATION)).toBe(
      'the key reached the rotation period; new key AKIANEW; stored in secret Account_111122223333_User_app_AccessKey; the SES SMTP password changed: the new ones (us-east-1) are in the same secret, field SmtpPasswords',
    );
  });

  test.each(['ROLLED_BACK', 'FAILED'] as const)('a %s rotation names no new key and no secret: neither exists', (outcome) => {
    const detail = detailOf({ ...ROTATION, outcome, error: 'AccessDeniedException: not authorized to perform secretsmanager:CreateSecret' });
    expect(detail).toBe('the key reached the rotation period; error: AccessDeniedException: not authorized to perform secretsmanager:CreateSecret');
    expect(detail).not.toContain('AKIANEW');
    expect(detail).not.toContain('secret Account_');
  });

  test('a never-used key says so once', () => {
    const detail = detailOf({ type: 'DEACTIVATE', keyId: 'AKIAIDLE', reason: 'NEVER_USED', severity: 'INFO', dueAt: '2026-03-01T00:00:00.000Z', outcome: 'DONE', inUse: false });
    expect(detail).toBe('the key was never used');
  });

  test('a key unused for another reason still says it was never used', () => {
    const detail = detailOf({ type: 'DEACTIVATE', keyId: 'AKIAIDLE', reason: 'DEACTIVATION_DUE', severity: 'INFO', dueAt: '2026-03-01T00:00:00.000Z', outcome: 'DONE', inUse: false });
    expect(detail).toBe('the key was replaced and its buffer has passed; never used');
  });
});
