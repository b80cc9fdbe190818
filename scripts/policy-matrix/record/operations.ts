/**
 * From an SDK call as sent (input, output, signing region, caller's account)
 * to the IAM request AWS authorizes: the action, the exact resource ARN and
 * the context keys the call carries. Also what AWS sends on the caller's
 * behalf (Secrets Manager's KMS calls). An operation without a rule here is
 * recorded as a problem, so a new call in the code fails the check until its
 * authorization is described.
 */
import type { RecordedRequest } from './records';

export interface SentCall {
  /** SDK client name without `Client`: IAM, STS, SecretsManager, SQS, S3, SESv2, SSM, Organizations. */
  readonly service: string;
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly output?: Readonly<Record<string, unknown>>;
  readonly region: string;
  readonly partition: string;
  /** The account of the credentials that signed the call. */
  readonly principalAccount: string;
}

/** What the recorder has learned during the run, to name resources exactly. */
export interface Knowledge {
  /** The ARN of a secret by name (or ARN), once a response showed it. */
  secretArn(region: string, accountId: string, secretId: string): string | undefined;
  userArn(accountId: string, userName: string): string;
  /** The KMS keys a secret is encrypted with: its own and each replica's; and whether it holds a value yet. */
  secretKeys(secretArn: string): { readonly primary?: string; readonly replicas: readonly { region: string; key?: string }[]; readonly hasValue: boolean };
}

export type Derived = Omit<RecordedRequest, 'principal'>;

/** Marks a secret named by a call before any response showed its ARN; the recorder fills it in at the end of the invocation. */
export const PENDING_SECRET = 'pending-secret:';

type Input = Readonly<Record<string, unknown>>;
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * A response's secret ARN, if it is one: moto's ReplicateSecretToRegions
 * answers with the SecretId it was given (a name) where AWS returns the ARN.
 */
export const secretArnOf = (output: Readonly<Record<string, unknown>> | undefined): string | undefined => {
  const arn = str(output?.ARN);
  return arn?.startsWith('arn:') ? arn : undefined;
};
const tagsOf = (value: unknown): { Key?: string; Value?: string }[] => (Array.isArray(value) ? (value as { Key?: string; Value?: string }[]) : []);

function tagContext(tags: { Key?: string; Value?: string }[]): Record<string, string | string[]> {
  if (tags.length === 0) return {};
  return {
    'aws:TagKeys': tags.map((t) => t.Key ?? ''),
    ...Object.fromEntries(tags.map((t) => [`aws:RequestTag/${t.Key ?? ''}`, t.Value ?? ''])),
  };
}

const problem = (operation: string, message: string): Derived => ({ operation, action: '?', resource: '?', context: {}, problem: message });

function secretResource(call: SentCall, knowledge: Knowledge, secretId: string | undefined): string {
  if (!secretId) return '?';
  if (secretId.startsWith('arn:')) return secretId;
  const fromOutput = secretArnOf(call.output);
  return fromOutput ?? knowledge.secretArn(call.region, call.principalAccount, secretId) ?? `${PENDING_SECRET}${call.region}|${call.principalAccount}|${secretId}`;
}

function keyArn(call: SentCall, key: string, region = call.region): string {
  if (key.startsWith('arn:')) return key;
  return `arn:${call.partition}:kms:${region}:${call.principalAccount}:key/${key}`;
}

/**
 * Secrets Manager encrypts a new value with a data key from KMS, as the
 * caller: kms:GenerateDataKey, and kms:Decrypt (the Secrets Manager user
 * guide, "Permissions for the KMS key", requires both of whoever writes a
 * value), through secretsmanager.<region>.amazonaws.com, with the secret's
 * ARN and version in the encryption context. Replicating the value to another
 * region decrypts it with the primary's key and encrypts it with the
 * replica's ("How Secrets Manager authorizes cross-account replication":
 * kms:Decrypt, then kms:Encrypt), as the caller. aws/secretsmanager (no key
 * id) is AWS's key under AWS's policy: nothing of ours to simulate.
 */
function kmsRequest(call: SentCall, action: string, key: string, region: string, secretArn: string, versionId: string | undefined, why: string): Derived {
  return {
    operation: `implied: Secrets Manager ${action.slice(4)} for ${call.service}.${call.operation}${region === call.region ? '' : ` (replica in ${region})`}${why}`,
    action,
    resource: keyArn(call, key, region),
    context: {
      'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
      'kms:CallerAccount': call.principalAccount,
      'kms:EncryptionContext:SecretARN': secretArn,
      ...(versionId ? { 'kms:EncryptionContext:SecretVersionId': versionId } : {}),
      'kms:EncryptionContextKeys': versionId ? ['SecretARN', 'SecretVersionId'] : ['SecretARN'],
    },
  };
}

/** A replica's ARN: its primary's, in the replica's region. */
const inRegion = (secretArn: string, from: string, to: string): string => secretArn.replace(`:secretsmanager:${from}:`, `:secretsmanager:${to}:`);

function kmsForNewValue(call: SentCall, knowledge: Knowledge, secretArn: string, versionId: string | undefined): Derived[] {
  const keys = knowledge.secretKeys(secretArn);
  const primary = keys.primary ? ['kms:GenerateDataKey', 'kms:Decrypt'].map((action) => kmsRequest(call, action, keys.primary as string, call.region, secretArn, versionId, '')) : [];
  const replicas = keys.replicas.flatMap((replica) => (replica.key ? [kmsRequest(call, 'kms:Encrypt', replica.key, replica.region, inRegion(secretArn, call.region, replica.region), versionId, '')] : []));
  return [...primary, ...replicas];
}

/**
 * Adding a replica to a secret that already holds a value copies the value:
 * Secrets Manager decrypts it with the primary's key and encrypts it with the
 * replica's, as the caller. A secret still empty (the rotation adds replicas
 * before the first value) has nothing to copy.
 */
function kmsForNewReplicas(call: SentCall, knowledge: Knowledge, secretArn: string, regions: readonly { Region?: string; KmsKeyId?: string }[]): Derived[] {
  const keys = knowledge.secretKeys(secretArn);
  if (!keys.hasValue) return [];
  const why = ' (copying the value to a new replica)';
  const decrypt = keys.primary ? [kmsRequest(call, 'kms:Decrypt', keys.primary, call.region, secretArn, undefined, why)] : [];
  const encrypt = regions.flatMap((replica) =>
    replica.Region && str(replica.KmsKeyId) && !/(^|:)alias\/aws\//.test(String(replica.KmsKeyId))
      ? [kmsRequest(call, 'kms:Encrypt', String(replica.KmsKeyId), replica.Region, inRegion(secretArn, call.region, replica.Region), undefined, why)]
      : [],
  );
  return [...decrypt, ...encrypt];
}

function replicaRegions(value: unknown): string[] {
  return (Array.isArray(value) ? (value as { Region?: string }[]) : []).flatMap((r) => (r.Region ? [r.Region] : []));
}

type Rule = (call: SentCall, knowledge: Knowledge) => Derived[];

const one = (call: SentCall, action: string, resource: string, context: Record<string, string | readonly string[]> = {}, extra: Partial<Derived> = {}): Derived[] => [
  { operation: `${call.service}.${call.operation}`, action, resource, context, ...extra },
];

const userNamed = (iamAction: string, context: (input: Input) => Record<string, string | readonly string[]> = () => ({})): Rule => (call, knowledge) => {
  const userName = str(call.input.UserName);
  if (!userName) return [problem(`${call.service}.${call.operation}`, 'no UserName: the caller would act on itself, which a role cannot')];
  return one(call, iamAction, knowledge.userArn(call.principalAccount, userName), context(call.input));
};

const everything = (action: string): Rule => (call) => one(call, action, '*');

function queueArn(call: SentCall): string {
  const url = str(call.input.QueueUrl) ?? '';
  const match = /\/(\d{12})\/([^/?]+)\/?$/.exec(url);
  if (!match) return '?';
  return `arn:${call.partition}:sqs:${call.region}:${match[1]}:${match[2]}`;
}

const queue = (action: string): Rule => (call) => {
  const arn = queueArn(call);
  return arn === '?' ? [problem(`${call.service}.${call.operation}`, `cannot tell the queue from QueueUrl ${String(call.input.QueueUrl)}`)] : one(call, action, arn);
};

const object = (action: string): Rule => (call) => one(call, action, `arn:${call.partition}:s3:::${String(call.input.Bucket)}/${String(call.input.Key)}`, {}, { resourceAccount: call.principalAccount });

const organizationParent: Rule = (call) => {
  const parent = str(call.input.ParentId) ?? '';
  const kind = parent.startsWith('r-') ? 'root' : 'ou';
  return one(call, `organizations:${call.operation}`, `arn:${call.partition}:organizations::${call.principalAccount}:${kind}/\${OrganizationId}/${parent}`);
};

/** A call on one secret; AWS sets secretsmanager:SecretId for every such action but CreateSecret, which names it with secretsmanager:Name. */
const secret = (action: string, context: (input: Input) => Record<string, string | readonly string[]> = () => ({})): Rule => (call, knowledge) => {
  const secretId = str(call.input.SecretId) ?? str(call.input.Name);
  const resource = secretResource(call, knowledge, secretId);
  const byId: Record<string, string> = secretId && action !== 'secretsmanager:CreateSecret' ? { 'secretsmanager:SecretId': secretId } : {};
  return one(call, action, resource, { ...byId, ...context(call.input) });
};

function address(value: string): string {
  return /<([^>]+)>/.exec(value)?.[1] ?? value.trim();
}

export const RULES: Readonly<Record<string, Rule>> = {
  'STS.AssumeRole': (call) => one(call, 'sts:AssumeRole', String(call.input.RoleArn), str(call.input.RoleSessionName) ? { 'sts:RoleSessionName': String(call.input.RoleSessionName) } : {}),

  'IAM.GetAccountAuthorizationDetails': everything('iam:GetAccountAuthorizationDetails'),
  'IAM.GenerateCredentialReport': everything('iam:GenerateCredentialReport'),
  'IAM.GetCredentialReport': everything('iam:GetCredentialReport'),
  'IAM.ListAccessKeys': userNamed('iam:ListAccessKeys'),
  'IAM.CreateAccessKey': userNamed('iam:CreateAccessKey'),
  'IAM.UpdateAccessKey': userNamed('iam:UpdateAccessKey'),
  'IAM.DeleteAccessKey': userNamed('iam:DeleteAccessKey'),
  'IAM.GetUser': userNamed('iam:GetUser'),
  'IAM.ListUserTags': userNamed('iam:ListUserTags'),
  'IAM.ListGroupsForUser': userNamed('iam:ListGroupsForUser'),
  'IAM.ListAttachedUserPolicies': userNamed('iam:ListAttachedUserPolicies'),
  'IAM.AttachUserPolicy': userNamed('iam:AttachUserPolicy', (input) => ({ 'iam:PolicyARN': String(input.PolicyArn) })),
  'IAM.TagUser': userNamed('iam:TagUser', (input) => tagContext(tagsOf(input.Tags))),
  'IAM.UntagUser': userNamed('iam:UntagUser', (input) => ({ 'aws:TagKeys': Array.isArray(input.TagKeys) ? (input.TagKeys as string[]) : [] })),
  'IAM.GetAccessKeyLastUsed': (call, knowledge) => {
    const userName = str(call.output?.UserName);
    if (!userName) return [problem('IAM.GetAccessKeyLastUsed', `the response named no user for key ${String(call.input.AccessKeyId)}`)];
    return one(call, 'iam:GetAccessKeyLastUsed', knowledge.userArn(call.principalAccount, userName));
  },

  'SecretsManager.DescribeSecret': secret('secretsmanager:DescribeSecret'),
  // LookupEvents has no resource-level permissions: AWS authorizes it on "*".
  'CloudTrail.LookupEvents': everything('cloudtrail:LookupEvents'),
  'SecretsManager.GetResourcePolicy': secret('secretsmanager:GetResourcePolicy'),
  'SecretsManager.RestoreSecret': secret('secretsmanager:RestoreSecret'),
  // Delivery (issue 21): the CI tokens, and the pending-delivery copies of new keys (read back, then deleted).
  'SecretsManager.GetSecretValue': secret('secretsmanager:GetSecretValue'),
  'SecretsManager.DeleteSecret': secret('secretsmanager:DeleteSecret'),
  'SecretsManager.PutResourcePolicy': secret('secretsmanager:PutResourcePolicy', (input) => ({ 'secretsmanager:BlockPublicPolicy': String(input.BlockPublicPolicy === true) })),
  'SecretsManager.TagResource': secret('secretsmanager:TagResource', (input) => tagContext(tagsOf(input.Tags))),
  'SecretsManager.ReplicateSecretToRegions': (call, knowledge) => {
    const replicate = secret('secretsmanager:ReplicateSecretToRegions', (input) => ({ 'secretsmanager:AddReplicaRegions': replicaRegions(input.AddReplicaRegions) }))(call, knowledge);
    const arn = replicate[0]?.resource ?? '';
    const added = Array.isArray(call.input.AddReplicaRegions) ? (call.input.AddReplicaRegions as { Region?: string; KmsKeyId?: string }[]) : [];
    return [...replicate, ...(arn.startsWith('arn:') ? kmsForNewReplicas(call, knowledge, arn, added) : [])];
  },
  'SecretsManager.UpdateSecret': secret('secretsmanager:UpdateSecret', (input): Record<string, string> => (str(input.KmsKeyId) ? { 'secretsmanager:KmsKeyId': String(input.KmsKeyId) } : {})),
  'SecretsManager.CreateSecret': (call, knowledge) => {
    const replicas = replicaRegions(call.input.AddReplicaRegions);
    const create = secret('secretsmanager:CreateSecret', (input) => ({
      'secretsmanager:Name': String(input.Name),
      ...(str(input.KmsKeyId) ? { 'secretsmanager:KmsKeyId': String(input.KmsKeyId) } : {}),
      ...(replicas.length > 0 ? { 'secretsmanager:AddReplicaRegions': replicas } : {}),
      ...tagContext(tagsOf(input.Tags)),
    }))(call, knowledge);
    const withValue = call.input.SecretString !== undefined || call.input.SecretBinary !== undefined;
    const arn = secretArnOf(call.output);
    return [...create, ...(withValue && arn ? kmsForNewValue(call, knowledge, arn, str(call.output?.VersionId)) : [])];
  },
  'SecretsManager.PutSecretValue': (call, knowledge) => {
    const put = secret('secretsmanager:PutSecretValue')(call, knowledge);
    const arn = secretArnOf(call.output);
    return [...put, ...(arn ? kmsForNewValue(call, knowledge, arn, str(call.output?.VersionId) ?? str(call.input.ClientRequestToken)) : [])];
  },

  'SQS.SendMessage': queue('sqs:SendMessage'),
  'SQS.SendMessageBatch': queue('sqs:SendMessage'),
  'SQS.ReceiveMessage': queue('sqs:ReceiveMessage'),
  'SQS.DeleteMessage': queue('sqs:DeleteMessage'),
  'SQS.DeleteMessageBatch': queue('sqs:DeleteMessage'),
  'SQS.ChangeMessageVisibility': queue('sqs:ChangeMessageVisibility'),
  'SQS.GetQueueAttributes': queue('sqs:GetQueueAttributes'),

  'Organizations.ListAccounts': everything('organizations:ListAccounts'),
  'Organizations.ListAccountsForParent': organizationParent,
  'Organizations.ListOrganizationalUnitsForParent': organizationParent,

  'S3.GetObject': object('s3:GetObject'),
  'S3.PutObject': object('s3:PutObject'),
  'S3.DeleteObject': object('s3:DeleteObject'),
  'S3.DeleteObjects': (call) => {
    const objects = ((call.input.Delete as { Objects?: { Key?: string }[] } | undefined)?.Objects ?? []).map((o) => o.Key ?? '');
    return objects.flatMap((key) => object('s3:DeleteObject')({ ...call, input: { Bucket: call.input.Bucket, Key: key } }, {} as Knowledge));
  },
  'S3.ListObjectsV2': (call) =>
    one(
      call,
      's3:ListBucket',
      `arn:${call.partition}:s3:::${String(call.input.Bucket)}`,
      {
        's3:prefix': str(call.input.Prefix) ?? '',
        ...(str(call.input.Delimiter) ? { 's3:delimiter': String(call.input.Delimiter) } : {}),
        ...(call.input.MaxKeys !== undefined ? { 's3:max-keys': String(call.input.MaxKeys) } : {}),
      },
      { resourceAccount: call.principalAccount },
    ),

  'SESv2.SendEmail': (call) => {
    const from = address(str(call.input.FromEmailAddress) ?? '');
    if (!from) return [problem('SESv2.SendEmail', 'no FromEmailAddress: cannot tell the sending identity')];
    const destination = (call.input.Destination ?? {}) as { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
    const recipients = [...(destination.ToAddresses ?? []), ...(destination.CcAddresses ?? []), ...(destination.BccAddresses ?? [])].map(address);
    return one(call, 'ses:SendEmail', `arn:${call.partition}:ses:${call.region}:${call.principalAccount}:identity/${from}`, {
      'ses:FromAddress': from,
      'ses:Recipients': recipients,
      'ses:ApiVersion': '2',
    });
  },

  'SSM.PutParameter': (call) => {
    const name = String(call.input.Name);
    return one(call, 'ssm:PutParameter', `arn:${call.partition}:ssm:${call.region}:${call.principalAccount}:parameter${name.startsWith('/') ? name : `/${name}`}`);
  },
  'SSM.GetParameter': (call) => {
    const name = String(call.input.Name);
    return one(call, 'ssm:GetParameter', `arn:${call.partition}:ssm:${call.region}:${call.principalAccount}:parameter${name.startsWith('/') ? name : `/${name}`}`);
  },
};

export function deriveRequests(call: SentCall, knowledge: Knowledge): Derived[] {
  const rule = RULES[`${call.service}.${call.operation}`];
  if (!rule) return [problem(`${call.service}.${call.operation}`, `no rule in scripts/policy-matrix/record/operations.ts says which IAM request ${call.service}.${call.operation} is: add one`)];
  return rule(call, knowledge);
}
