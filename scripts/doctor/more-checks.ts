import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { DescribeRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { KEY_REPORT } from '../../contract/names';
import { COMPLIANCE_LIMIT_OFF, limitConflict } from '../../functions/core/compliance/max-key-age';
import { DAY_MS } from '../../functions/core/lifecycle/time';
import type { CheckResult, DoctorTarget, MainStack } from './checks';
import type { DoctorClients } from './clients';

const pass = (id: CheckResult['id'], message: string): CheckResult => ({ id, ok: true, message });
const fail = (id: CheckResult['id'], message: string, fix: string): CheckResult => ({ id, ok: false, message, fix });

async function resources(clients: DoctorClients, target: DoctorTarget, type: string): Promise<string[]> {
  const out = await clients.cloudFormation.send(new DescribeStackResourcesCommand({ StackName: target.stackName }));
  return (out.StackResources ?? []).filter((r) => r.ResourceType === type && r.PhysicalResourceId).map((r) => r.PhysicalResourceId ?? '');
}

/** The daily schedule rule of the stack is enabled. */
export async function scheduleCheck(clients: DoctorClients, main: MainStack, target: DoctorTarget): Promise<CheckResult> {
  if (!main.stack) return fail('schedule', 'no main stack to read the schedule from', 'npm run deploy');
  const [rule] = await resources(clients, target, 'AWS::Events::Rule');
  if (rule === undefined) return fail('schedule', `main stack ${target.stackName} has no schedule rule`, 'npm run deploy');
  const name = rule.includes('|') ? (rule.split('|').pop() ?? rule) : rule;
  const described = await clients.events.send(new DescribeRuleCommand({ Name: name }));
  if (described.State !== 'ENABLED') {
    return fail('schedule', `schedule rule ${name} is ${described.State ?? 'unknown'}: no daily run starts`, `aws events enable-rule --name ${name} --region ${target.region}`);
  }
  return pass('schedule', `schedule rule ${name} is enabled (${described.ScheduleExpression ?? main.parameters.ScheduleExpression ?? '?'})`);
}

/** A run left its key report lately: the latest reports/<date>/ folder. */
export async function lastRunCheck(clients: DoctorClients, main: MainStack, now: Date): Promise<CheckResult> {
  const bucket = main.parameters.S3BucketName;
  const prefix = main.parameters.S3BucketPrefix;
  if (!main.stack || !bucket || prefix === undefined) return fail('last-run', 'no main stack to read the bucket from', 'npm run deploy');
  const folder = `${prefix}/${KEY_REPORT.folder}/`;
  const days: string[] = [];
  let token: string | undefined;
  do {
    const page = await clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: folder, Delimiter: '/', ContinuationToken: token }));
    for (const p of page.CommonPrefixes ?? []) {
      const day = /(\d{4}-\d{2}-\d{2})\/$/.exec(p.Prefix ?? '')?.[1];
      if (day) days.push(day);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const latest = days.sort().pop();
  const invoke = `wait for the schedule (${main.parameters.ScheduleExpression ?? 'daily'}), or run the inventory from the Lambda console with the events in dist/Test Units/; if it ran, read the inventory function's logs`;
  if (latest === undefined) {
    const deployed = main.stack.CreationTime;
    // A fresh deployment has not run yet: that is not a fault until a run was due.
    if (deployed && now.getTime() - deployed.getTime() < 2 * DAY_MS) {
      return pass('last-run', `no run yet (deployed ${deployed.toISOString().slice(0, 16)}Z): the first starts at ${main.parameters.ScheduleExpression ?? 'the schedule'}`);
    }
    return fail('last-run', `no run has finished yet: no key report under s3://${bucket}/${folder}`, invoke);
  }
  const ageDays = Math.floor((now.getTime() - Date.parse(latest)) / DAY_MS);
  const where = `s3://${bucket}/${folder}${latest}/${KEY_REPORT.csv}`;
  if (ageDays > 2) return fail('last-run', `the last run that finished was on ${latest}, ${ageDays} days ago (its key report: ${where})`, invoke);
  return pass('last-run', `the last run finished on ${latest}; what it found: ${where} (and the admin digest)`);
}

interface PolicyStatement {
  readonly Effect?: string;
  readonly Principal?: { readonly AWS?: string | readonly string[] } | string;
  readonly Action?: string | readonly string[];
}

/** The account root, as a key policy may name it (an ARN, or the bare account id). */
const ACCOUNT_ROOT = /^(arn:aws[\w-]*:iam::\d{12}:root|\d{12})$/;

/**
 * Every customer-managed key of the stack names, in its policy, an
 * administrator besides the account root (KeyAdministratorArns): the root
 * alone leaves the key's administration to IAM policies, and nobody at all
 * leaves it to AWS Support.
 */
export async function kmsCheck(clients: DoctorClients, main: MainStack, target: DoctorTarget): Promise<CheckResult> {
  if (!main.stack) return fail('kms', 'no main stack to read its keys from', 'npm run deploy');
  const described = await clients.cloudFormation.send(new DescribeStackResourcesCommand({ StackName: target.stackName }));
  const keys = (described.StackResources ?? []).filter((r) => r.ResourceType === 'AWS::KMS::Key' && r.PhysicalResourceId);
  const locked: string[] = [];
  const rootOnly: string[] = [];
  const admins = new Set<string>();
  for (const key of keys) {
    const id = key.PhysicalResourceId ?? '';
    const raw: unknown = (await clients.kms.send(new GetKeyPolicyCommand({ KeyId: id, PolicyName: 'default' }))).Policy;
    // AWS returns the policy as JSON text; moto's CloudFormation stores the template's object and returns it as one.
    const policy = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as { Statement?: PolicyStatement[] };
    const who = (policy.Statement ?? [])
      .filter((s) => s.Effect === 'Allow' && [s.Action ?? []].flat().some((a) => a === 'kms:*' || a === 'kms:PutKeyPolicy'))
      .flatMap((s) => (typeof s.Principal === 'string' ? [s.Principal] : [s.Principal?.AWS ?? []].flat()));
    const named = `${key.LogicalResourceId ?? '?'} (${id})`;
    if (who.length === 0) locked.push(named);
    else if (who.every((principal) => ACCOUNT_ROOT.test(principal))) rootOnly.push(named);
    for (const principal of who) admins.add(principal);
  }
  if (locked.length > 0) {
    return fail(
      'kms',
      `nobody may change the key policy of ${locked.join(', ')}: the key cannot be administered`,
      'only AWS Support can restore access to such a key; redeploy the stack so its key policy names the account and KeyAdministratorArns (the template does)',
    );
  }
  if (rootOnly.length > 0) {
    return fail(
      'kms',
      `the key policy of ${rootOnly.join(', ')} names no administrator besides the account root: administering the key depends on IAM policies alone`,
      'set KeyAdministratorArns in samconfig.toml to the role ARNs that administer the keys (or leave it empty: npm run deploy then names the deploying role), then npm run deploy',
    );
  }
  return pass('kms', keys.length === 0 ? 'the stack has no customer-managed key' : `${keys.length} key(s) administered by ${[...admins].join(', ')} (KeyAdministratorArns, and the account root through IAM)`);
}

/**
 * Compliance alignment: the Config rule access-keys-rotated (Security Hub
 * IAM.3) against RotationPeriod + InactiveBuffer, by the same computation as
 * the plan and the digest (functions/core/compliance/max-key-age.ts).
 */
export async function complianceCheck(clients: DoctorClients, main: MainStack): Promise<CheckResult> {
  if (!main.stack) return fail('compliance', 'no main stack to read its settings from', 'npm run deploy');
  const rules = [];
  let token: string | undefined;
  do {
    const page = await clients.config.send(new DescribeConfigRulesCommand({ NextToken: token }));
    rules.push(...(page.ConfigRules ?? []));
    token = page.NextToken;
  } while (token);
  const rule = rules.find((r) => r.Source?.SourceIdentifier === 'ACCESS_KEYS_ROTATED');
  if (rule === undefined) return pass('compliance', 'no Config rule access-keys-rotated (Security Hub IAM.3) here: nothing to align');
  const limit = Number((JSON.parse(rule.InputParameters ?? '{}') as { maxAccessKeyAge?: string | number }).maxAccessKeyAge ?? 90);
  const settings = { rotationPeriodDays: Number(main.parameters.RotationPeriod ?? 90), inactiveBufferDays: Number(main.parameters.InactiveBuffer ?? 10) };
  const conflict = limitConflict(settings, limit);
  const configured = Number(main.parameters.ComplianceMaxKeyAge ?? COMPLIANCE_LIMIT_OFF);
  const hint = configured === limit ? '' : `; set ComplianceMaxKeyAge=${limit} so the plan, the digest and the key report count the failing keys`;
  if (conflict !== undefined) {
    return fail(
      'compliance',
      `Config rule ${rule.ConfigRuleName ?? 'access-keys-rotated'} (maxAccessKeyAge ${limit}): ${conflict.replace(/^ComplianceMaxKeyAge is \d+ days, but /, '')}; the finding stays FAILED until each deactivation (never mark it resolved by hand)`,
      `set RotationPeriod and InactiveBuffer so their sum is below ${limit} (samconfig.toml, then npm run deploy)${hint}`,
    );
  }
  return pass('compliance', `Config rule ${rule.ConfigRuleName ?? 'access-keys-rotated'} (maxAccessKeyAge ${limit}): replaced keys are deactivated by day ${settings.rotationPeriodDays + settings.inactiveBufferDays}, before the limit${hint}`);
}
