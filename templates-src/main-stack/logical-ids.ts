/** Logical ids of the main stack's resources (the functions keep their classic ids). */
import type { FunctionKey } from '../../contract/names';

export const FUNCTION_IDS: Record<FunctionKey, string> = {
  rotation: 'AccessKeyRotateLambdaFunction',
  inventory: 'AccountInventoryLambdaFunction',
  notifier: 'NotifierLambdaFunction',
};

export const LOG_GROUP_IDS: Record<FunctionKey, string> = {
  rotation: 'AccessKeyRotateLogGroup',
  inventory: 'AccountInventoryLogGroup',
  notifier: 'NotifierLogGroup',
};

export const ROLE_IDS: Record<FunctionKey, string> = {
  rotation: 'RotationExecutionRole',
  inventory: 'InventoryExecutionRole',
  notifier: 'NotifierExecutionRole',
};

export const IDS = {
  rotationQueue: 'RotationQueue',
  rotationDlq: 'RotationDeadLetterQueue',
  notificationQueue: 'NotificationQueue',
  notificationDlq: 'NotificationDeadLetterQueue',
  operationsKey: 'OperationsKey',
  secretsKey: 'SecretsKey',
  alarmTopic: 'AlarmTopic',
  securityGroup: 'LambdaSecurityGroup',
  schedule: 'InventorySchedule',
} as const;
