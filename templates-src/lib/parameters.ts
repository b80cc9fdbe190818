/**
 * Parameter builders with the deploy-time validation the project promises
 * (docs/design.md#8-configuration): patterns for ids and emails, minimums for periods,
 * AllowedValues for flags. Every builder requires a description.
 */
import { Fn, NumberParameter, StringParameter, type IntrinsicFunction, type Template } from 'cloudform';
import { ROLE_ARN_PATTERN } from '../../contract/names';

/** A template parameter (cloudform declares the type but does not export it by name). */
export type Parameter = NonNullable<Template['Parameters']>[string];

const IAM_PRINCIPAL_ARN = 'arn:aws[a-z-]*:iam::\\d{12}:(role|user)/[\\w+=.@/-]{1,512}';

export const PATTERNS = {
  accountId: '^\\d{12}$',
  optionalAccountId: '^(\\d{12})?$',
  accountIdList: '^(\\d{12}(\\s*,\\s*\\d{12})*)?$',
  orgId: '^o-[a-z0-9]{10,32}$',
  // Account ids, OU ids and root ids mixed, comma-separated: the staged rollout's scope.
  scopeList:
    '^((\\d{12}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})(\\s*,\\s*(\\d{12}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32}))*)?$',
  ouList: '^((ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})(\\s*,\\s*(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32}))*)?$',
  email: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
  bucketName: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
  s3Prefix: '^[A-Za-z0-9!_.*\'()/-]*[A-Za-z0-9!_.*\'()-]$',
  roleName: '^[\\w+=,.@-]{1,64}$',
  groupName: '^[\\w+=,.@-]{1,128}$',
  tagKey: '^[\\w .:/=+@-]{1,128}$',
  optionalTagKey: '^([\\w .:/=+@-]{1,128})?$',
  htmlFile: '^[\\w.-]+\\.html$',
  ssmParameterName: '^/[\\w.-]+(/[\\w.-]+)*$',
  // A path that starts and ends with /: the prefix SSM delivery targets must be under.
  ssmPathPrefix: '^/([\\w.-]+/)*$',
  regionList: '^([a-z]{2}(-[a-z]+)+-\\d(\\s*,\\s*[a-z]{2}(-[a-z]+)+-\\d)*)?$',
  optionalVpcId: '^(vpc-[0-9a-f]{8,17})?$',
  // No spaces: the template splits it on commas into the functions' SubnetIds.
  optionalSubnetList: '^(subnet-[0-9a-f]{8,17}(,subnet-[0-9a-f]{8,17})*)?$',
  cidr: '^(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}$',
  // A multi-Region key's id is mrk- and 32 hex digits; replicas of secrets need one (docs/design.md#5-where-new-keys-are-stored).
  optionalKmsKeyArn: '^(arn:aws[\\w-]*:kms:[a-z0-9-]+:\\d{12}:key/(mrk-[0-9a-f]{32}|[0-9a-f-]{36}))?$',
  // No spaces: the main stack splits it on commas into a key policy condition.
  roleArnList: `^(${ROLE_ARN_PATTERN}(,${ROLE_ARN_PATTERN})*)?$`,
  // IAM roles and users (a key policy may name either), no spaces: split on commas into a key policy's principals.
  iamPrincipalArnList: `^(${IAM_PRINCIPAL_ARN}(,${IAM_PRINCIPAL_ARN})*)?$`,
  optionalS3VersionId: '^[\\w.+/=-]{0,1024}$',
  schedule: '^(rate|cron)\\(.+\\)$',
} as const;

/** CloudWatch Logs' accepted retention periods. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

interface Described {
  readonly Description: string;
}

export function text(options: Described & { Default?: string; AllowedPattern?: string; ConstraintDescription?: string; MinLength?: number }): Parameter {
  return new StringParameter(options);
}

export function flag(description: string, defaultValue: 'True' | 'False'): Parameter {
  return new StringParameter({ Description: description, Default: defaultValue, AllowedValues: ['True', 'False'] });
}

export function days(description: string, defaultValue: number, max = 3650): Parameter {
  return new NumberParameter({ Description: description, Default: defaultValue, MinValue: 1, MaxValue: max });
}

export function choice(description: string, values: readonly string[], defaultValue: string): Parameter {
  return new StringParameter({ Description: description, Default: defaultValue, AllowedValues: [...values] });
}

export function count(description: string, defaultValue: number, min: number, max: number): Parameter {
  return new NumberParameter({ Description: description, Default: defaultValue, MinValue: min, MaxValue: max });
}

export function accountId(description: string): Parameter {
  return new StringParameter({ Description: description, AllowedPattern: PATTERNS.accountId, ConstraintDescription: 'must be a 12-digit AWS account id' });
}

export function orgId(description: string): Parameter {
  return new StringParameter({ Description: description, AllowedPattern: PATTERNS.orgId, ConstraintDescription: 'must be an Organization id such as o-abc123def4' });
}

export function email(description: string): Parameter {
  return new StringParameter({ Description: description, AllowedPattern: PATTERNS.email, ConstraintDescription: 'must be an email address' });
}

export function roleName(description: string, defaultValue: string): Parameter {
  return new StringParameter({ Description: description, Default: defaultValue, AllowedPattern: PATTERNS.roleName, ConstraintDescription: 'must be an IAM role name' });
}

/**
 * Typed references to a template's own parameters: `ref('RotationPeriod')`
 * does not compile unless the template declares RotationPeriod.
 */
export function refs<P extends Record<string, Parameter>>(_parameters: P): (name: keyof P & string) => IntrinsicFunction {
  return (name) => Fn.Ref(name);
}
