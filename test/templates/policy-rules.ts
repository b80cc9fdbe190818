/**
 * docs/design.md#6-security-model as code: finds every policy document in a template and
 * reports what breaks the security model. Pure functions of parsed JSON, so
 * the tests can feed them bad samples and see them fail.
 */
import { TOOL_WRITTEN_USER_TAGS } from '../../contract/names';
import type { Json } from '../../templates-src/lib/yaml';
import { isObject, walk, type JsonObject } from './templates';

export type PolicyKind = 'identity' | 'trust' | 'resource';

export interface FoundPolicy {
  readonly at: string;
  readonly kind: PolicyKind;
  readonly document: JsonObject;
}

const POLICY_KEYS: Record<string, PolicyKind> = {
  PolicyDocument: 'identity',
  AssumeRolePolicyDocument: 'trust',
  KeyPolicy: 'resource',
};

/** Resource types whose `PolicyDocument` is a resource policy (principals), not an identity policy. */
const RESOURCE_POLICY_TYPES = new Set(['AWS::SNS::TopicPolicy', 'AWS::SQS::QueuePolicy', 'AWS::S3::BucketPolicy', 'AWS::EC2::VPCEndpoint']);

export function findPolicies(template: JsonObject): FoundPolicy[] {
  const found: FoundPolicy[] = [];
  const resources = isObject(template.Resources) ? template.Resources : {};
  for (const [id, resource] of Object.entries(resources)) {
    if (!isObject(resource)) continue;
    const type = typeof resource.Type === 'string' ? resource.Type : '';
    walk(resource, (node, at) => {
      if (!isObject(node)) return;
      for (const [key, kind] of Object.entries(POLICY_KEYS)) {
        const document = node[key];
        if (!isObject(document)) continue;
        const resolved: PolicyKind = kind === 'identity' && RESOURCE_POLICY_TYPES.has(type) ? 'resource' : kind;
        found.push({ at: `${id}.${at ? `${at}.` : ''}${key}`, kind: resolved, document });
      }
    });
  }
  return found;
}

/** Statements, with both branches of `Fn::If` and without `AWS::NoValue`. */
export function statements(document: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  const add = (value: Json | undefined): void => {
    if (Array.isArray(value)) value.forEach(add);
    else if (isObject(value)) {
      const fnIf = value['Fn::If'];
      if (Array.isArray(fnIf)) {
        add(fnIf[1]);
        add(fnIf[2]);
      } else if (value.Ref !== 'AWS::NoValue') out.push(value);
    }
  };
  add(document.Statement);
  return out;
}

const list = (value: Json | undefined): Json[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Actions that grant permissions (docs/design.md#6-security-model). */
const GRANTING = /^iam:(Put\w*Policy|Attach\w*Policy|CreatePolicy\w*|SetDefaultPolicyVersion|UpdateAssumeRolePolicy|AddUserToGroup|PassRole|CreateRole|CreateUser|CreateLoginProfile|UpdateLoginProfile|CreateServiceLinkedRole)$/;

/**
 * Actions that set or remove tags on IAM principals. Where access depends on
 * tags (ABAC), setting a tag is granting a permission: a role may only write
 * the tool's own tag keys.
 */
const TAGGING = /^iam:(Tag|Untag)(User|Role)$/;

function onlyToolTagKeys(statement: JsonObject): boolean {
  const condition = isObject(statement.Condition) ? statement.Condition : {};
  const forAll = condition['ForAllValues:StringEquals'];
  const nullCheck = condition.Null;
  const keys = isObject(forAll) ? list(forAll['aws:TagKeys']) : [];
  const present = isObject(nullCheck) && nullCheck['aws:TagKeys'] === 'false';
  return present && keys.length > 0 && keys.every((key) => typeof key === 'string' && TOOL_WRITTEN_USER_TAGS.includes(key));
}

/** What Lambda needs to attach a function to a VPC; these EC2 calls take no resource ARN. */
export const VPC_ATTACHMENT_ACTIONS: readonly string[] = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeVpcs',
];

/** Actions AWS does not scope to a resource, the only ones allowed on `Resource: "*"` in identity policies. */
const UNSCOPED_ACTIONS = new Set([
  'iam:GetAccountAuthorizationDetails',
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  // Where a key is still used (docs/ledger.md): CloudTrail authorizes LookupEvents on "*" only.
  'cloudtrail:LookupEvents',
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
  ...VPC_ATTACHMENT_ACTIONS,
]);

const OWN_ACCOUNT_ROOT = 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root';

function conditionKeys(statement: JsonObject): Map<string, Json> {
  const keys = new Map<string, Json>();
  if (isObject(statement.Condition)) {
    for (const block of Object.values(statement.Condition)) if (isObject(block)) for (const [key, value] of Object.entries(block)) keys.set(key, value);
  }
  return keys;
}

function subText(value: Json): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value)) {
    const sub = value['Fn::Sub'];
    if (typeof sub === 'string') return sub;
  }
  return undefined;
}

/** Whether `value` is, or references, the reader policy: the one policy the member role may attach. */
function isReaderPolicy(value: Json | undefined): boolean {
  return isObject(value) && value.Ref === 'ReaderPolicy';
}

export function statementViolations(statement: JsonObject, kind: PolicyKind): string[] {
  const problems: string[] = [];
  const sid = typeof statement.Sid === 'string' ? statement.Sid : '(no Sid)';
  if ('NotAction' in statement || 'NotResource' in statement || 'NotPrincipal' in statement) problems.push(`${sid}: NotAction/NotResource/NotPrincipal`);
  const actions = list(statement.Action);
  for (const action of actions) {
    if (typeof action !== 'string') {
      problems.push(`${sid}: action is not a literal string`);
      continue;
    }
    if (/[*?]/.test(action)) problems.push(`${sid}: wildcard action ${action}`);
    if (TAGGING.test(action) && statement.Effect === 'Allow' && !onlyToolTagKeys(statement)) {
      problems.push(`${sid}: ${action} not limited to the tool's own tag keys (ForAllValues:StringEquals aws:TagKeys, and aws:TagKeys not null)`);
    }
    if (GRANTING.test(action)) {
      const conditions = conditionKeys(statement);
      const allowedAttach = action === 'iam:AttachUserPolicy' && isReaderPolicy(conditions.get('iam:PolicyARN'));
      if (!allowedAttach) problems.push(`${sid}: permission-granting action ${action}`);
    }
  }
  if (statement.Effect === 'Allow' && kind === 'identity') {
    const resources = list(statement.Resource);
    if (resources.length === 0) problems.push(`${sid}: no Resource`);
    if (resources.includes('*')) {
      for (const action of actions) if (typeof action === 'string' && !UNSCOPED_ACTIONS.has(action)) problems.push(`${sid}: ${action} on Resource "*"`);
    }
  }
  if (statement.Principal !== undefined) problems.push(...principalViolations(sid, statement, kind));
  else if (kind !== 'identity') problems.push(`${sid}: ${kind} policy statement without Principal`);
  return problems;
}

/**
 * Administering a KMS key without using it: the only grant a key policy may
 * give to principals named by ARN (KeyAdministratorArns), so that the key
 * stays manageable whatever IAM policies say. Nothing here reads data: no
 * Encrypt, Decrypt, GenerateDataKey*, ReEncrypt* or CreateGrant.
 */
const KEY_ADMINISTRATION = new Set(
  [
    'DescribeKey', 'GetKeyPolicy', 'PutKeyPolicy', 'ListKeyPolicies', 'GetKeyRotationStatus', 'EnableKeyRotation', 'DisableKeyRotation', 'EnableKey', 'DisableKey',
    'ListResourceTags', 'TagResource', 'UntagResource', 'UpdateKeyDescription', 'ListGrants', 'RevokeGrant', 'ScheduleKeyDeletion', 'CancelKeyDeletion',
  ].map((action) => `kms:${action}`),
);

/** A key policy statement that only administers the key. */
export function administersKeyOnly(statement: JsonObject): boolean {
  const actions = list(statement.Action);
  return statement.Effect === 'Allow' && actions.length > 0 && actions.every((action) => typeof action === 'string' && KEY_ADMINISTRATION.has(action)) && statement.Condition === undefined;
}

function principalViolations(sid: string, statement: JsonObject, kind: PolicyKind): string[] {
  const problems: string[] = [];
  const principal = statement.Principal;
  if (kind === 'identity') return [`${sid}: Principal in an identity policy`];
  // Named key administrators: by ARN on purpose (independent of IAM policies), and they cannot use the key.
  if (kind === 'resource' && administersKeyOnly(statement) && isObject(principal) && principal.Service === undefined && !list(principal.AWS).some((aws) => subText(aws) === '*')) return [];
  // A Deny grants nothing: "everyone but …" (a queue only its producers fill) is what it is for.
  if (statement.Effect === 'Deny' && (principal === '*' || (isObject(principal) && principal.AWS === '*' && principal.Service === undefined))) return [];
  if (principal === '*' || !isObject(principal)) return [`${sid}: Principal must name a service or an account, not ${JSON.stringify(principal)}`];
  const conditions = conditionKeys(statement);
  for (const service of list(principal.Service)) {
    const text = subText(service);
    if (!text || text.includes('*')) problems.push(`${sid}: service principal ${JSON.stringify(service)}`);
  }
  for (const aws of list(principal.AWS)) {
    const text = subText(aws);
    if (text === OWN_ACCOUNT_ROOT && kind === 'resource') continue; // the account administers its own key or topic
    if (!conditions.has('aws:PrincipalOrgID')) problems.push(`${sid}: AWS principal ${JSON.stringify(aws)} without aws:PrincipalOrgID`);
    if (text === '*') {
      // Anyone in the Organization, only through Secrets Manager on their behalf, and only for a key secret (docs/design.md#5-where-new-keys-are-stored).
      if (!conditions.has('kms:ViaService')) problems.push(`${sid}: Principal "*" without kms:ViaService`);
      if (!conditions.has('kms:EncryptionContext:SecretARN')) problems.push(`${sid}: Principal "*" without kms:EncryptionContext:SecretARN`);
    } else if (!text || !/:root$/.test(text) || !conditions.has('aws:PrincipalArn')) {
      problems.push(`${sid}: AWS principal ${JSON.stringify(aws)} must be an account narrowed by aws:PrincipalArn`);
    }
  }
  if (kind === 'trust' && principal.AWS === undefined && principal.Service === undefined) problems.push(`${sid}: trust without principal`);
  return problems;
}

export function policyViolations(found: FoundPolicy): string[] {
  return statements(found.document).flatMap((statement) => statementViolations(statement, found.kind).map((p) => `${found.at}: ${p}`));
}

/** Managed policy ARNs anywhere in the template that are AWS's broad ones. */
export function managedPolicyViolations(template: JsonObject): string[] {
  const problems: string[] = [];
  walk(template, (node, at) => {
    if (!isObject(node) || node.ManagedPolicyArns === undefined) return;
    walk(node.ManagedPolicyArns, (arn) => {
      // Every string, whether literal or inside Fn::Sub / Fn::If / Fn::Join.
      if (typeof arn === 'string' && /FullAccess|AdministratorAccess|PowerUserAccess/.test(arn)) problems.push(`${at}: managed policy ${arn}`);
    });
  });
  return problems;
}
