import type { KeyRow } from '../core/compliance/row';
import { deliveryDetail } from './content/deliveries';
import type { ActionOutcome, AuditReason, NotificationMessage, ResultAction, ResultActionType, ResultReason } from '../core/messages/notification';
import { complianceSection } from './content/compliance';
import { digestDeliveries } from './content/digest-deliveries';
import { digestTodos } from './content/digest-todo';
import { fetchInstructions, type FetchInstructions } from './content/fetch';
import { todos, type Todo, type TodoLevel } from './content/todo';
import type { ConsoleTemplateValues } from './event';
import { Markup, type TemplateRecord, type TemplateValues } from './render';
import { escapeHtml, singleLine } from '../core/text/escape';
import { withComplianceLimit } from './templates/compliance-limit';
import { complianceMarkup } from './templates/compliance-section';
import { usedWhere } from '../core/text/used-where';

/**
 * The placeholder values of one email. Names of the classic solution's
 * template_values are kept (account_id, account_name, timestamp, actions,
 * rotation_period, installation_grace_period, recovery_grace_period,
 * partition_name, sender_email), so users' own classic templates keep
 * rendering. `installation_grace_period` carries InactiveBuffer, the days
 * between rotation and deactivation: the classic code meant that, and read a
 * different variable by mistake.
 *
 * Added: heading, mode_label, deliveries_summary and delivery_failures (records: line; the digest only), failures (list), notes (list: held users, ignored tags), has_action_rows, show_account (the digest: an Account column), action_rows
 * (records: account, account_short, account_number, user_name, user, key_id, action, due_date, outcome, detail),
 * todo_heading and todo (records: level, label, colour, text: what to do,
 * first), fetch (records: user, new_key_id, secret_name, secret_id, region,
 * secret_account, cli, javascript, python, smtp (records: line), has_smtp);
 * in the digest only, compliance (counts, most overdue accounts, postponed
 * and held keys, exemptions, the key-age chart: built markup, see
 * templates/compliance-section.ts).
 * The partition and run ids are values for old templates only: the built-in
 * ones never show them.
 */
export interface SenderContext {
  readonly senderEmail: string;
  readonly partition: string;
  /** The stack's region: where a secret is when the message does not say (an older rotation function). */
  readonly region: string;
}

const TODO_LOOK: Readonly<Record<TodoLevel, { label: string; colour: string }>> = {
  critical: { label: 'Act now', colour: '#cf222e' },
  action: { label: 'To do', colour: '#0b5cad' },
  info: { label: 'Note', colour: '#6e7781' },
};

const REASONS: Readonly<Record<ResultReason, string>> = {
  ROTATION_DUE: 'the key reached the rotation period',
  FORCED_ROTATION: 'rotation requested from the console',
  DEACTIVATION_DUE: 'the key was replaced and its buffer has passed',
  DELETION_DUE: 'the key was deactivated and its recovery period has passed',
  NEVER_USED: 'the key was never used',
  MAKE_ROOM_INACTIVE: 'the user already had two keys; the inactive one makes room',
  MAKE_ROOM_LEAST_RECENTLY_USED: 'the user had two active keys; the least recently used one makes room',
  LONE_INACTIVE_EXPIRED: 'the only key was inactive past the grace periods',
  KEY_IN_USE: 'the replaced key is still in use, so its deactivation is postponed',
  POSTPONEMENT_ENDED: 'the replaced key was still in use at the end of its postponement',
  DELIVERY_PENDING: 'a delivery target lacks the new key, so the replaced key stays active',
  SWITCHED: 'every delivery target has the new key and uses it, so the replaced key is deactivated early',
  DEACTIVATE_OLD_REQUESTED: 'the operator asked to deactivate the replaced key (DeactivateOld)',
  REACTIVATION_REQUESTED: 'the operator asked to reactivate the key this tool deactivated',
  DELIVERY_RETRIED: 'a delivery that failed at an earlier run was tried again',
  ROTATION_UPCOMING: 'the key approaches the rotation period',
  DEACTIVATION_UPCOMING: 'the replaced key will be deactivated',
  DELETION_UPCOMING: 'the deactivated key will be deleted',
};

const VERBS: Readonly<Record<Exclude<ResultActionType, 'WARN'>, string>> = {
  ROTATE: 'Rotate',
  DEACTIVATE: 'Deactivate',
  DELETE: 'Delete',
  POSTPONE: 'Postpone deactivation',
  REACTIVATE: 'Reactivate',
  DELIVER: 'Deliver (later run)',
};

/** What the banner says when nothing was changed, and why. */
const AUDIT_LABELS: Readonly<Record<AuditReason, string>> = {
  DRY_RUN_FLAG: 'Audit mode (dry run): nothing was changed.',
  REQUESTED: 'Audit mode (dry run, as requested): nothing was changed.',
  OUTSIDE_ENFORCED_SCOPE: 'Audit mode: this account is outside EnforcedScope (staged rollout), so nothing was changed.',
  SCOPE_UNRESOLVED:
    'Audit mode: EnforcedScope names OUs and this run did not come through the inventory, which resolves them, so nothing was changed.',
};

export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10);
}

export function accountLabel(accountId: string, accountName: string | undefined): string {
  return accountName ? `${accountName} (${accountId})` : accountId;
}

function actionLabel(action: ResultAction): string {
  const verb = action.type === 'WARN' ? `Upcoming: ${VERBS[action.announces ?? 'ROTATE'].toLowerCase()}` : VERBS[action.type];
  return action.severity === 'CRITICAL' ? `CRITICAL: ${verb}` : verb;
}

function outcomeLabel(outcome: ActionOutcome, action: ResultAction, dryRun: boolean): string {
  if (outcome === 'PLANNED') return action.type === 'WARN' ? 'Scheduled' : dryRun ? 'Not done (audit mode)' : 'Planned';
  if (outcome === 'DONE' && action.type === 'POSTPONE') return 'Postponed';
  return { DONE: 'Done', FAILED: 'FAILED', ROLLED_BACK: 'Rolled back' }[outcome];
}

function detail(action: ResultAction): string {
  const parts = [REASONS[action.reason]];
  if (action.inUse) parts.push('the key is IN USE');
  if (action.lastUse) parts.push(`last used ${lastUse(action.lastUse)}`);
  // NEVER_USED already says it.
  else if (action.inUse === false && action.reason !== 'NEVER_USED') parts.push('never used');
  if (action.deadline) parts.push(`deactivated by ${formatDay(action.deadline)} at the latest, in use or not`);
  if (action.holdUntil) parts.push(`on hold (no change to this user) until ${formatTimestamp(action.holdUntil)}`);
  // A rolled-back or failed rotation names a key that was deleted and a secret that holds nothing new: only a done one has them.
  const done = action.outcome === 'DONE';
  if (done && action.newKeyId) parts.push(`new key ${action.newKeyId}`);
  if (done && action.secretName) parts.push(`stored in secret ${action.secretName}`);
  if (done && action.smtpRegions && action.smtpRegions.length > 0) {
    parts.push(`the SES SMTP password changed: the new ones (${action.smtpRegions.join(', ')}) are in the same secret, field SmtpPasswords`);
  }
  const delivered = deliveryDetail(action);
  if (delivered) parts.push(delivered);
  if (action.error) parts.push(`error: ${action.error}`);
  return parts.join('; ');
}

function lastUse(use: NonNullable<ResultAction['lastUse']>): string {
  return `${formatTimestamp(use.at)}${usedWhere(use)}`;
}

/** A row of the actions table (a type, not an interface: it must fit TemplateRecord's index signature). */
type ActionRow = {
  readonly account: string;
  /** The account's name, or its id when it has none: the digest's Account column. */
  readonly account_short: string;
  /** The id under the name; empty when account_short is the id already. */
  readonly account_number: string;
  /** The user's name alone (built-in templates); `user` is the same, with the account in front in the digest (classic templates). */
  readonly user_name: string;
  readonly user: string;
  readonly key_id: string;
  readonly action: string;
  readonly due_date: string;
  readonly outcome: string;
  readonly detail: string;
  /** Where CloudTrail shows the key still used, and any advice: a line each, under the detail (empty when not looked up). */
  readonly evidence: readonly { readonly line: string }[];
};

function rows(message: NotificationMessage): ActionRow[] {
  const account = accountLabel(message.accountId, message.accountName);
  return message.users.flatMap((user) =>
    user.actions.map((action) => ({
      account,
      account_short: message.accountName ?? message.accountId,
      account_number: message.accountName ? message.accountId : '',
      user_name: user.userName,
      user: user.userName,
      key_id: action.keyId,
      action: actionLabel(action),
      due_date: formatDay(action.dueAt),
      outcome: outcomeLabel(action.outcome, action, message.dryRun),
      detail: detail(action),
      evidence: (action.evidence ?? []).map((line) => ({ line })),
    })),
  );
}

/** One line per row, for `{{actions}}` in classic templates and for logs. */
function actionLine(row: ActionRow): string {
  const evidence = row.evidence.map((entry) => ` ${entry.line}`).join('');
  return `${row.user}: ${row.action} key ${row.key_id}, due ${row.due_date}: ${row.outcome} (${row.detail})${evidence}`;
}

/** Held users and notes, one line each: what the admin should know that is neither an action nor a failure. */
function notes(message: NotificationMessage, withAccount: boolean, listedElsewhere: ReadonlySet<string> = new Set()): string[] {
  const where = withAccount ? `${accountLabel(message.accountId, message.accountName)}: ` : '';
  return [
    ...(message.held ?? [])
      .filter((user) => !listedElsewhere.has(heldKey(message.accountId, user.userName)))
      .map((user) => `${where}${user.userName} is on hold until ${formatTimestamp(user.until)} (tag IAMKeyRotationHold): nothing is done to its keys until then`),
    ...(message.notes ?? []).map((note) => `${where}${note}`),
  ];
}

function heldKey(accountId: string, userName: string): string {
  return JSON.stringify([accountId, userName]);
}

function failures(message: NotificationMessage, withAccount: boolean): string[] {
  const where = withAccount ? `${accountLabel(message.accountId, message.accountName)}: ` : '';
  return [...message.failures.map((failure) => `${where}${failure}`), ...message.users.flatMap((user) => (user.failure ? [`${where}${user.userName}: ${user.failure}`] : []))];
}

function common(dryRun: boolean, sender: SenderContext, settings: NotificationMessage['settings'], auditReason?: AuditReason): Record<string, string> {
  return {
    heading: dryRun ? 'IAM access key rotation: audit report' : 'IAM access key rotation',
    mode_label: dryRun ? AUDIT_LABELS[auditReason ?? 'DRY_RUN_FLAG'] : 'Enforce mode.',
    rotation_period: String(settings.rotationPeriodDays),
    installation_grace_period: String(settings.inactiveBufferDays),
    recovery_grace_period: String(settings.recoveryGracePeriodDays),
    partition_name: sender.partition,
    sender_email: sender.senderEmail,
  };
}

function todoRecords(lines: readonly Todo[]): TemplateRecord[] {
  return lines.map((todo) => ({ level: todo.level, ...TODO_LOOK[todo.level], text: todoText(todo) }));
}

/**
 * The line, and CloudTrail's evidence under it: a paragraph of its own per
 * evidence line in HTML, an indented line of its own in text. Built here from
 * escaped parts, in `text` itself, so that every template that shows the line
 * (an uploaded one too) shows the evidence with it.
 */
function todoText(todo: Todo): string | Markup {
  if (!todo.evidence?.length) return todo.text;
  return new Markup(
    [escapeHtml(todo.text), ...todo.evidence.map((line) => `<p style="margin:4px 0 0">${escapeHtml(line)}</p>`)].join('\n'),
    [singleLine(todo.text), ...todo.evidence.map((line) => `  ${singleLine(line)}`)].join('\n'),
  );
}

function fetchRecord(fetch: FetchInstructions): TemplateRecord {
  return {
    user: fetch.user,
    new_key_id: fetch.newKeyId,
    secret_name: fetch.secretName,
    secret_id: fetch.secretId,
    region: fetch.region,
    ...(fetch.secretAccount ? { secret_account: fetch.secretAccount } : {}),
    cli: fetch.cli.map((code) => ({ line: code.line })),
    javascript: fetch.javascript.map((code) => ({ line: code.line })),
    python: fetch.python.map((code) => ({ line: code.line })),
    smtp: fetch.smtp.map((code) => ({ line: code.line })),
    has_smtp: fetch.smtp.length > 0 ? 'yes' : '',
  };
}

export function messageValues(message: NotificationMessage, sender: SenderContext): TemplateValues {
  const actionRows = rows(message);
  const lines = todos(message);
  return {
    todo_heading: lines.length === 0 ? '' : message.dryRun ? 'What enforce mode would do' : lines.some((line) => line.level !== 'info') ? 'What you need to do' : 'What happened',
    todo: todoRecords(lines),
    fetch: fetchInstructions(message, sender.region).map(fetchRecord),
    ...common(message.dryRun, sender, message.settings, message.auditReason),
    account_id: message.accountId,
    account_name: message.accountName ?? message.accountId,
    timestamp: formatTimestamp(message.generatedAt),
    recipient_role: message.recipient.role,
    actions: actionRows.map(actionLine),
    action_rows: actionRows,
    has_action_rows: actionRows.length > 0 ? 'yes' : '',
    // One account a message: its name is in the subject and the details, not on every row.
    show_account: '',
    audit_note: '',
    // The digest's alone: a key owner reads where the key went in the todo lines.
    deliveries_summary: '',
    failures: failures(message, false),
    notes: notes(message, false),
  };
}

export interface DigestInput {
  readonly runId: string;
  readonly reports: readonly NotificationMessage[];
  readonly expectedAccounts: number;
  /** Every key of every account that reported in the run (accounts in id order), from their account results: the digest's compliance section. */
  readonly keyRows: readonly KeyRow[];
  /** ComplianceMaxKeyAge; 0 or absent: off. */
  readonly complianceMaxKeyAgeDays?: number;
}

/** One email for the whole run: every account's rows and failures, accounts in id order. */
export function digestValues(digest: DigestInput, sender: SenderContext): TemplateValues {
  const reports = [...digest.reports].sort((a, b) => a.accountId.localeCompare(b.accountId));
  const first = reports[0];
  if (!first) throw new Error('a digest needs at least one report');
  const dryRun = reports.every((report) => report.dryRun);
  // One account a message: the digest names it before the user.
  const actionRows = reports.flatMap((report) => rows(report).map((row) => ({ ...row, user: `${row.account} / ${row.user}` })));
  const missing = digest.expectedAccounts - reports.length;
  const reportedFailures = reports.flatMap((report) => failures(report, true));
  const section = complianceSection(digest.keyRows, first.settings, new Date(first.generatedAt));
  const summary =
    missing > 0
      ? `${reports.length} of ${digest.expectedAccounts} reported; ${missing} did not (see the rotation dead-letter queue and logs)`
      : `${reports.length} of ${digest.expectedAccounts} reported`;
  const lines = digestTodos(reports, digest.expectedAccounts);
  const audited = reports.filter((report) => report.dryRun);
  // Enforce mode with some accounts in audit mode must not read like enforce mode everywhere.
  const mixed = !dryRun && audited.length > 0;
  const auditNames = audited.map((report) => report.accountName ?? report.accountId).join(', ');
  const auditCount = `${audited.length} ${audited.length === 1 ? 'account' : 'accounts'} in audit mode`;
  const deliveries = digestDeliveries(reports, (report) => accountLabel(report.accountId, report.accountName));
  return {
    ...common(dryRun, sender, first.settings),
    ...(mixed ? { mode_label: `Enforce mode (${auditCount}: ${auditNames}).` } : {}),
    audit_note: mixed ? `Audit mode in ${auditNames} (${audited.length} of ${reports.length} accounts): nothing was changed there.` : '',
    todo_heading: lines.some((line) => line.level === 'critical') ? 'What needs your attention' : 'What happened',
    todo: todoRecords(lines),
    // No run id: an internal name nobody can act on (the logs carry it).
    account_id: `${reports.length} accounts`,
    account_name: 'All accounts',
    timestamp: formatTimestamp(first.generatedAt),
    recipient_role: 'ADMIN',
    accounts_summary: summary,
    actions: actionRows.map((row) => `${row.account} / ${actionLine(row)}`),
    action_rows: actionRows,
    has_action_rows: actionRows.length > 0 ? 'yes' : '',
    show_account: 'yes',
    deliveries_summary: deliveries.summary,
    delivery_failures: deliveries.failing.map((line) => ({ line })),
    failures: missing > 0 ? [`${missing} of ${digest.expectedAccounts} accounts did not report`, ...reportedFailures] : reportedFailures,
    // A hold the compliance section lists under "Held keys" is not told again among the notes.
    notes: reports.flatMap((report) => notes(report, true, new Set(section.held.map((key) => heldKey(key.accountId, key.userName))))),
    // Always there, quiet days included: the digest is where the Organization's compliance is seen.
    compliance: withComplianceLimit(complianceMarkup(section), digest.keyRows, digest.complianceMaxKeyAgeDays ?? 0, first.settings, new Date(first.generatedAt)),
  };
}

/** The classic payload's values as given; the sender and the built-in template's extras filled in. */
export function consoleValues(values: ConsoleTemplateValues, sender: SenderContext): TemplateValues {
  return {
    heading: 'IAM access key rotation',
    mode_label: '',
    account_name: values.account_id,
    partition_name: sender.partition,
    failures: [],
    notes: [],
    has_action_rows: '',
    show_account: '',
    audit_note: '',
    deliveries_summary: '',
    ...values,
    // The sender is whoever the configuration says, whatever the event claims.
    sender_email: sender.senderEmail,
  };
}
