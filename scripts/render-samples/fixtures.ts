import type { NotificationMessage, ReportedAction, ReportedUser } from '../../functions/core/messages/notification';

/**
 * The made-up Organization the sample mails describe: three accounts on the
 * morning of 6 January 2026, with the default settings. Fixed values, so the
 * screenshots in docs/ change only when the rendering does.
 */
export const SAMPLE_NOW = '2026-01-06T06:00:00.000Z';
export const SAMPLE_ADMIN = 'security-admin@example.com';
export const SAMPLE_REGION = 'us-east-1';
export const WORKLOADS = { id: '111122223333', name: 'Workloads' } as const;
export const SECURITY = { id: '444455556666', name: 'Security' } as const;
export const SANDBOX = { id: '777788889999', name: 'Sandbox' } as const;

const SETTINGS = { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 } as const;
type Account = { readonly id: string; readonly name: string };

function secretName(account: Account, user: string): string {
  return `Account_${account.id}_User_${user}_AccessKey`;
}

export function rotatedUser(account: Account, userName: string, oldKey: string, newKey: string, extra: Partial<ReportedAction> = {}): ReportedUser {
  return {
    userName,
    actions: [
      {
        type: 'ROTATE',
        keyId: oldKey,
        reason: 'ROTATION_DUE',
        severity: 'INFO',
        dueAt: '2026-01-06T00:00:00.000Z',
        outcome: 'DONE',
        newKeyId: newKey,
        secretName: secretName(account, userName),
        secretArn: `arn:aws:secretsmanager:${SAMPLE_REGION}:${account.id}:secret:${secretName(account, userName)}-Qx7LmA`,
        ...extra,
      },
    ],
  };
}

export const POSTPONED_USER: ReportedUser = {
  userName: 'legacy-batch',
  actions: [
    {
      type: 'POSTPONE',
      keyId: 'AKIAQ3EGLEGACY7BATCH',
      reason: 'KEY_IN_USE',
      severity: 'CRITICAL',
      dueAt: '2026-01-06T00:00:00.000Z',
      outcome: 'DONE',
      inUse: true,
      lastUse: { at: '2026-01-06T05:12:00.000Z', service: 'sts', region: 'eu-west-1' },
      deadline: '2026-01-26T00:00:00.000Z',
    },
  ],
};

export const REMINDED_USER: ReportedUser = {
  userName: 'report-job',
  actions: [
    {
      type: 'WARN',
      keyId: 'AKIAQ3EGREPORTJOB01X',
      reason: 'DEACTIVATION_UPCOMING',
      severity: 'INFO',
      dueAt: '2026-01-13T00:00:00.000Z',
      announces: 'DEACTIVATE',
      milestone: 7,
      outcome: 'PLANNED',
      inUse: true,
      lastUse: { at: '2026-01-05T22:40:00.000Z', service: 's3', region: 'us-east-1' },
    },
  ],
};

export const DELETED_USER: ReportedUser = {
  userName: 'ci-deployer',
  actions: [{ type: 'DELETE', keyId: 'AKIAQ3EGCIDEPLOYER02', reason: 'DELETION_DUE', severity: 'INFO', dueAt: '2026-01-06T00:00:00.000Z', outcome: 'DONE' }],
};

export function message(account: Account, recipient: NotificationMessage['recipient'], users: readonly ReportedUser[], overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    version: 1,
    recipient,
    accountId: account.id,
    accountName: account.name,
    dryRun: false,
    generatedAt: SAMPLE_NOW,
    settings: SETTINGS,
    users,
    failures: [],
    ...overrides,
  };
}

export const owner = (email: string): NotificationMessage['recipient'] => ({ email, role: 'OWNER' });
export const ADMIN_RECIPIENT: NotificationMessage['recipient'] = { email: SAMPLE_ADMIN, role: 'ADMIN' };

/** The Sandbox account stays outside EnforcedScope: what its contact is told enforce mode would do. */
export const SANDBOX_PLAN: readonly ReportedUser[] = [
  {
    userName: 'data-science',
    actions: [{ type: 'ROTATE', keyId: 'AKIAQ3EGDATASCIENCE1', reason: 'ROTATION_DUE', severity: 'INFO', dueAt: '2026-01-02T00:00:00.000Z', outcome: 'PLANNED' }],
  },
  {
    userName: 'old-intern',
    actions: [{ type: 'DELETE', keyId: 'AKIAQ3EGOLDINTERN001', reason: 'LONE_INACTIVE_EXPIRED', severity: 'INFO', dueAt: '2025-12-20T00:00:00.000Z', outcome: 'PLANNED' }],
  },
  {
    userName: 'notebook',
    actions: [
      {
        type: 'DEACTIVATE',
        keyId: 'AKIAQ3EGNOTEBOOK0001',
        reason: 'NEVER_USED',
        severity: 'INFO',
        dueAt: '2026-01-06T00:00:00.000Z',
        outcome: 'PLANNED',
        inUse: false,
      },
    ],
  },
];
