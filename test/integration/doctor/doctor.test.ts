/**
 * `npm run doctor` against a deployment on moto: healthy first, then each
 * check's failure seeded the way it happens in AWS, asserting its line and
 * the exit code. Only SES GetAccount is answered by a plugin: moto lacks it.
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, DeleteObjectCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateEmailIdentityCommand, DeleteEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CODE_VERSION_PARAMETERS, DEFAULT_S3_PREFIX, QUEUE_NAMES, TEMPLATE_FILES, ZIP_NAMES, type FunctionKey } from '../../../contract/names';
import { createAccount, createOrganization, createOrganizationalUnit } from '../../../emulator/organization';
import type { ClientPlugin } from '../../../functions/core/aws/plugins';
import { stackCheck } from '../../../scripts/doctor/checks';
import { DEFAULT_STACK_SET, parseDoctorArgs, runDoctorCommand } from '../../../scripts/doctor/command';
import { isRead } from '../../../scripts/plan/read-only';
import { useMoto } from '../../harness/moto';
import { loadTemplate } from '../../templates/templates';

const moto = useMoto();
const BUCKET = 'doctor-artifacts';
const ADMIN = 'security-admin@example.com';
const STACK = 'asa-iam-key-rotation';
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
const MEMBER_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Topic:
    Type: AWS::SNS::Topic
`;

/** SES v2 GetAccount as AWS would answer it (moto has no such API). */
function sesAccount(account: { production: boolean; sent?: number }): ClientPlugin {
  return {
    applyToStack: (stack) =>
      stack.add(
        (next, context) => async (args) =>
          context.commandName === 'GetAccountCommand'
            ? { output: { $metadata: {}, ProductionAccessEnabled: account.production, SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: account.sent ?? 0 } }, response: {} }
            : next(args),
        { step: 'initialize', priority: 'low' },
      ),
  };
}

/** Every operation the doctor sends, as service.operation, for the read-only assertion. */
function recorder(): { plugin: ClientPlugin; sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    plugin: {
      applyToStack: (stack) =>
        stack.add(
          (next, context) => async (args) => {
            sent.push(`${context.clientName?.replace(/Client$/, '') ?? '?'}.${context.commandName?.replace(/Command$/, '') ?? '?'}`);
            return next(args);
          },
          { step: 'initialize', priority: 'low' },
        ),
    },
  };
}

async function doctor(argv: readonly string[] = [], plugins: readonly ClientPlugin[] = [sesAccount({ production: true })]): Promise<{ code: number; lines: string[]; stdout: string }> {
  let stdout = '';
  const code = await runDoctorCommand(['--stack', STACK, '--region', 'us-east-1', ...argv], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => undefined,
    plugins,
  });
  return { code, lines: stdout.trimEnd().split('\n'), stdout };
}

const line = (lines: readonly string[], id: string): string | undefined => lines.find((l) => l.startsWith(`PASS ${id}:`) || l.startsWith(`FAIL ${id}:`));

let versions: Record<FunctionKey, string>;
let ou: string;
let rootId: string;
const s3 = () => new S3Client({ ...moto.config(), forcePathStyle: true });

beforeAll(async () => {
  const org = await createOrganization(moto);
  rootId = org.rootId;
  ou = await createOrganizationalUnit(moto, org.rootId, 'Workloads');
  await createAccount(moto, { name: 'Workloads', email: 'workloads@example.com', parentId: ou, rootId });
  await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3().send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
  versions = {} as Record<FunctionKey, string>;
  for (const [key, zip] of Object.entries(ZIP_NAMES) as [FunctionKey, string][]) {
    const put = await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: `${DEFAULT_S3_PREFIX}/Lambda/${zip}`, Body: EMPTY_ZIP }));
    versions[key] = put.VersionId ?? '';
  }
  await new SESv2Client(moto.config()).send(new CreateEmailIdentityCommand({ EmailIdentity: ADMIN }));
  const cfn = new CloudFormationClient(moto.config());
  const parameters: Parameter[] = Object.entries({
    S3BucketName: BUCKET,
    AdminEmailAddress: ADMIN,
    ResourceOwnerTag: 'owner',
    AWSOrgID: org.orgId,
    OrgListAccount: org.managementAccountId,
    ...Object.fromEntries((Object.keys(versions) as FunctionKey[]).map((key) => [CODE_VERSION_PARAMETERS[key], versions[key]])),
  }).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  await cfn.send(new CreateStackCommand({ StackName: STACK, TemplateBody: loadTemplate(TEMPLATE_FILES.main).text, Parameters: parameters, Capabilities: ['CAPABILITY_NAMED_IAM'] }));
  await cfn.send(new CreateStackSetCommand({ StackSetName: DEFAULT_STACK_SET, TemplateBody: MEMBER_TEMPLATE, PermissionModel: 'SERVICE_MANAGED', AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false } }));
  await cfn.send(new CreateStackInstancesCommand({ StackSetName: DEFAULT_STACK_SET, DeploymentTargets: { OrganizationalUnitIds: [rootId] }, Regions: ['us-east-1'] }));
  await cfn.send(new CreateStackCommand({ StackName: `${DEFAULT_STACK_SET}-local`, TemplateBody: MEMBER_TEMPLATE }));
});

describe('npm run doctor', () => {
  test('a healthy deployment: every check passes, one line each, exit 0, and only reads were sent', async () => {
    const { plugin, sent } = recorder();
    const { code, lines } = await doctor([], [sesAccount({ production: true }), plugin]);
    expect(lines).toEqual([
      `PASS stack: main stack ${STACK} is CREATE_COMPLETE`,
      `PASS code: the three code objects exist in s3://${BUCKET}/${DEFAULT_S3_PREFIX}/Lambda/ in the versions the stack uses`,
      `PASS ses-sender: sender ${ADMIN} is verified in us-east-1`,
      'PASS ses-account: out of the SES sandbox; 0 of 200 emails sent in the last 24 hours, 1 per second',
      'PASS stackset: the member role is current in all 2 active accounts in scope, the management account included',
      'PASS dlq: both dead-letter queues are empty',
    ]);
    expect(code).toBe(0);
    expect(sent.length).toBeGreaterThan(6);
    expect(sent.filter((operation) => !isRead(...(operation.split('.') as [string, string])))).toEqual([]);
  });

  test('--format json: the same checks as objects, null fix when passing', async () => {
    const { code, stdout } = await doctor(['--format', 'json']);
    const report = JSON.parse(stdout) as { ok: boolean; checks: { id: string; ok: boolean; message: string; fix: string | null }[] };
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => check.id)).toEqual(['stack', 'code', 'ses-sender', 'ses-account', 'stackset', 'dlq']);
    expect(report.checks[0]).toEqual({ id: 'stack', ok: true, message: `main stack ${STACK} is CREATE_COMPLETE`, fix: null });
  });

  test('stack: a main stack that is not there, or failed or rolled back, fails with where to read why', async () => {
    const { code, lines } = await doctor(['--stack', 'no-such-stack']);
    expect(code).toBe(1);
    expect(line(lines, 'stack')).toBe('FAIL stack: main stack no-such-stack not found in us-east-1 -> fix: npm run deploy (it creates or updates the stacks, then runs this doctor), or pass --stack NAME --region REGION');
    // moto cannot be made to roll a stack back; the check reads the status DescribeStacks returns.
    const rolledBack = stackCheck({ stack: { StackName: STACK, StackStatus: 'UPDATE_ROLLBACK_COMPLETE', CreationTime: new Date() }, parameters: {} }, { stackName: STACK, stackSetName: DEFAULT_STACK_SET, region: 'eu-west-1' });
    expect(rolledBack).toMatchObject({ ok: false, message: `main stack ${STACK} is UPDATE_ROLLBACK_COMPLETE` });
    expect(rolledBack.fix).toContain(`aws cloudformation describe-stack-events --stack-name ${STACK} --region eu-west-1`);
  });

  test('code: an object version the stack uses is gone', async () => {
    await s3().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `${DEFAULT_S3_PREFIX}/Lambda/${ZIP_NAMES.notifier}`, VersionId: versions.notifier }));
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'code')).toBe(
      `FAIL code: s3://${BUCKET}/${DEFAULT_S3_PREFIX}/Lambda/${ZIP_NAMES.notifier} version ${versions.notifier} is missing -> fix: npm run upload -- --write-samconfig, then npm run deploy (the versions come from the upload)`,
    );
  });

  test('dlq: messages in a dead-letter queue: how many, and how to redrive', async () => {
    const sqs = new SQSClient(moto.config());
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: QUEUE_NAMES.rotationDlq }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"account":"111122223333"}' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"account":"111122223334"}' }));
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'dlq')).toMatch(
      new RegExp(`^FAIL dlq: ${QUEUE_NAMES.rotationDlq} holds 2 message\\(s\\): accounts or emails that failed three times -> fix: .*aws sqs start-message-move-task --source-arn arn:aws:sqs:us-east-1:<account>:<dlq>`),
    );
  });

  test('stackset: an account without the member role is named', async () => {
    // Created after the instances; moto has no automatic deployment, so it stands for an account AWS failed to deploy to.
    const late = await createAccount(moto, { name: 'Late', email: 'late@example.com', parentId: ou, rootId });
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'stackset')).toBe(
      `FAIL stackset: no role in ${late} (Late) -> fix: npm run deploy (or npm run stackset -- --ou <root or OU ids> --primary-account <this account>)`,
    );
  });

  test('ses-account: a quota nearly used, and the sandbox with the unverified recipients listed', async () => {
    const quota = await doctor([], [sesAccount({ production: true, sent: 190 })]);
    expect(quota.code).toBe(1);
    expect(line(quota.lines, 'ses-account')).toMatch(/^FAIL ses-account: SES sending quota nearly used: 190 of 200 emails sent in the last 24 hours, 1 per second -> fix: request a higher quota/);
    await new SESv2Client(moto.config()).send(new DeleteEmailIdentityCommand({ EmailIdentity: ADMIN }));
    const sandbox = await doctor([], [sesAccount({ production: false })]);
    expect(sandbox.code).toBe(1);
    expect(line(sandbox.lines, 'ses-account')).toMatch(
      new RegExp(`^FAIL ses-account: the account is in the SES sandbox in us-east-1: mail reaches verified addresses only .*; unverified: ${ADMIN}; .* -> fix: request production access: aws sesv2 put-account-details --production-access-enabled`),
    );
  });

  test('ses-sender: the sender is not an SES identity in the Region', async () => {
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'ses-sender')).toBe(
      `FAIL ses-sender: sender ${ADMIN} is not an SES identity in us-east-1: no email can be sent -> fix: aws sesv2 create-email-identity --email-identity ${ADMIN} --region us-east-1, then open the link SES mails to it`,
    );
  });

  test('a check that cannot run fails with its error, and the others still run', async () => {
    const denied: ClientPlugin = {
      applyToStack: (stack) =>
        stack.add(
          (next, context) => async (args) => {
            if (context.commandName === 'ListAccountsCommand') throw Object.assign(new Error('not authorized to perform organizations:ListAccounts'), { name: 'AccessDeniedException' });
            return next(args);
          },
          { step: 'initialize', priority: 'low' },
        ),
    };
    const { code, lines } = await doctor([], [sesAccount({ production: true }), denied]);
    expect(code).toBe(1);
    expect(line(lines, 'stackset')).toMatch(/^FAIL stackset: could not check: .*AccessDeniedException: not authorized to perform organizations:ListAccounts -> fix: /);
    expect(lines).toHaveLength(6);
  });

  test('arguments: --format is text or json', () => {
    expect(() => parseDoctorArgs(['--format', 'yaml'])).toThrow(/--format must be text or json/);
    expect(parseDoctorArgs([])).toMatchObject({ stackSet: DEFAULT_STACK_SET, format: 'text', demo: false });
  });
});
