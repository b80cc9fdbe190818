import { accountRows, type AccountKeys, type KeyRow, type KnownKey } from '../../functions/core/compliance';
import { DEFAULT_LIFECYCLE_SETTINGS, planUser } from '../../functions/core/lifecycle';
import { addDays } from '../../functions/core/lifecycle/time';
import type { NotificationMessage, ResultAction, ResultUser } from '../../functions/core/messages/notification';

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

export function rotatedUser(account: Account, userName: string, oldKey: string, newKey: string, extra: Partial<ResultAction> = {}): ResultUser {
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

export const POSTPONED_USER: ResultUser = {
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

export const REMINDED_USER: ResultUser = {
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

export const DELETED_USER: ResultUser = {
  userName: 'ci-deployer',
  actions: [{ type: 'DELETE', keyId: 'AKIAQ3EGCIDEPLOYER02', reason: 'DELETION_DUE', severity: 'INFO', dueAt: '2026-01-06T00:00:00.000Z', outcome: 'DONE' }],
};

export function message(account: Account, recipient: NotificationMessage['recipient'], users: readonly ResultUser[], overrides: Partial<NotificationMessage> = {}): NotificationMessage {
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
export const SANDBOX_PLAN: readonly ResultUser[] = [
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

const NOW = new Date(SAMPLE_NOW);
const ago = (days: number): Date => addDays(NOW, -days);
const used = (daysAgo: number, service: string, region: string): Pick<KnownKey, 'lastUsedAt' | 'lastUsedService' | 'lastUsedRegion'> => ({
  lastUsedAt: ago(daysAgo),
  lastUsedService: service,
  lastUsedRegion: region,
});
const key = (id: string | null, ageDays: number, extra: Partial<KnownKey> = {}): KnownKey => ({ id, status: 'Active', createdAt: ago(ageDays), ...extra });

/** Every key of the three accounts after the sample run: what the digest's compliance section counts. */
const KEYS: readonly AccountKeys[] = [
  {
    accountId: WORKLOADS.id,
    accountName: WORKLOADS.name,
    users: [
      { userName: 'etl-pipeline', keys: [key('AKIAQ3EGETLPIPELINE1', 90, used(0.5, 's3', 'us-east-1')), key('AKIAQ3EGETLPIPELINE2', 0)] },
      { userName: 'legacy-batch', keys: [key('AKIAQ3EGLEGACY7BATCH', 100, used(0.1, 'sts', 'eu-west-1')), key('AKIAQ3EGLEGACYBATCH2', 10)] },
      { userName: 'report-job', keys: [key('AKIAQ3EGREPORTJOB01X', 93, used(0.3, 's3', 'us-east-1')), key('AKIAQ3EGREPORTJOB02X', 3)] },
      { userName: 'payments-api', leftAlone: { standing: 'held', because: 'tag IAMKeyRotationHold', until: new Date('2026-02-01T00:00:00.000Z') }, keys: [key('AKIAQ3EGPAYMENTSAPI1', 120, used(0.2, 'dynamodb', 'us-east-1'))] },
      { userName: 'app-reader', keys: [key('AKIAQ3EGAPPREADER001', 45, used(1, 's3', 'us-east-1'))] },
      { userName: 'dashboards', keys: [key('AKIAQ3EGDASHBOARDS01', 12, used(0.4, 'cloudwatch', 'us-east-1'))] },
      { userName: 'queue-worker', keys: [key('AKIAQ3EGQUEUEWORKER1', 61, used(0.1, 'sqs', 'us-east-1'))] },
    ],
  },
  {
    accountId: SECURITY.id,
    accountName: SECURITY.name,
    users: [
      { userName: 'ses-mailer', keys: [key('AKIAQ3EGSESMAILER001', 90, used(0.2, 'ses', 'us-east-1')), key('AKIAQ3EGSESMAILER002', 0)] },
      { userName: 'svc-backup', keys: [key('AKIAQ3EGSVCBACKUP001', 40, used(1, 's3', 'eu-west-1'))] },
      { userName: 'break-glass', leftAlone: { standing: 'exempt', because: 'group IAMKeyRotationExemptionGroup' }, keys: [key(null, 800)] },
      { userName: 'auditor', leftAlone: { standing: 'exempt', because: 'tag IAMKeyRotationExempt', until: new Date('2026-03-01T00:00:00.000Z') }, keys: [key(null, 97)] },
    ],
  },
  {
    accountId: SANDBOX.id,
    accountName: SANDBOX.name,
    users: [
      { userName: 'data-science', keys: [key('AKIAQ3EGDATASCIENCE1', 94, used(2, 'sagemaker', 'us-west-2'))] },
      { userName: 'old-intern', keys: [key('AKIAQ3EGOLDINTERN001', 130, { status: 'Inactive' })] },
      { userName: 'notebook', keys: [key('AKIAQ3EGNOTEBOOK0001', 95)] },
      { userName: 'legacy-import', keys: [key('AKIAQ3EGLEGACYIMPORT', 400, used(3, 's3', 'us-east-1'))] },
      { userName: 'hackathon', keys: [key('AKIAQ3EGHACKATHON001', 230, used(30, 'lambda', 'us-east-1'))] },
    ],
  },
];

/** The key rows each account's result carries, made by the compliance module itself (the rotation function's planner, InUseKeyAction Postpone). */
export function sampleKeyRows(): KeyRow[] {
  const context = { settings: { ...DEFAULT_LIFECYCLE_SETTINGS, inUseKeyAction: 'Postpone' as const }, now: NOW, plan: planUser };
  return KEYS.flatMap((account) => accountRows(account, context).map((classified) => classified.row));
}
