/**
 * Each function's environment, keyed by the names the functions read
 * (contract/env). `satisfies Record<…>` makes a variable that a
 * function reads and the template forgets a compile error.
 */
import { Fn, type IntrinsicFunction } from 'cloudform';
import { INVENTORY_ENV } from '../../contract/env/inventory';
import { NOTIFIER_ENV } from '../../contract/env/notifier';
import { POWERTOOLS_ENV, SERVICE_NAMES } from '../../contract/env/powertools';
import { ROTATION_ENV } from '../../contract/env/rotation';
import type { FunctionKey } from '../../contract/names';
import { CONDITION } from './conditions';
import { IDS, ROLE_IDS } from './logical-ids';
import { ref } from './parameters';

type Env<T extends Record<string, string>> = Record<keyof T, IntrinsicFunction | string>;

const rotation = {
  dryRun: ref('DryRunFlag'),
  rotationPeriod: ref('RotationPeriod'),
  inactiveBuffer: ref('InactiveBuffer'),
  recoveryGracePeriod: ref('RecoveryGracePeriod'),
  inactivePeriod: ref('InactivePeriod'),
  warningDays: ref('WarningDays'),
  inUseWindow: ref('InUseWindow'),
  inUseKeyAction: ref('InUseKeyAction'),
  maxPostponeDays: ref('MaxPostponeDays'),
  enforcedScope: ref('EnforcedScope'),
  exemptionGroup: ref('IAMExemptionGroup'),
  exemptionTagKey: ref('ExemptionTagKey'),
  assumedRoleName: ref('IAMRoleName'),
  ownerTagKey: ref('ResourceOwnerTag'),
  storeSecretsInCentralAccount: ref('StoreSecretsInCentralAccount'),
  centralAccountId: ref('OrgListAccount'),
  centralRoleName: ref('CentralSecretsRoleName'),
  replicaRegions: ref('CredentialReplicationRegions'),
  secretsKmsKeyArn: Fn.If(CONDITION.createSecretsKey, Fn.GetAtt(IDS.secretsKey, 'Arn'), ref('SecretsKmsKeyArn')),
  secretBreakGlassPrincipals: ref('SecretBreakGlassPrincipals'),
  notificationQueueUrl: Fn.Ref(IDS.notificationQueue),
  adminEmail: ref('AdminEmailAddress'),
  bucketName: ref('S3BucketName'),
  bucketPrefix: ref('S3BucketPrefix'),
  inventoryRoleId: Fn.GetAtt(ROLE_IDS.inventory, 'RoleId'),
} satisfies Env<typeof ROTATION_ENV>;

const inventory = {
  orgListAccount: ref('OrgListAccount'),
  orgListRole: ref('OrgListRole'),
  rotationQueueUrl: Fn.Ref(IDS.rotationQueue),
  organizationalUnits: ref('OrganizationalUnits'),
  includeAccounts: ref('IncludeAccounts'),
  excludeAccounts: ref('ExcludeAccounts'),
  enforcedScope: ref('EnforcedScope'),
} satisfies Env<typeof INVENTORY_ENV>;

const notifier = {
  adminEmail: ref('AdminEmailAddress'),
  bucketName: ref('S3BucketName'),
  bucketPrefix: ref('S3BucketPrefix'),
  emailTemplateEnforce: ref('EmailTemplateEnforce'),
  emailTemplateAudit: ref('EmailTemplateAudit'),
  runInVpc: ref('RunLambdaInVPC'),
  smtpUserParamName: ref('SMTPUserParamName'),
  smtpPasswordParamName: ref('SMTPPasswordParamName'),
  digestWeekday: ref('DigestWeekday'),
} satisfies Env<typeof NOTIFIER_ENV>;

/** Variables for the Node.js runtime itself, not for our code: stack traces through the bundles' source maps. */
export const RUNTIME_ENV = { NODE_OPTIONS: '--enable-source-maps' } as const;

/** What Powertools reads in every function: the log's service name and level. */
const powertools = (key: FunctionKey) =>
  ({
    serviceName: SERVICE_NAMES[key],
    logLevel: ref('LogLevel'),
  }) satisfies Env<typeof POWERTOOLS_ENV>;

function named<T extends Record<string, string>>(names: T, values: Env<T>): Record<string, IntrinsicFunction | string> {
  const out: Record<string, IntrinsicFunction | string> = {};
  for (const key of Object.keys(names) as (keyof T & string)[]) out[names[key] as string] = values[key];
  return out;
}

const variables = <T extends Record<string, string>>(key: FunctionKey, names: T, values: Env<T>) => ({
  ...named(names, values),
  ...named(POWERTOOLS_ENV, powertools(key)),
  ...RUNTIME_ENV,
});

export const ENVIRONMENT: Record<FunctionKey, Record<string, IntrinsicFunction | string>> = {
  rotation: variables('rotation', ROTATION_ENV, rotation),
  inventory: variables('inventory', INVENTORY_ENV, inventory),
  notifier: variables('notifier', NOTIFIER_ENV, notifier),
};
