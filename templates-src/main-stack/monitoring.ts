/**
 * Encryption key for logs and alarms, the alarm topic mailing the admin, and
 * alarms on dead-letter depth and function errors.
 */
import { CloudWatch, Fn, KMS as CfnKMS, SNS as CfnSNS } from 'cloudform';
import { KMS, SNS, policy, when, type Statement } from '../lib/iam';
import { accountAdministersKey, namedAdministratorsAdministerKey } from '../lib/kms';
import { onRemoval } from '../lib/lifecycle';
import { FUNCTION_NAMES, type FunctionKey } from '../../contract/names';
import { CONDITION } from './conditions';
import { FUNCTION_IDS, IDS } from './logical-ids';
import { ref } from './parameters';

const KEYS: readonly FunctionKey[] = ['rotation', 'inventory', 'notifier'];

const sourceAccount = { StringEquals: { 'aws:SourceAccount': Fn.Ref('AWS::AccountId') } };

const cloudWatchUsesKey: Statement = {
  Sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
  Effect: 'Allow',
  Principal: { Service: 'cloudwatch.amazonaws.com' },
  Action: [KMS.Decrypt, KMS.GenerateDataKey],
  Resource: '*',
  Condition: sourceAccount,
};

const logsUseKey: Statement = {
  Sid: 'LogsEncryptFunctionLogGroups',
  Effect: 'Allow',
  Principal: { Service: Fn.Sub('logs.${AWS::Region}.amazonaws.com', {}) },
  Action: [KMS.Encrypt, KMS.Decrypt, KMS.ReEncryptFrom, KMS.ReEncryptTo, KMS.GenerateDataKey, KMS.DescribeKey],
  Resource: '*',
  Condition: {
    ArnEquals: {
      'kms:EncryptionContext:aws:logs:arn': KEYS.map((key) =>
        Fn.Sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${FUNCTION_NAMES[key]}`, {}),
      ),
    },
  },
};

const alarm = (description: string, namespace: string, metric: string, statistic: string, dimension: { Name: string; Value: ReturnType<typeof Fn.Ref> }) =>
  new CloudWatch.Alarm({
    AlarmDescription: description,
    Namespace: namespace,
    MetricName: metric,
    Dimensions: [dimension],
    Statistic: statistic,
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 0,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
    AlarmActions: [Fn.Ref(IDS.alarmTopic)],
  });

const dlqAlarm = (what: string, dlqId: string) =>
  alarm(`Messages in the ${what} dead-letter queue: they failed every retry. Inspect them, fix the cause, then redrive.`, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'Maximum', {
    Name: 'QueueName',
    Value: Fn.GetAtt(dlqId, 'QueueName'),
  });

const errorAlarm = (key: FunctionKey) =>
  alarm(`${FUNCTION_NAMES[key]} reported errors. See its log group.`, 'AWS/Lambda', 'Errors', 'Sum', { Name: 'FunctionName', Value: Fn.Ref(FUNCTION_IDS[key]) });

export const monitoring = {
  // Encrypts only what the stack itself deletes (its log groups, the topic's messages in flight).
  [IDS.operationsKey]: onRemoval(
    new CfnKMS.Key({
      Description: 'Encrypts the IAM key rotation logs and alarm topic',
      EnableKeyRotation: true,
      KeyPolicy: policy(accountAdministersKey, when(CONDITION.hasKeyAdministrators, namedAdministratorsAdministerKey(ref('KeyAdministratorArns'))), cloudWatchUsesKey, logsUseKey),
    }),
    'Delete',
  ),
  [IDS.alarmTopic]: new CfnSNS.Topic({ DisplayName: 'IAM key rotation alarms', KmsMasterKeyId: Fn.Ref(IDS.operationsKey) }),
  AlarmTopicPolicy: new CfnSNS.TopicPolicy({
    Topics: [Fn.Ref(IDS.alarmTopic)],
    PolicyDocument: policy({
      Sid: 'CloudWatchAlarmsPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: [SNS.Publish],
      Resource: Fn.Ref(IDS.alarmTopic),
      Condition: sourceAccount,
    }),
  }),
  AlarmEmailSubscription: new CfnSNS.Subscription({ TopicArn: Fn.Ref(IDS.alarmTopic), Protocol: 'email', Endpoint: ref('AdminEmailAddress') }),
  RotationDeadLetterAlarm: dlqAlarm('rotation', IDS.rotationDlq),
  NotificationDeadLetterAlarm: dlqAlarm('notification', IDS.notificationDlq),
  RotationErrorsAlarm: errorAlarm('rotation'),
  InventoryErrorsAlarm: errorAlarm('inventory'),
  NotifierErrorsAlarm: errorAlarm('notifier'),
};
