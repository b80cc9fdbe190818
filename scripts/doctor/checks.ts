import { DescribeStacksCommand, paginateListStackInstances, type Stack } from '@aws-sdk/client-cloudformation';
import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { GetAccountCommand, GetEmailIdentityCommand, type GetEmailIdentityCommandOutput } from '@aws-sdk/client-sesv2';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { CODE_VERSION_PARAMETERS, QUEUE_NAMES, S3_FOLDERS, ZIP_NAMES } from '../../contract/names';
import { collectPages } from '../../functions/core/aws/collect-pages';
import { describeError } from '../../functions/core/errors/describe';
import { FUNCTION_KEYS } from '../lib/functions';
import type { DoctorClients } from './clients';
import { knownRecipients, unverifiedAmong } from './recipients';

/** Unverified recipients a line names; the rest are counted. */
const NAMED_RECIPIENTS = 10;

/** One check's verdict: one line, and the fix when it fails. */
export interface CheckResult {
  readonly id: CheckId;
  readonly ok: boolean;
  readonly message: string;
  /** What to do, when it failed. */
  readonly fix?: string;
}

export const CHECK_IDS = ['stack', 'code', 'ses-sender', 'ses-account', 'stackset', 'schedule', 'dlq', 'last-run', 'kms', 'compliance', 'delivery', 'vpc'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface DoctorTarget {
  readonly stackName: string;
  readonly stackSetName: string;
  readonly region: string;
}

/** What every check reads from the main stack: its status and parameter values. */
export interface MainStack {
  readonly stack: Stack | undefined;
  readonly parameters: Readonly<Record<string, string>>;
}

const pass = (id: CheckId, message: string): CheckResult => ({ id, ok: true, message });
const fail = (id: CheckId, message: string, fix: string): CheckResult => ({ id, ok: false, message, fix });
const isMissing = (error: unknown): boolean => error instanceof Error && /does not exist|not ?found|NoSuchKey|NotFound|NonExistent/i.test(`${error.name} ${error.message}`);

export async function readMainStack(clients: DoctorClients, target: DoctorTarget): Promise<MainStack> {
  const stack = await clients.cloudFormation
    .send(new DescribeStacksCommand({ StackName: target.stackName }))
    .then((out) => out.Stacks?.[0])
    .catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
  const parameters = Object.fromEntries((stack?.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ResolvedValue ?? p.ParameterValue ?? '']));
  return { stack, parameters };
}

const BROKEN = /FAILED|ROLLBACK/;
const deployHint = 'npm run deploy (it creates or updates the stacks, then runs this doctor)';

/** The main stack exists and is not failed or rolled back. */
export function stackCheck(main: MainStack, target: DoctorTarget): CheckResult {
  const status = main.stack?.StackStatus;
  if (status === undefined) return fail('stack', `main stack ${target.stackName} not found in ${target.region}`, `${deployHint}, or pass --stack NAME --region REGION`);
  if (BROKEN.test(status) || !status.endsWith('_COMPLETE')) {
    return fail(
      'stack',
      `main stack ${target.stackName} is ${status}${main.stack?.StackStatusReason ? ` (${main.stack.StackStatusReason})` : ''}`,
      `read why: aws cloudformation describe-stack-events --stack-name ${target.stackName} --region ${target.region}; fix the cause, then ${deployHint}`,
    );
  }
  return pass('stack', `main stack ${target.stackName} is ${status}`);
}

/** The code objects the stack points at exist, in the versions its parameters name. */
export async function codeCheck(clients: DoctorClients, main: MainStack): Promise<CheckResult> {
  const bucket = main.parameters.S3BucketName;
  const prefix = main.parameters.S3BucketPrefix;
  if (!main.stack || !bucket || prefix === undefined) return fail('code', 'no main stack to read the code location from', deployHint);
  const problems: string[] = [];
  for (const key of FUNCTION_KEYS) {
    const objectKey = `${prefix}/${S3_FOLDERS.lambda}/${ZIP_NAMES[key]}`;
    const version = main.parameters[CODE_VERSION_PARAMETERS[key]] ?? '';
    if (version === '') {
      problems.push(`${CODE_VERSION_PARAMETERS[key]} is empty (a redeploy cannot tell the code changed)`);
      continue;
    }
    try {
      await clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey, VersionId: version }));
    } catch (error) {
      problems.push(
        isMissing(error) || /400|404|Bad Request/i.test(describeError(error))
          ? `s3://${bucket}/${objectKey} version ${version} is missing`
          : `s3://${bucket}/${objectKey}: ${describeError(error)}`,
      );
    }
  }
  if (problems.length > 0) {
    return fail('code', problems.join('; '), 'npm run upload -- --write-samconfig, then npm run deploy (the versions come from the upload)');
  }
  return pass('code', `the three code objects exist in s3://${bucket}/${prefix}/${S3_FOLDERS.lambda}/ in the versions the stack uses`);
}

/** Verified for sending (SUCCESS is a verified identity; moto reports only that). */
function verified(identity: GetEmailIdentityCommandOutput): boolean {
  return identity.VerifiedForSendingStatus === true || identity.VerificationStatus === 'SUCCESS';
}

/** The sender (AdminEmailAddress) is verified for sending in the stack's Region. */
export async function sesSenderCheck(clients: DoctorClients, main: MainStack, target: DoctorTarget): Promise<CheckResult> {
  const sender = main.parameters.AdminEmailAddress;
  if (!sender) return fail('ses-sender', 'no main stack to read AdminEmailAddress from', deployHint);
  const verify = `aws sesv2 create-email-identity --email-identity ${sender} --region ${target.region}, then open the link SES mails to it`;
  const identity = await clients.ses.send(new GetEmailIdentityCommand({ EmailIdentity: sender })).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  if (identity === undefined) return fail('ses-sender', `sender ${sender} is not an SES identity in ${target.region}: no email can be sent`, verify);
  if (!verified(identity)) {
    return fail('ses-sender', `sender ${sender} is not verified in ${target.region} (${identity.VerificationStatus ?? 'PENDING'})`, `open the verification link SES mailed to ${sender}, or ${verify}`);
  }
  return pass('ses-sender', `sender ${sender} is verified in ${target.region}`);
}

/** Out of the sandbox, or every known recipient verified; the day's sending quota not nearly used up. */
export async function sesAccountCheck(clients: DoctorClients, main: MainStack, target: DoctorTarget): Promise<CheckResult> {
  const account = await clients.ses.send(new GetAccountCommand({}));
  const quota = account.SendQuota;
  const quotaText = quota ? `${quota.SentLast24Hours ?? 0} of ${quota.Max24HourSend ?? 0} emails sent in the last 24 hours, ${quota.MaxSendRate ?? 0} per second` : 'no quota reported';
  if (quota?.Max24HourSend !== undefined && (quota.SentLast24Hours ?? 0) >= 0.9 * quota.Max24HourSend) {
    return fail('ses-account', `SES sending quota nearly used: ${quotaText}`, `request a higher quota: Service Quotas console, Amazon SES, "Sending quota" in ${target.region}`);
  }
  if (account.ProductionAccessEnabled === true) return pass('ses-account', `out of the SES sandbox; ${quotaText}`);
  const sandbox = `the account is in the SES sandbox in ${target.region}: mail reaches verified addresses only`;
  const production = `request production access: aws sesv2 put-account-details --production-access-enabled --mail-type TRANSACTIONAL --website-url URL --region ${target.region}`;
  const known = await knownRecipients(clients, main);
  const unverified = await unverifiedAmong(clients, known.addresses);
  if (unverified.length > 0) {
    const named = unverified.slice(0, NAMED_RECIPIENTS).join(', ');
    const rest = unverified.length > NAMED_RECIPIENTS ? ` and ${unverified.length - NAMED_RECIPIENTS} more` : '';
    return fail(
      'ses-account',
      `${sandbox}; ${unverified.length} of ${known.addresses.length} recipient(s) unverified: ${named}${rest} (${known.source}); ${quotaText}`,
      `${production}; or verify each address: aws sesv2 create-email-identity --email-identity ADDRESS --region ${target.region}, then its owner opens the link SES mails`,
    );
  }
  if (known.ownersUnknown) return fail('ses-account', `${sandbox}; the admin is verified, but ${known.source}: each must be verified too; ${quotaText}`, production);
  return pass(
    'ses-account',
    `in the SES sandbox in ${target.region}, but all ${known.addresses.length} known recipient(s) are verified (${known.source}); a new owner or account must be verified before mail reaches it; ${quotaText}`,
  );
}

/** Every ACTIVE account in scope has a current StackSet instance; the management account has the local stack. */
export async function stackSetCheck(clients: DoctorClients, main: MainStack, target: DoctorTarget, managementAccountId: string): Promise<CheckResult> {
  const accounts = await collectPages(paginateListAccounts({ client: clients.organizations }, {}), (page) => ({ items: page.Accounts, next: page.NextToken }));
  const excluded = new Set((main.parameters.ExcludeAccounts ?? '').split(',').map((id) => id.trim()).filter(Boolean));
  const included = new Set((main.parameters.IncludeAccounts ?? '').split(',').map((id) => id.trim()).filter(Boolean));
  const inScope = accounts.filter(
    (account) => account.Status === 'ACTIVE' && account.Id !== undefined && !excluded.has(account.Id) && (included.size === 0 || included.has(account.Id)),
  );
  const instances = await collectPages(paginateListStackInstances({ client: clients.cloudFormation }, { StackSetName: target.stackSetName }), (page) => ({
    items: page.Summaries,
    next: page.NextToken,
  })).catch((error: unknown) => {
    if (isMissing(error)) return undefined;
    throw error;
  });
  const fix = `npm run deploy (or npm run stackset -- --ou <root or OU ids> --primary-account <this account>)`;
  if (instances === undefined) return fail('stackset', `StackSet ${target.stackSetName} not found: no member account has the rotation role`, fix);
  const current = new Set(instances.filter((i) => i.Status === 'CURRENT').map((i) => i.Account));
  const outdated = new Set(instances.filter((i) => i.Status !== 'CURRENT').map((i) => i.Account));
  const local = await clients.cloudFormation
    .send(new DescribeStacksCommand({ StackName: `${target.stackSetName}-local` }))
    .then((out) => out.Stacks?.[0]?.StackStatus)
    .catch(() => undefined);
  const missing: string[] = [];
  const stale: string[] = [];
  for (const account of inScope) {
    const id = account.Id ?? '';
    const label = `${id} (${account.Name ?? '?'})`;
    if (id === managementAccountId) {
      if (local === undefined) missing.push(`${label}: no stack ${target.stackSetName}-local (service-managed StackSets skip the management account)`);
      else if (BROKEN.test(local)) stale.push(`${label}: stack ${target.stackSetName}-local is ${local}`);
    } else if (outdated.has(id)) stale.push(label);
    else if (!current.has(id)) missing.push(label);
  }
  if (missing.length + stale.length > 0) {
    return fail(
      'stackset',
      [missing.length > 0 ? `no role in ${missing.join(', ')}` : '', stale.length > 0 ? `outdated in ${stale.join(', ')}` : ''].filter(Boolean).join('; '),
      fix,
    );
  }
  return pass('stackset', `the member role is current in all ${inScope.length} active accounts in scope, the management account included`);
}

/** Both dead-letter queues are empty. */
export async function dlqCheck(clients: DoctorClients, target: DoctorTarget): Promise<CheckResult> {
  const full: string[] = [];
  const absent: string[] = [];
  for (const name of [QUEUE_NAMES.rotationDlq, QUEUE_NAMES.notificationDlq]) {
    const url = await clients.sqs
      .send(new GetQueueUrlCommand({ QueueName: name }))
      .then((out) => out.QueueUrl)
      .catch(() => undefined);
    if (url === undefined) {
      absent.push(name);
      continue;
    }
    const attributes = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'QueueArn'] }));
    const count = Number(attributes.Attributes?.ApproximateNumberOfMessages ?? '0');
    if (count > 0) full.push(`${name} holds ${count} message(s)`);
  }
  if (absent.length > 0) return fail('dlq', `no queue ${absent.join(', ')} in ${target.region}`, deployHint);
  if (full.length > 0) {
    return fail(
      'dlq',
      `${full.join('; ')}: accounts or emails that failed three times`,
      `read why in the functions' logs, fix it, then redrive: aws sqs start-message-move-task --source-arn arn:aws:sqs:${target.region}:<account>:<dlq> --region ${target.region}`,
    );
  }
  return pass('dlq', 'both dead-letter queues are empty');
}
