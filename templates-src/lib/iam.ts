import { PENDING_DELIVERY_SUFFIX } from '../../contract/names';
/**
 * Typed IAM policy documents, in the spirit of Python's awacs: every action
 * used anywhere in the templates is declared once below, by service, so a
 * typo does not compile and a wildcard cannot be written by accident
 * (the `Action` type has no `*`). Tests walk the generated YAML as well.
 */
import { Fn, Refs, type IntrinsicFunction, type Value } from 'cloudform';

/** Declares the actions of one service that this project uses. */
function service<const N extends readonly string[]>(prefix: string, names: N): { readonly [K in N[number]]: Action } {
  return Object.fromEntries(names.map((name) => [name, `${prefix}:${name}` as Action])) as { readonly [K in N[number]]: Action };
}

declare const actionBrand: unique symbol;
/** An IAM action such as `iam:ListUsers`, only obtainable from the service tables below. */
export type Action = string & { readonly [actionBrand]: true };

export const IAM = service('iam', [
  'ListAccessKeys',
  'GetAccessKeyLastUsed',
  'CreateAccessKey',
  'UpdateAccessKey',
  'DeleteAccessKey',
  'GetAccountAuthorizationDetails',
  'GenerateCredentialReport',
  'GetCredentialReport',
  'AttachUserPolicy',
  'TagUser',
  'UntagUser',
] as const);

export const STS = service('sts', ['AssumeRole'] as const);

export const ORGANIZATIONS = service('organizations', [
  'ListAccounts',
  'ListAccountsForParent',
  'ListOrganizationalUnitsForParent',
] as const);

export const SECRETS_MANAGER = service('secretsmanager', [
  'CreateSecret',
  'DescribeSecret',
  'PutSecretValue',
  'UpdateSecret',
  'PutResourcePolicy',
  'TagResource',
  'ReplicateSecretToRegions',
  'GetSecretValue',
  'BatchGetSecretValue',
  'RestoreSecret',
  'DeleteSecret',
] as const);

/**
 * What the rotation function does to a key's secret, wherever the secret lives
 * (member account, or central account through the list-accounts role):
 * create it, repair it (restore one scheduled for deletion, change its key,
 * add replicas, tag it), set its resource policy, and write the new key last.
 */
export const SECRET_WRITE_ACTIONS: readonly Action[] = [
  SECRETS_MANAGER.CreateSecret,
  SECRETS_MANAGER.DescribeSecret,
  SECRETS_MANAGER.PutSecretValue,
  SECRETS_MANAGER.UpdateSecret,
  SECRETS_MANAGER.RestoreSecret,
  SECRETS_MANAGER.PutResourcePolicy,
  SECRETS_MANAGER.TagResource,
  SECRETS_MANAGER.ReplicateSecretToRegions,
];

/**
 * The writer roles hold PutResourcePolicy (every write sets the secret's
 * policy), so they could put a policy that allows themselves and then read: in
 * the secret's own account the resource policy alone grants GetSecretValue. An
 * explicit Deny in their own identity policy beats any resource policy, so
 * whatever policy a writer puts, it never reads a value. The one exception is
 * the copy of a new key a delivery target still lacks (`..._PendingDelivery`,
 * docs/delivery.md): the writer reads back what it wrote itself, for the retry.
 */
/** A pending-delivery copy by name or ARN; no key secret's name or ARN matches (they end in _AccessKey). */
export const PENDING_COPY_IDS: readonly string[] = [`*_AccessKey${PENDING_DELIVERY_SUFFIX}`, `*_AccessKey${PENDING_DELIVERY_SUFFIX}-??????`];

export const WRITERS_NEVER_READ: Statement = {
  Sid: 'NeverReadSecretValues',
  Effect: 'Deny',
  Action: [SECRETS_MANAGER.GetSecretValue, SECRETS_MANAGER.BatchGetSecretValue],
  Resource: '*',
  Condition: { StringNotLike: { 'secretsmanager:SecretId': [...PENDING_COPY_IDS] } },
};

export const KMS = service('kms', [
  'Encrypt',
  'Decrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
  'DescribeKey',
  'CreateGrant',
  // Key administration, granted in key policies only: to the account's root principal and to KeyAdministratorArns.
  'CancelKeyDeletion',
  'DisableKey',
  'DisableKeyRotation',
  'EnableKey',
  'EnableKeyRotation',
  'GetKeyPolicy',
  'GetKeyRotationStatus',
  'ListGrants',
  'ListKeyPolicies',
  'ListResourceTags',
  'PutKeyPolicy',
  'RevokeGrant',
  'ScheduleKeyDeletion',
  'TagResource',
  'UntagResource',
  'UpdateKeyDescription',
] as const);

export const SQS = service('sqs', ['SendMessage', 'ReceiveMessage', 'DeleteMessage', 'GetQueueAttributes', 'ChangeMessageVisibility'] as const);
export const SNS = service('sns', ['Publish'] as const);
export const SES = service('ses', ['SendEmail'] as const);
export const SSM = service('ssm', ['GetParameter', 'PutParameter'] as const);
export const S3 = service('s3', ['GetObject', 'PutObject', 'DeleteObject', 'ListBucket'] as const);
export const CLOUDTRAIL = service('cloudtrail', ['LookupEvents'] as const);
export const LOGS = service('logs', ['CreateLogStream', 'PutLogEvents'] as const);
export const EC2 = service('ec2', [
  'CreateNetworkInterface',
  'DescribeNetworkInterfaces',
  'DeleteNetworkInterface',
  'AssignPrivateIpAddresses',
  'UnassignPrivateIpAddresses',
  'DescribeSubnets',
  'DescribeSecurityGroups',
  'DescribeVpcs',
] as const);

export type ConditionOperator = 'StringEquals' | 'StringLike' | 'StringNotLike' | 'ArnEquals' | 'ArnNotEquals' | 'ArnLike' | 'Bool' | 'ForAllValues:StringEquals' | 'Null';
export type ConditionBlock = Partial<Record<ConditionOperator, Record<string, Value<string> | Value<string>[]>>>;

export type Principal =
  | { readonly AWS: Value<string> | Value<string>[] }
  | { readonly Service: string | IntrinsicFunction | (string | IntrinsicFunction)[] };

export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  /** `*` only in a Deny ("everyone but …"); an Allow names its principals. */
  readonly Principal?: Principal | '*';
  readonly Action: Action | readonly Action[];
  readonly Resource?: Value<string> | readonly Value<string>[];
  readonly Condition?: ConditionBlock;
}

export type PolicyDocument = {
  readonly Version: '2012-10-17';
  /** Statements, or `Fn::If` that yields a statement or `AWS::NoValue`. */
  readonly Statement: readonly (Statement | IntrinsicFunction)[];
};

/** A statement that exists only when `condition` holds (`Fn::If` with `AWS::NoValue`). */
export function when(condition: string, statement: Statement): IntrinsicFunction {
  return Fn.If(condition, statement, Refs.NoValue);
}

export function policy(...statements: (Statement | IntrinsicFunction)[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

/** An identity-policy statement allowing `actions` on `resources`. */
export function allow(sid: string, actions: readonly Action[], resources: Value<string> | readonly Value<string>[], condition?: ConditionBlock): Statement {
  return { Sid: sid, Effect: 'Allow', Action: [...actions], Resource: resources, ...(condition ? { Condition: condition } : {}) };
}

/** A trust-policy statement letting `principal` assume the role, optionally under conditions. */
export function trust(sid: string, principal: Principal, condition?: ConditionBlock): Statement {
  return { Sid: sid, Effect: 'Allow', Principal: principal, Action: [STS.AssumeRole], ...(condition ? { Condition: condition } : {}) };
}
