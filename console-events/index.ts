import type { FunctionKey } from '../contract/names';

/**
 * Which function each shipped console test event is for. Explicit, because the
 * classic solution's file name for the forced rotation event names the wrong
 * function, and users already know that file by its name.
 */
export const CONSOLE_EVENTS: ReadonlyArray<{ readonly file: string; readonly target: FunctionKey }> = [
  { file: 'Force Rotation of IAM Key (Use with AccountInventoryLambdaFunction).json', target: 'rotation' },
  { file: 'Rotate One Account (Use with AccessKeyRotateLambdaFunction).json', target: 'rotation' },
  { file: 'Audit One Account (Use with AccessKeyRotateLambdaFunction).json', target: 'rotation' },
  { file: 'Inventory Selected Accounts in Audit Mode (Use with AccountInventoryLambdaFunction).json', target: 'inventory' },
  { file: 'Force Notification (Use with NotifierLambdaFunction).json', target: 'notifier' },
  { file: 'Emergency Rotation of Every Key in an Account (Use with AccessKeyRotateLambdaFunction).json', target: 'rotation' },
  { file: 'Reactivate a Key the Tool Deactivated (Use with AccessKeyRotateLambdaFunction).json', target: 'rotation' },
];
