import { EMAIL_TEMPLATES } from '../../contract/names';
import type { Logger } from '../../functions/core/log/logger';
import type { NotificationMessage } from '../../functions/core/messages/notification';
import { composeEmail, compileTemplate, digestSubject, messageSubject, type LoadedTemplate, type TemplateMode, BUILT_IN_TEMPLATES, digestValues, messageValues, type DigestInput, type SenderContext } from '../../functions/notifier';
import {
  ADMIN_RECIPIENT,
  DELETED_USER,
  message,
  owner,
  POSTPONED_USER,
  REMINDED_USER,
  rotatedUser,
  SAMPLE_ADMIN,
  SAMPLE_REGION,
  sampleKeyRows,
  SANDBOX,
  SANDBOX_PLAN,
  SECURITY,
  WORKLOADS,
} from './fixtures';

/** One rendered sample mail: what `npm run render-samples` screenshots and `npm test` checks. */
export interface EmailSample {
  /** File name stem: docs/email-<name>.png. */
  readonly name: string;
  /** What the sample shows, for the script's output and the test names. */
  readonly shows: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

const SENDER: SenderContext = { senderEmail: SAMPLE_ADMIN, partition: 'aws', region: SAMPLE_REGION };

/** Template placeholders without a value are a warning in the notifier; in a sample they are a mistake to fix. */
class StrictLogger implements Logger {
  constructor(private readonly sample: string) {}
  debug(): void {}
  info(): void {}
  warn(text: string, fields?: Readonly<Record<string, unknown>>): void {
    throw new Error(`sample ${this.sample}: ${text} ${JSON.stringify(fields ?? {})}`);
  }
  error(text: string, fields?: Readonly<Record<string, unknown>>): void {
    this.warn(text, fields);
  }
  child(): Logger {
    return this;
  }
}

/** The built-in template the notifier falls back to when nothing is uploaded (TemplateStore's default). */
function builtIn(mode: TemplateMode): LoadedTemplate {
  const name = EMAIL_TEMPLATES[mode];
  const source = BUILT_IN_TEMPLATES[name];
  if (source === undefined) throw new Error(`no built-in template ${name}`);
  return { name, origin: 'built-in', template: compileTemplate(source) };
}

/** Rendered as Notifier.sendMessage renders a key owner's or account contact's mail. */
function fromMessage(name: string, shows: string, m: NotificationMessage): EmailSample {
  const email = composeEmail(builtIn(m.dryRun ? 'audit' : 'enforce'), messageValues(m, SENDER), messageSubject(m), [m.recipient.email], new StrictLogger(name));
  return { name, shows, ...email };
}

/** Rendered as Notifier.sendDigest renders the admin digest. */
function fromDigest(name: string, shows: string, digest: DigestInput): EmailSample {
  const dryRun = digest.reports.every((report) => report.dryRun);
  const email = composeEmail(builtIn(dryRun ? 'audit' : 'enforce'), digestValues(digest, SENDER), digestSubject(digest), [SAMPLE_ADMIN], new StrictLogger(name));
  return { name, shows, ...email };
}

function accountResults(): NotificationMessage[] {
  return [
    message(WORKLOADS, ADMIN_RECIPIENT, [rotatedUser(WORKLOADS, 'etl-pipeline', 'AKIAQ3EGETLPIPELINE1', 'AKIAQ3EGETLPIPELINE2'), POSTPONED_USER, REMINDED_USER], {
      held: [{ userName: 'payments-api', until: '2026-01-31T23:59:59.000Z' }],
    }),
    message(SECURITY, ADMIN_RECIPIENT, [DELETED_USER, rotatedUser(SECURITY, 'ses-mailer', 'AKIAQ3EGSESMAILER001', 'AKIAQ3EGSESMAILER002', { smtpRegions: ['us-east-1', 'eu-west-1'] })], {
      notes: ['svc-backup: tag IAMKeyRotationPeriod = "120" is ignored: it is longer than RotationPeriod (90 days)'],
    }),
    message(SANDBOX, ADMIN_RECIPIENT, SANDBOX_PLAN, { dryRun: true, auditReason: 'OUTSIDE_ENFORCED_SCOPE' }),
  ];
}

function failedAccountResults(): NotificationMessage[] {
  // As functions/rotation/apply/user.ts reports a rollback: the new key's id and the secret's name, no ARN (nothing was stored).
  const failedRotation = rotatedUser(WORKLOADS, 'etl-pipeline', 'AKIAQ3EGETLPIPELINE1', 'AKIAQ3EGETLPIPELINE2', {
    outcome: 'ROLLED_BACK',
    secretArn: undefined,
    error: 'AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/asa-iam-key-rotation-role/rotation is not authorized to perform: secretsmanager:CreateSecret (the new key was deleted; the old one keeps working)',
  });
  return [
    message(WORKLOADS, ADMIN_RECIPIENT, [{ ...failedRotation, failure: 'rolled back: the new key could not be stored' }, POSTPONED_USER]),
    message(SECURITY, ADMIN_RECIPIENT, [], { failures: ['could not read the credential report: LimitExceeded (retried 3 times); the account was not rotated today'] }),
  ];
}

/**
 * Every sample mail, built by the notifier's own code (values.ts, the
 * subjects, the built-in templates, composeEmail) from fixed messages.
 * `npm run render-samples` screenshots these and `npm test` checks them, so
 * the test checks what the pictures in docs/ show.
 */
export function emailSamples(): EmailSample[] {
  return [
    fromDigest('digest', 'the admin digest of a scheduled run: three accounts, one of them in audit mode', {
      runId: 'sample-run',
      reports: accountResults(),
      expectedAccounts: 3,
      keyRows: sampleKeyRows(),
    }),
    fromMessage('owner-rotated', "a key owner's mail for a rotated key: what to do by when, and how to fetch the new key", message(WORKLOADS, owner('data-team@example.com'), [rotatedUser(WORKLOADS, 'etl-pipeline', 'AKIAQ3EGETLPIPELINE1', 'AKIAQ3EGETLPIPELINE2')])),
    fromMessage('owner-postponed', "a key owner's mail for a postponed deactivation (the old key is still in use)", message(WORKLOADS, owner('batch-team@example.com'), [POSTPONED_USER])),
    fromMessage(
      'owner-smtp',
      "an SES SMTP user's owner: the new key and where each region's SMTP password is",
      message(SECURITY, owner('mail-team@example.com'), [rotatedUser(SECURITY, 'ses-mailer', 'AKIAQ3EGSESMAILER001', 'AKIAQ3EGSESMAILER002', { smtpRegions: ['us-east-1', 'eu-west-1'] })]),
    ),
    fromMessage('account-audit', "an account contact's audit-mode mail (account outside EnforcedScope): what enforce mode would do", message(SANDBOX, { email: 'sandbox-owners@example.com', role: 'ACCOUNT' }, SANDBOX_PLAN, { dryRun: true, auditReason: 'OUTSIDE_ENFORCED_SCOPE' })),
    fromDigest('digest-failures', 'the admin digest of a run with failures: a rolled-back rotation, an account that failed, one that did not report', {
      runId: 'sample-run-failures',
      reports: failedAccountResults(),
      expectedAccounts: 4,
      // Only Workloads read its keys (Security failed before it could); its rotation was rolled back, so no new key.
      keyRows: sampleKeyRows().filter((row) => row.accountId === WORKLOADS.id && row.accessKeyId !== 'AKIAQ3EGETLPIPELINE2'),
    }),
  ];
}
