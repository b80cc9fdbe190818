/**
 * The main stack creates in moto's CloudFormation with sample parameters
 * (plain CloudFormation, so no SAM translation), and what it creates is wired
 * as designed: functions, queues with dead-letter queues, event source mappings.
 */
import { CloudFormationClient, CreateStackCommand, DescribeStackResourcesCommand, DescribeStacksCommand, type Parameter } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { FUNCTION_NAMES, QUEUE_NAMES, TEMPLATE_FILES, ZIP_NAMES, CODE_VERSION_PARAMETERS, DEFAULT_S3_PREFIX } from '../../contract/names';
import { ROTATION_ENV } from '../../contract/env/rotation';
import { INVENTORY_ENV } from '../../contract/env/inventory';
import { MANAGEMENT_ACCOUNT_ID, REGION } from '../../emulator/moto';
import { useMoto } from '../harness/moto';
import { loadTemplate } from './templates';

const moto = useMoto();
const BUCKET = 'asa-iam-rotation-artifacts';
/** The smallest valid zip (an empty archive): moto stores the code, it never runs it. */
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
/**
 * CloudFormation's limit for a template read from S3. The main stack outgrew the
 * 51,200 bytes of an inline TemplateBody (issue 19's queue policies and rule),
 * so samconfig.toml has sam upload it (resolve_s3), and this test deploys it from S3 too.
 */
const TEMPLATE_URL_LIMIT = 1_048_576;

const SAMPLE_PARAMETERS: Record<string, string> = {
  S3BucketName: BUCKET,
  AdminEmailAddress: 'security-admin@example.com',
  ResourceOwnerTag: 'owner-email',
  AWSOrgID: 'o-a1b2c3d4e5',
  OrgListAccount: MANAGEMENT_ACCOUNT_ID,
  ExcludeAccounts: '111111111111,222222222222',
};

interface LambdaConfiguration {
  Runtime: string;
  Architectures: string[];
  Handler: string;
  MemorySize: number;
  Timeout: number;
  Role: string;
  Environment: { Variables: Record<string, string> };
}

/** Lambda's REST API through moto (the project has no Lambda SDK client; moto does not check signatures). */
async function lambdaApi<T>(pathAndQuery: string): Promise<T> {
  const response = await fetch(`${moto.endpoint}/2015-03-31/${pathAndQuery}`, {
    headers: { authorization: `AWS4-HMAC-SHA256 Credential=testing/20250101/${REGION}/lambda/aws4_request, SignedHeaders=host, Signature=0` },
  });
  if (!response.ok) throw new Error(`lambda ${pathAndQuery}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

describe('the main stack in moto CloudFormation', () => {
  const cfn = new CloudFormationClient(moto.config());
  const sqs = new SQSClient(moto.config());
  const template = loadTemplate(TEMPLATE_FILES.main);
  let versions: Record<string, string>;

  beforeAll(async () => {
    const s3 = new S3Client({ ...moto.config(), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
    versions = {};
    for (const [key, zip] of Object.entries(ZIP_NAMES)) {
      const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${DEFAULT_S3_PREFIX}/Lambda/${zip}`, Body: EMPTY_ZIP }));
      versions[CODE_VERSION_PARAMETERS[key as keyof typeof ZIP_NAMES]] = put.VersionId ?? '';
    }
    const parameters: Parameter[] = Object.entries({ ...SAMPLE_PARAMETERS, ...versions }).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${DEFAULT_S3_PREFIX}/CloudFormation/${TEMPLATE_FILES.main}`, Body: template.text }));
    // The URL form CloudFormation takes; moto reads the object from its own S3.
    const templateUrl = `https://${BUCKET}.s3.amazonaws.com/${DEFAULT_S3_PREFIX}/CloudFormation/${TEMPLATE_FILES.main}`;
    await cfn.send(new CreateStackCommand({ StackName: 'iam-key-rotation', TemplateURL: templateUrl, Parameters: parameters, Capabilities: ['CAPABILITY_NAMED_IAM'] }));
  });

  it('fits in a template CloudFormation reads from S3', () => {
    expect(Buffer.byteLength(template.text)).toBeLessThan(TEMPLATE_URL_LIMIT);
  });

  it('reaches CREATE_COMPLETE', async () => {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: 'iam-key-rotation' }));
    expect(Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs.oAccessKeyRotateLambdaFunction).toMatch(new RegExp(`:function:${FUNCTION_NAMES.rotation}$`));
    expect(outputs.oSecretsKmsKeyArn).toBeUndefined(); // member mode: no central secrets key
  });

  it('creates the three functions on nodejs22.x arm64 with their execution roles and environments', async () => {
    const { StackResources } = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'iam-key-rotation' }));
    const types = (StackResources ?? []).map((r) => r.ResourceType);
    expect(types.filter((t) => t === 'AWS::Lambda::Function')).toHaveLength(3);
    expect(types.filter((t) => t === 'AWS::SQS::Queue')).toHaveLength(4);
    expect(types.filter((t) => t === 'AWS::IAM::Role')).toHaveLength(3);

    const rotation = await lambdaApi<LambdaConfiguration>(`functions/${FUNCTION_NAMES.rotation}/configuration`);
    expect(rotation).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler', MemorySize: 512, Timeout: 900 });
    // moto's CloudFormation drops Architectures (it creates x86_64), so arm64 is checked in the template itself.
    for (const id of ['AccessKeyRotateLambdaFunction', 'AccountInventoryLambdaFunction', 'NotifierLambdaFunction']) {
      expect(((template.json.Resources as Record<string, { Properties: { Architectures: string[] } }>)[id])?.Properties.Architectures).toEqual(['arm64']);
    }
    expect(rotation.Role).toMatch(/:role\/asa-iam-key-rotation-lambda-execution-role$/);
    const env = rotation.Environment.Variables;
    expect(env[ROTATION_ENV.dryRun]).toBe('True');
    expect(String(env[ROTATION_ENV.rotationPeriod])).toBe('90'); // moto keeps the number parameter's type; Lambda returns strings
    expect(env[ROTATION_ENV.ownerTagKey]).toBe('owner-email');
    expect(env[ROTATION_ENV.secretsKmsKeyArn]).toBe('');
    // The queue's URL (moto's CloudFormation writes the AWS host, its API the local one: compare the path).
    const { QueueUrl: notificationQueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: QUEUE_NAMES.notification }));
    expect(new URL(env[ROTATION_ENV.notificationQueueUrl] ?? '').pathname).toBe(new URL(notificationQueueUrl ?? '').pathname);

    const inventory = await lambdaApi<LambdaConfiguration>(`functions/${FUNCTION_NAMES.inventory}/configuration`);
    expect(inventory.Environment.Variables[INVENTORY_ENV.excludeAccounts]).toBe('111111111111,222222222222');
    expect(inventory.Environment.Variables[INVENTORY_ENV.orgListAccount]).toBe(MANAGEMENT_ACCOUNT_ID);
  });

  it('sends what fails three times to the encrypted dead-letter queues', async () => {
    for (const [queue, dlq] of [[QUEUE_NAMES.rotation, QUEUE_NAMES.rotationDlq], [QUEUE_NAMES.notification, QUEUE_NAMES.notificationDlq]] as const) {
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
      expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: `arn:aws:sqs:${REGION}:${MANAGEMENT_ACCOUNT_ID}:${dlq}`, maxReceiveCount: 3 });
      expect(Attributes?.SqsManagedSseEnabled).toBe('true');
    }
  });

  it('feeds the rotation and notifier functions from their queues, reporting partial batch failures', async () => {
    const { EventSourceMappings } = await lambdaApi<{ EventSourceMappings: { EventSourceArn: string; FunctionArn: string; BatchSize: number; FunctionResponseTypes?: string[] }[] }>('event-source-mappings/');
    const byQueue = Object.fromEntries(EventSourceMappings.map((m) => [m.EventSourceArn.split(':').pop(), m]));
    expect(byQueue[QUEUE_NAMES.rotation]?.FunctionArn).toMatch(new RegExp(`:function:${FUNCTION_NAMES.rotation}$`));
    expect(byQueue[QUEUE_NAMES.rotation]?.BatchSize).toBe(1);
    expect(byQueue[QUEUE_NAMES.notification]?.FunctionArn).toMatch(new RegExp(`:function:${FUNCTION_NAMES.notifier}$`));
  });
});
