/** The main stack: functions, queues, schedule, alarms, optional VPC and secrets key. */
import { Fn } from 'cloudform';
import type { Template, TemplateSource } from '../lib/template';
import { TEMPLATE_FILES } from '../../contract/names';
import { CONDITION, conditions } from './conditions';
import { DASHBOARD_ID, dashboard } from './dashboard';
import { functions } from './functions';
import { lifecycleRules } from './lifecycle-rules';
import { FUNCTION_IDS, IDS } from './logical-ids';
import { monitoring } from './monitoring';
import { parameters, ref } from './parameters';
import { queuePolicies } from './queue-policies';
import { queues } from './queues';
import { replicaKeyRule } from './replica-key-rule';
import { roles } from './roles';
import { secretsKey } from './secrets-key';
import { vpc } from './vpc';

export function mainStack(): Template {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'IAM access key rotation across an AWS Organization: inventory, rotation and notifier functions, queues, schedule and alarms.',
    Parameters: parameters,
    Rules: { ...lifecycleRules, ...replicaKeyRule, VpcSettingsGiven: {
        RuleCondition: Fn.Equals(ref('RunLambdaInVPC'), 'True'),
        Assertions: [
          { Assert: Fn.Not(Fn.Equals(ref('VpcId'), '')), AssertDescription: 'RunLambdaInVPC is True: VpcId is required' },
          { Assert: Fn.Not(Fn.Equals(ref('SubnetId'), '')), AssertDescription: 'RunLambdaInVPC is True: SubnetId is required' },
        ],
      },
    },
    Conditions: conditions,
    Resources: { ...roles, ...queues, ...queuePolicies, ...functions, ...monitoring, ...dashboard, ...secretsKey, ...vpc },
    Outputs: {
      oAccessKeyRotateLambdaFunction: { Description: 'Rotation function (test it from the console with {"account": "<id>"})', Value: Fn.GetAtt(FUNCTION_IDS.rotation, 'Arn') },
      oAccountInventoryLambdaFunction: { Description: 'Inventory function', Value: Fn.GetAtt(FUNCTION_IDS.inventory, 'Arn') },
      oNotifierLambdaFunction: { Description: 'Notifier function', Value: Fn.GetAtt(FUNCTION_IDS.notifier, 'Arn') },
      oRotationQueueUrl: { Description: 'Rotation queue', Value: Fn.Ref(IDS.rotationQueue) },
      oNotificationQueueUrl: { Description: 'Notification queue', Value: Fn.Ref(IDS.notificationQueue) },
      oDashboardName: { Description: 'CloudWatch dashboard: keys acted on, where they stand, mail, queue depths, function errors', Value: Fn.Ref(DASHBOARD_ID) },
      oAlarmTopicArn: { Description: 'Alarm topic (confirm the email subscription)', Value: Fn.Ref(IDS.alarmTopic) },
      oSecretsKmsKeyArn: {
        Description: 'Key of the central secrets: pass it as SecretsKmsKeyArn to the assumed-role StackSet and the list-accounts role',
        Value: Fn.GetAtt(IDS.secretsKey, 'Arn'),
        Condition: CONDITION.createSecretsKey,
      },
    },
  };
}

export const MAIN_STACK: TemplateSource = { file: TEMPLATE_FILES.main, source: 'templates-src/main-stack', build: mainStack };
