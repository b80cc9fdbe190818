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
  DescribeStackResourcesCommand,
  type Parameter,
} from '@aws-sdk/client-cloudformation';
import { ConfigServiceClient, PutConfigRuleCommand } from '@aws-sdk/client-config-service';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DisableRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, DeleteObjectCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CreateEmailIdentityCommand, DeleteEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CODE_VERSION_PARAMETERS, DEFAULT_S3_PREFIX, QUEUE_NAMES, TEMPLATE_FILES, ZIP_NAMES, type FunctionKey } from '../../../contract/names';
import { MANAGEMENT_ACCOUNT_ID } from '../../../emulator/moto';
import { createAccount, createOrganization, createOrganizationalUnit } from '../../../emulator/organization';
import type { ClientPlugin } from '../../../functions/core/aws/plugins';
import { readMainStack, sesAccountCheck, stackCheck, type MainStack } from '../../../scripts/doctor/checks';
import { doctorClients } from '../../../scripts/doctor/clients';
import { internetHosts, readDeliveryState } from '../../../scripts/doctor/delivery-check';
import { doctorExitCode, formatResults } from '../../../scripts/doctor/run';
import { vpcCheck } from '../../../scripts/doctor/vpc-check';
import { DEFAULT_STACK_SET, parseDoctorArgs, runDoctorCommand } from '../../../scripts/doctor/command';
import { isRead } from '../../../scripts/plan/read-only';
import { useMoto } from '../../harness/moto';
import { loadTemplate } from '../../templates/templates';

const moto = useMoto();
const BUCKET = 'doctor-artifacts';
const ADMIN = 'security-admin@example.com';
const STACK = 'asa-iam-key-rotation';
const KEY_ADMIN = `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:role/key-admin`;
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

async function physicalId(type: string): Promise<string> {
  const { StackResources } = await new CloudFormationClient(moto.config()).send(new DescribeStackResourcesCommand({ StackName: STACK }));
  const id = StackResources?.find((resource) => resource.ResourceType === type)?.PhysicalResourceId;
  if (!id) throw new Error(`no ${type} in ${STACK}`);
  return id;
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
    KeyAdministratorArns: KEY_ADMIN,
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
      expect.stringMatching(/^PASS schedule: schedule rule \S+ is enabled \(cron\(0 6 \* \* \? \*\)\)$/),
      'PASS dlq: both dead-letter queues are empty',
      expect.stringMatching(/^PASS last-run: no run yet \(deployed \S+\): the first starts at cron\(0 6 \* \* \? \*\)$/),
      `PASS kms: 1 key(s) administered by arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:root, ${KEY_ADMIN} (KeyAdministratorArns, and the account root through IAM)`,
      'PASS compliance: no Config rule access-keys-rotated (Security Hub IAM.3) here: nothing to align',
      `PASS delivery: no delivery.yaml: delivery off (s3://${BUCKET}/${DEFAULT_S3_PREFIX}/Config/delivery.yaml absent)`,
      'PASS vpc: not in a VPC (RunLambdaInVPC is not True): the functions reach AWS and the delivery hosts directly',
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
    expect(report.checks.map((check) => check.id)).toEqual(['stack', 'code', 'ses-sender', 'ses-account', 'stackset', 'schedule', 'dlq', 'last-run', 'kms', 'compliance', 'delivery', 'vpc']);
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
      new RegExp(
        `^FAIL ses-account: the account is in the SES sandbox in us-east-1: mail reaches verified addresses only; 1 of 1 recipient\\(s\\) unverified: ${ADMIN} \\(no run has closed yet, so the account contacts and key owners are unknown\\); .* -> fix: request production access: aws sesv2 put-account-details --production-access-enabled`,
      ),
    );
  });

  test('ses-sender: the sender is not an SES identity in the Region', async () => {
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'ses-sender')).toBe(
      `FAIL ses-sender: sender ${ADMIN} is not an SES identity in us-east-1: no email can be sent -> fix: aws sesv2 create-email-identity --email-identity ${ADMIN} --region us-east-1, then open the link SES mails to it`,
    );
  });

  test('ses-account: in the sandbox, the account contacts and key owners the latest run recorded: the unverified are named (ten, and the count of the rest); all verified passes', async () => {
    const ses = new SESv2Client(moto.config());
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: ADMIN }));
    // A verified domain covers its addresses.
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'verified.example.org' }));
    const report = (accountId: string, ownerAddresses: string[], contactAddress?: string) => ({
      version: 1,
      recipient: { email: ADMIN, role: 'ADMIN' },
      accountId,
      dryRun: false,
      generatedAt: '2026-01-05T06:00:00.000Z',
      runId: 'run-2',
      expectedAccounts: 2,
      settings: { rotationPeriodDays: 90, inactiveBufferDays: 10, recoveryGracePeriodDays: 10 },
      users: [],
      failures: [],
      ownerAddresses,
      ...(contactAddress ? { contactAddress } : {}),
    });
    const digest = (runId: string, reports: object[]) =>
      s3().send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: `${DEFAULT_S3_PREFIX}/Digests/${runId}.json`,
          Body: JSON.stringify({ version: 1, runId, expectedAccounts: reports.length, closedBy: 'complete', closedAt: '2026-01-05T06:10:00.000Z', reports, keyRows: [] }),
        }),
      );
    // An older run (written a day earlier, as S3 dates it): only the latest run's owners count.
    await moto.clock.set(new Date(Date.now() - 86_400_000));
    await digest('run-1', [report('111111111111', ['left-long-ago@example.com'])]);
    await moto.clock.reset();
    const owners = Array.from({ length: 12 }, (_, i) => `owner-${String(i + 1).padStart(2, '0')}@example.com`);
    // Each account's contact (its Organizations email) is mailed too; one is at the verified domain.
    await digest('run-2', [
      report('111111111111', [...owners.slice(0, 6), 'dev@verified.example.org'], 'aws-111@example.com'),
      report('222222222222', [...owners.slice(6), ADMIN.toUpperCase()], 'aws-222@verified.example.org'),
    ]);
    const { code, lines } = await doctor([], [sesAccount({ production: false })]);
    expect(code).toBe(1);
    expect(line(lines, 'ses-account')).toBe(
      `FAIL ses-account: the account is in the SES sandbox in us-east-1: mail reaches verified addresses only; 13 of 16 recipient(s) unverified: aws-111@example.com, ${owners.slice(0, 9).join(', ')} and 3 more ` +
        '(the admin, the account contacts and the key owners of the latest run run-2 closed 2026-01-05); 0 of 200 emails sent in the last 24 hours, 1 per second ' +
        '-> fix: request production access: aws sesv2 put-account-details --production-access-enabled --mail-type TRANSACTIONAL --website-url URL --region us-east-1; ' +
        'or verify each address: aws sesv2 create-email-identity --email-identity ADDRESS --region us-east-1, then its owner opens the link SES mails',
    );
    for (const address of [...owners, 'aws-111@example.com']) await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: address }));
    const clients = doctorClients('us-east-1', [sesAccount({ production: false })]);
    const result = await sesAccountCheck(clients, await readMainStack(clients, { stackName: STACK, stackSetName: DEFAULT_STACK_SET, region: 'us-east-1' }), { stackName: STACK, stackSetName: DEFAULT_STACK_SET, region: 'us-east-1' });
    expect(doctorExitCode([result])).toBe(0);
    expect(formatResults([result], 'text').trimEnd()).toBe(
      'PASS ses-account: in the SES sandbox in us-east-1, but all 16 known recipient(s) are verified (the admin, the account contacts and the key owners of the latest run run-2 closed 2026-01-05); ' +
        'a new owner or account must be verified before mail reaches it; 0 of 200 emails sent in the last 24 hours, 1 per second',
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
    expect(lines).toHaveLength(12);
  });

  test('schedule: a disabled rule starts no run', async () => {
    const rule = await physicalId('AWS::Events::Rule');
    await new EventBridgeClient(moto.config()).send(new DisableRuleCommand({ Name: rule }));
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'schedule')).toBe(`FAIL schedule: schedule rule ${rule} is DISABLED: no daily run starts -> fix: aws events enable-rule --name ${rule} --region us-east-1`);
  });

  test('last-run: the latest key report is days old', async () => {
    const day = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: `${DEFAULT_S3_PREFIX}/reports/${day}/keys.csv`, Body: 'accountId\r\n' }));
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'last-run')).toMatch(
      new RegExp(`^FAIL last-run: the last run that finished was on ${day}, 5 days ago \\(its key report: s3://${BUCKET}/${DEFAULT_S3_PREFIX}/reports/${day}/keys.csv\\) -> fix: wait for the schedule`),
    );
  });

  test('kms: a key policy naming no administrator besides the account root', async () => {
    const key = await physicalId('AWS::KMS::Key');
    const rootOnly = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'AccountAdministersKey', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:root` }, Action: ['kms:DescribeKey', 'kms:PutKeyPolicy'], Resource: '*' }],
    };
    await new KMSClient(moto.config()).send(new PutKeyPolicyCommand({ KeyId: key, PolicyName: 'default', Policy: JSON.stringify(rootOnly) }));
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'kms')).toBe(
      `FAIL kms: the key policy of OperationsKey (${key}) names no administrator besides the account root: administering the key depends on IAM policies alone ` +
        '-> fix: set KeyAdministratorArns in samconfig.toml to the role ARNs that administer the keys (or leave it empty: npm run deploy then names the deploying role), then npm run deploy',
    );
  });

  test('kms: a key policy nobody may change', async () => {
    const key = await physicalId('AWS::KMS::Key');
    const lockedOut = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:root` }, Action: ['kms:Decrypt'], Resource: '*' }] };
    await new KMSClient(moto.config()).send(new PutKeyPolicyCommand({ KeyId: key, PolicyName: 'default', Policy: JSON.stringify(lockedOut), BypassPolicyLockoutSafetyCheck: true }));
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'kms')).toMatch(new RegExp(`^FAIL kms: nobody may change the key policy of OperationsKey \\(${key}\\): the key cannot be administered -> fix: `));
  });

  test('compliance: a Config rule access-keys-rotated at 90 days against 90 + 10: why the finding stays FAILED, and what avoids it', async () => {
    await new ConfigServiceClient(moto.config()).send(
      new PutConfigRuleCommand({
        ConfigRule: { ConfigRuleName: 'access-keys-rotated', Source: { Owner: 'AWS', SourceIdentifier: 'ACCESS_KEYS_ROTATED' }, InputParameters: JSON.stringify({ maxAccessKeyAge: '90' }) },
      }),
    );
    const { code, lines } = await doctor();
    expect(code).toBe(1);
    expect(line(lines, 'compliance')).toBe(
      'FAIL compliance: Config rule access-keys-rotated (maxAccessKeyAge 90): every replaced key stays active until day RotationPeriod + InactiveBuffer = 90 + 10 = 100, ' +
        'so every rotated key fails the limit (Security Hub IAM.3, Config access-keys-rotated) for 11 day(s) each cycle: keep RotationPeriod + InactiveBuffer below 90 ' +
        '(for example RotationPeriod=79 with InactiveBuffer=10); the finding stays FAILED until each deactivation (never mark it resolved by hand) ' +
        '-> fix: set RotationPeriod and InactiveBuffer so their sum is below 90 (samconfig.toml, then npm run deploy); set ComplianceMaxKeyAge=90 so the plan, the digest and the key report count the failing keys',
    );
  });

  test('arguments: --format is text or json', () => {
    expect(() => parseDoctorArgs(['--format', 'yaml'])).toThrow(/--format must be text or json/);
    expect(parseDoctorArgs([])).toMatchObject({ stackSet: DEFAULT_STACK_SET, format: 'text', demo: false });
  });

  describe('delivery: the uploaded delivery.yaml parses and its token secrets exist', () => {
    const key = `${DEFAULT_S3_PREFIX}/Config/delivery.yaml`;
    const where = `s3://${BUCKET}/${key}`;
    const upload = (body: string) => s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    const file = (tokenSecretArn: string, github = '{ repository: acme/app }') =>
      ['version: 1', 'github:', '  apiUrl: https://api.github.com', `  tokenSecretArn: ${tokenSecretArn}`, 'targets:', '  - account: "111122223333"', '    user: ci-deployer', '    deliver:', `      - github: ${github}`, ''].join('\n');
    const missingArn = `arn:aws:secretsmanager:us-east-1:${MANAGEMENT_ACCOUNT_ID}:secret:iam-key-rotation/delivery/github-AbCdEf`;
    afterAll(() => s3().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key })));

    test('a wrong field: named with its line, and how to upload the corrected file', async () => {
      await upload(file(missingArn, '{ repository: acme/app, enviroment: production }'));
      const { code, lines } = await doctor();
      expect(code).toBe(1);
      expect(line(lines, 'delivery')).toBe(
        `FAIL delivery: ${where}: targets[0].deliver[0].github.enviroment (line 9): unknown field -> fix: correct targets[0].deliver[0].github.enviroment on line 9, then npm run upload -- --bucket ${BUCKET} --prefix ${DEFAULT_S3_PREFIX} --delivery-config delivery.yaml (it checks the file first)`,
      );
    });

    test('a token secret that does not exist is named, and only described, never read', async () => {
      await upload(file(missingArn));
      const { plugin, sent } = recorder();
      const { code, lines } = await doctor([], [sesAccount({ production: true }), plugin]);
      expect(code).toBe(1);
      expect(line(lines, 'delivery')).toBe(
        `FAIL delivery: ${where}: the token secret of github.tokenSecretArn (${missingArn}) does not exist: no key can be delivered there -> fix: create iam-key-rotation/delivery/github in us-east-1 holding {"token": ...} (aws secretsmanager create-secret --name <name> --secret-string file://token.json --region us-east-1), then put its ARN in delivery.yaml and npm run upload -- --bucket ${BUCKET} --prefix ${DEFAULT_S3_PREFIX} --delivery-config delivery.yaml (it checks the file first)`,
      );
      expect(sent).toContain('SecretsManager.DescribeSecret');
      expect(sent).not.toContain('SecretsManager.GetSecretValue');
    });

    test('a valid file whose token secret exists passes', async () => {
      const { ARN } = await new SecretsManagerClient(moto.config()).send(new CreateSecretCommand({ Name: 'iam-key-rotation/delivery/github', SecretString: '{"token":"not-a-real-token"}' }));
      await upload(file(ARN ?? ''));
      const { lines } = await doctor();
      expect(line(lines, 'delivery')).toBe(`PASS delivery: ${where} is valid: 1 user(s), 1 target(s); token secret(s) of github exist`);
      // What the vpc check is told: the GitHub API is a host the functions must reach over the Internet.
      const clients = doctorClients('us-east-1');
      const state = await readDeliveryState(clients, await readMainStack(clients, { stackName: STACK, stackSetName: DEFAULT_STACK_SET, region: 'us-east-1' }));
      expect(internetHosts(state)).toEqual(['https://api.github.com']);
    });
  });

  describe('vpc: in VPC mode, endpoints or a NAT route', () => {
    const ec2 = () => new EC2Client(moto.config());
    let vpcId: string;
    let subnetId: string;
    let tableId: string;
    const main = (): MainStack => ({
      stack: { StackName: STACK, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() },
      parameters: { RunLambdaInVPC: 'True', VpcId: vpcId, SubnetId: subnetId },
    });
    // The main stack cannot be moved into a VPC on moto (its functions would need real network interfaces): the check reads these parameters.
    const check = async (hosts: readonly string[] = []) => {
      const result = await vpcCheck(doctorClients('us-east-1'), main(), hosts);
      return { code: doctorExitCode([result]), line: formatResults([result], 'text').trimEnd() };
    };

    beforeAll(async () => {
      vpcId = (await ec2().send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc?.VpcId ?? '';
      subnetId = (await ec2().send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.20.1.0/24' }))).Subnet?.SubnetId ?? '';
      tableId = (await ec2().send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable?.RouteTableId ?? '';
      await ec2().send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }));
    });

    test('VPC mode without subnets fails rather than passing with nothing checked', async () => {
      const result = await vpcCheck(doctorClients('us-east-1'), { ...main(), parameters: { RunLambdaInVPC: 'True', VpcId: vpcId, SubnetId: '' } }, []);
      expect(doctorExitCode([result])).toBe(1);
      expect(formatResults([result], 'text').trimEnd()).toBe(
        'FAIL vpc: RunLambdaInVPC is True but VpcId or SubnetId is empty: the functions have no subnets to run in -> fix: set VpcId and SubnetId (samconfig.toml), then npm run deploy',
      );
    });

    test('neither endpoints nor a NAT route: what is missing, and both fixes', async () => {
      const { code, line: text } = await check(['https://api.github.com']);
      expect(code).toBe(1);
      expect(text).toBe(
        `FAIL vpc: VPC ${vpcId}, subnet(s) ${subnetId}: no endpoint for STS (interface), Secrets Manager (interface), SQS (interface), SES (interface), S3 (gateway) and no NAT route in ${subnetId}: those calls time out; ` +
          `delivery.yaml sends keys to https://api.github.com, on the Internet: those need the NAT route -> fix: deploy dist/CloudFormation/${TEMPLATE_FILES.vpcEndpoints} in this VPC (or create the missing endpoints), or add a route 0.0.0.0/0 to a NAT gateway in the route table of ${subnetId}`,
      );
    });

    test('every endpoint: passes without delivery hosts, fails with a GitHub target and no NAT route', async () => {
      for (const service of ['sts', 'secretsmanager', 'sqs', 'email-smtp']) {
        await ec2().send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: `com.amazonaws.us-east-1.${service}`, SubnetIds: [subnetId] }));
      }
      const partial = await check();
      expect(partial.code).toBe(1);
      expect(partial.line).toMatch(new RegExp(`^FAIL vpc: VPC ${vpcId}, subnet\\(s\\) ${subnetId}: no endpoint for S3 \\(gateway\\) and no NAT route`));
      await ec2().send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.us-east-1.s3', RouteTableIds: [tableId] }));
      const endpoints = await check();
      expect(endpoints.code).toBe(0);
      expect(endpoints.line).toBe(
        `PASS vpc: VPC ${vpcId}, subnet(s) ${subnetId}: endpoints for STS, Secrets Manager, SQS, SES and S3 (no NAT route: GitHub/GitLab delivery targets, if added to delivery.yaml, would need a NAT route)`,
      );
      const github = await check(['https://api.github.com']);
      expect(github.code).toBe(1);
      expect(github.line).toBe(
        `FAIL vpc: VPC ${vpcId}, subnet(s) ${subnetId}: the VPC endpoints are all there, but no NAT route in ${subnetId}: delivery.yaml sends keys to https://api.github.com, on the Internet: those need the NAT route -> fix: add a route 0.0.0.0/0 to a NAT gateway in the route table of ${subnetId}`,
      );
    });

    test('a NAT route in the subnets route table reaches everything', async () => {
      const { AllocationId } = await ec2().send(new AllocateAddressCommand({ Domain: 'vpc' }));
      const nat = (await ec2().send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId }))).NatGateway?.NatGatewayId ?? '';
      await ec2().send(new CreateRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat }));
      const { code, line: text } = await check(['https://api.github.com']);
      expect(code).toBe(0);
      expect(text).toBe(`PASS vpc: VPC ${vpcId}, subnet(s) ${subnetId}: every function subnet routes 0.0.0.0/0 to a NAT gateway (AWS APIs and the delivery hosts are reachable)`);
    });
  });
});
