/**
 * The three functions, their log groups, the queues' event source mappings
 * and the daily schedule of the inventory.
 */
import { Events, Fn, Lambda, Logs, Refs } from 'cloudform';
import { CODE_VERSION_PARAMETERS, FUNCTION_NAMES, S3_FOLDERS, ZIP_NAMES, type FunctionKey } from '../../contract/names';
import { CONDITION } from './conditions';
import { ENVIRONMENT } from './environment';
import { FUNCTION_SETTINGS, NOTIFIER_MAX_CONCURRENCY, RUNTIME } from './function-settings';
import { FUNCTION_IDS, IDS, LOG_GROUP_IDS, ROLE_IDS } from './logical-ids';
import { onlyIf } from '../lib/intrinsics';
import { onRemoval } from '../lib/lifecycle';
import { ref } from './parameters';

const KEYS: readonly FunctionKey[] = ['rotation', 'inventory', 'notifier'];

// Deleted with the stack: a retained group with this fixed name would make the next deployment fail.
const logGroup = (key: FunctionKey) =>
  onRemoval(
    new Logs.LogGroup({
      LogGroupName: `/aws/lambda/${FUNCTION_NAMES[key]}`,
      RetentionInDays: ref('LogRetentionDays'),
      KmsKeyId: Fn.GetAtt(IDS.operationsKey, 'Arn'),
    }),
    'Delete',
  );

const lambdaFunction = (key: FunctionKey) =>
  new Lambda.Function({
    FunctionName: FUNCTION_NAMES[key],
    Description: FUNCTION_SETTINGS[key].description,
    Runtime: RUNTIME.runtime,
    Architectures: [RUNTIME.architecture],
    Handler: RUNTIME.handler,
    MemorySize: FUNCTION_SETTINGS[key].memory,
    Timeout: FUNCTION_SETTINGS[key].timeout,
    Role: Fn.GetAtt(ROLE_IDS[key], 'Arn'),
    Code: {
      S3Bucket: ref('S3BucketName'),
      S3Key: Fn.Sub(`\${S3BucketPrefix}/${S3_FOLDERS.lambda}/${ZIP_NAMES[key]}`, {}),
      S3ObjectVersion: Fn.If(CONDITION.hasCodeVersion[key], ref(CODE_VERSION_PARAMETERS[key]), Refs.NoValue),
    },
    Environment: { Variables: ENVIRONMENT[key] },
    VpcConfig: onlyIf(CONDITION.runInVpc, { SecurityGroupIds: [Fn.Ref(IDS.securityGroup)], SubnetIds: Fn.Split(',', ref('SubnetId')) }),
  }).dependsOn(LOG_GROUP_IDS[key]);

const fromQueue = (key: FunctionKey, queueId: string, batchSize: number, maximumConcurrency: ReturnType<typeof ref> | number) =>
  new Lambda.EventSourceMapping({
    EventSourceArn: Fn.GetAtt(queueId, 'Arn'),
    FunctionName: Fn.Ref(FUNCTION_IDS[key]),
    BatchSize: batchSize,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    ScalingConfig: { MaximumConcurrency: maximumConcurrency },
    Enabled: true,
  });

export const functions = {
  ...Object.fromEntries(KEYS.map((key) => [LOG_GROUP_IDS[key], logGroup(key)])),
  ...Object.fromEntries(KEYS.map((key) => [FUNCTION_IDS[key], lambdaFunction(key)])),
  // One account per invocation: a rotation run is long and its failures are per account.
  RotationEventSourceMapping: fromQueue('rotation', IDS.rotationQueue, 1, ref('RotationMaxConcurrency')),
  NotificationEventSourceMapping: fromQueue('notifier', IDS.notificationQueue, 10, NOTIFIER_MAX_CONCURRENCY),
  [IDS.schedule]: new Events.Rule({
    Description: 'Runs the account inventory, which starts rotation in every account.',
    ScheduleExpression: ref('ScheduleExpression'),
    State: 'ENABLED',
    Targets: [{ Id: 'AccountInventory', Arn: Fn.GetAtt(FUNCTION_IDS.inventory, 'Arn'), RetryPolicy: { MaximumRetryAttempts: 2 } }],
  }),
  InventorySchedulePermission: new Lambda.Permission({
    Action: 'lambda:InvokeFunction',
    FunctionName: Fn.Ref(FUNCTION_IDS.inventory),
    Principal: 'events.amazonaws.com',
    SourceArn: Fn.GetAtt(IDS.schedule, 'Arn'),
  }),
};
