/**
 * Who holds which policy in a deployment: every role of every stack with its
 * identity policies and trust policy, every customer-managed policy, every KMS
 * key with its key policy, the secrets the rotation writes with the resource
 * policy it puts on them (`readerPolicy`, the product's own code), and the
 * extra principals a test adds (users, an administrator, an outsider). A
 * principal or resource the world does not know is an error, never an empty
 * policy: the simulation must not be allowed to pass by not looking.
 */
import { readerPolicy } from '../../../functions/rotation';
import type { Json } from '../../../templates-src/lib/yaml';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { TEMPLATE_FILES } from '../../../contract/names';
import { committedTemplate, functionEnvironment, type DeployedStacks } from '../deployment/stacks';
import { resolveStack } from '../resolve/resolve-stack';
import { UnresolvableTemplateError } from '../resolve/errors';
import { FULL_AWS_ACCESS, secretPolicyGuardrail } from './guardrail';
import type { JsonObject, ResolvedStack } from '../resolve/resolve-stack';

export interface NamedPolicy {
  readonly name: string;
  readonly policy: JsonObject;
}

export interface PrincipalModel {
  /** The IAM ARN (role or user), which `aws:PrincipalArn` carries. */
  readonly arn: string;
  readonly identityPolicies: readonly NamedPolicy[];
  /** Where it comes from, for error messages and tables. */
  readonly origin: string;
}

export interface RoleModel extends PrincipalModel {
  readonly trustPolicy: JsonObject;
}

export interface KeyModel {
  readonly arn: string;
  readonly policy: JsonObject;
  readonly origin: string;
}

/** What a key given by ARN (not created by a stack) is simulated with: AWS's default key policy, which leaves the decision to IAM. */
export function defaultKeyPolicy(partition: string, accountId: string): JsonObject {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
  };
}

/**
 * The key id standing in for a Region's AWS managed key aws/secretsmanager,
 * which encrypts a replica whose primary's key has no replica in that Region.
 */
export const AWS_MANAGED_SECRETS_KEY_ID = 'aws-secretsmanager';

/**
 * The key policy AWS gives aws/secretsmanager (the part that matters here):
 * any principal of its account, through Secrets Manager in its Region. An
 * identity policy allowing kms:Decrypt then suffices.
 */
export function awsManagedSecretsKeyPolicy(accountId: string, region: string): JsonObject {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ThroughSecretsManagerForAllPrincipalsInTheAccount',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
      },
    ],
  };
}

/** The ARN of a multi-Region key's replica in `region` (the same id). */
export function inRegion(keyArn: string, region: string): string {
  const parts = keyArn.split(':');
  parts[3] = region;
  return parts.join(':');
}

const SECRET_NAME = /^Account_(\d{12})_User_(.+)_AccessKey$/;
const isObject = (value: Json | undefined): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const list = (value: Json | undefined): Json[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export class PolicyWorld {
  readonly roles = new Map<string, RoleModel>();
  readonly managedPolicies = new Map<string, NamedPolicy & { origin: string }>();
  readonly keys = new Map<string, KeyModel>();
  /** Queue policies by queue ARN. */
  readonly queuePolicies = new Map<string, NamedPolicy>();
  private readonly principals = new Map<string, PrincipalModel>();
  /** IAM user ARN by `account/name`, where a user has a path (the default ARN has none). */
  private readonly userArns = new Map<string, string>();
  private stackKeyPolicyCache: JsonObject | undefined;
  /** The service control policy attached to the Organization's root, besides FullAWSAccess, if any. */
  private guardrail: NamedPolicy | undefined;

  constructor(
    readonly stacks: DeployedStacks,
    readonly organizationAccounts: ReadonlySet<string>,
  ) {
    for (const stack of stacks.all) this.addStack(stack);
    if (stacks.deployment.guardrail) this.useGuardrail();
  }

  /** The README's service control policy for the role names this deployment uses. */
  get recommendedGuardrail(): JsonObject {
    const main = this.stacks.main.parameters;
    return secretPolicyGuardrail({
      partition: this.partition,
      memberRoleName: String(main.IAMRoleName),
      centralSecretsRoleName: String(main.CentralSecretsRoleName),
      breakGlassRoleArns: this.breakGlassPrincipals,
    });
  }

  /** Attaches a service control policy (by default the README's) to the Organization's root. */
  useGuardrail(policy: JsonObject = this.recommendedGuardrail): this {
    this.guardrail = { name: 'secret-policy-guardrail', policy };
    return this;
  }

  /**
   * The SCPs a request of a principal of `accountId` meets: none outside the
   * Organization, none in its management account (SCPs never restrict it).
   */
  serviceControlPolicies(accountId: string | undefined): { orgIdentifier: string; policies: NamedPolicy[] }[] {
    if (!this.guardrail || accountId === undefined || !this.organizationAccounts.has(accountId) || accountId === this.stacks.deployment.managementAccountId) return [];
    return [{ orgIdentifier: `${this.organizationId} root`, policies: [{ name: 'FullAWSAccess', policy: FULL_AWS_ACCESS }, this.guardrail] }];
  }

  get partition(): string {
    return this.stacks.deployment.partition;
  }

  get organizationId(): string {
    return this.stacks.deployment.organizationId;
  }

  /** Adds a principal that no stack creates: a user of an account, an administrator role, an outsider. */
  addPrincipal(arn: string, identityPolicies: readonly NamedPolicy[], origin: string, managedPolicyArns: readonly string[] = []): this {
    const managed = managedPolicyArns.map((policyArn) => this.managedPolicy(policyArn, arn));
    this.principals.set(arn, { arn, identityPolicies: [...identityPolicies, ...managed], origin });
    const user = /^arn:[^:]+:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (user) this.userArns.set(`${user[1]}/${user[2]}`, arn);
    return this;
  }

  /** Adds a role that no stack creates (an outsider's), with the trust policy its owner chose. */
  addRole(arn: string, identityPolicies: readonly NamedPolicy[], trustPolicy: JsonObject, origin: string): this {
    this.roles.set(arn, { arn, identityPolicies, trustPolicy, origin });
    return this;
  }

  /** Removes every identity-policy statement with this Sid from every role: how tests show a missing grant is caught. */
  withoutStatement(sid: string): this {
    for (const [arn, role] of this.roles) {
      const identityPolicies = role.identityPolicies.map((p) => ({ ...p, policy: { ...p.policy, Statement: list(p.policy.Statement).filter((s) => !(isObject(s) && s.Sid === sid)) } }));
      this.roles.set(arn, { ...role, identityPolicies });
    }
    return this;
  }

  principal(arn: string): PrincipalModel {
    const found = this.roles.get(arn) ?? this.principals.get(arn);
    if (!found) throw new UnresolvableTemplateError(arn, `no stack of deployment "${this.stacks.deployment.name}" creates this principal, and no test added it`);
    return found;
  }

  role(arn: string): RoleModel {
    const found = this.roles.get(arn);
    if (!found) throw new UnresolvableTemplateError(arn, `no stack of deployment "${this.stacks.deployment.name}" creates this role`);
    return found;
  }

  key(arn: string): KeyModel {
    const found = this.keys.get(arn);
    if (found) return found;
    const [, , , region = '', account = '', resource = ''] = arn.split(':');
    if (this.externalKeys.has(arn)) {
      if (this.stacks.deployment.givenKeyLikeStackKey) return { arn, policy: this.stackKeyPolicy(), origin: 'a key the deployment names by ARN, with the statements of the stack\'s SecretsKey' };
      return { arn, policy: defaultKeyPolicy(this.partition, account), origin: 'a key the deployment names by ARN (AWS default key policy)' };
    }
    if (resource === `key/${AWS_MANAGED_SECRETS_KEY_ID}`) return { arn, policy: awsManagedSecretsKeyPolicy(account, region), origin: `aws/secretsmanager of ${account} in ${region}` };
    throw new UnresolvableTemplateError(arn, `no stack of deployment "${this.stacks.deployment.name}" creates this KMS key, and no parameter names it`);
  }

  /** The roles each secret's policy does not deny: what the rotation function is told (SecretBreakGlassPrincipals). */
  get breakGlassPrincipals(): string[] {
    const value = functionEnvironment(this.stacks.main, 'rotation')[ROTATION_ENV.secretBreakGlassPrincipals] ?? '';
    return value === '' ? [] : value.split(',');
  }

  /** Keys the deployment passes by ARN (SecretsKmsKeyArn) rather than creating: a multi-Region one in every replica Region too. */
  private get externalKeys(): Set<string> {
    const given = this.stacks.main.parameters.SecretsKmsKeyArn;
    if (typeof given !== 'string' || given === '') return new Set();
    const replicas = given.includes(':key/mrk-') ? this.replicaRegions.map((region) => inRegion(given, region)) : [];
    return new Set([given, ...replicas]);
  }

  /** CredentialReplicationRegions of the main stack. */
  get replicaRegions(): string[] {
    const value = this.stacks.main.parameters.CredentialReplicationRegions;
    const text = Array.isArray(value) ? value.join(',') : (value ?? '');
    return text.split(',').map((region) => region.trim()).filter((region) => region !== '');
  }

  /** The key policy the stack gives its own SecretsKey, for these parameters (resolved as a stack creating the key would be). */
  private stackKeyPolicy(): JsonObject {
    if (this.stackKeyPolicyCache) return this.stackKeyPolicyCache;
    const main = this.stacks.deployment.main;
    const twin = resolveStack({
      template: committedTemplate(TEMPLATE_FILES.main),
      place: this.stacks.main.place,
      parameters: { ...main, SecretsKmsKeyArn: '', CredentialReplicationRegions: '' },
    });
    const policy = twin.resources.get('SecretsKey')?.properties.KeyPolicy;
    if (!isObject(policy)) throw new UnresolvableTemplateError('SecretsKey', 'the main stack creates no secrets key for these parameters');
    this.stackKeyPolicyCache = policy;
    return policy;
  }

  userArn(accountId: string, userName: string): string {
    return this.userArns.get(`${accountId}/${userName}`) ?? `arn:${this.partition}:iam::${accountId}:user/${userName}`;
  }

  /**
   * The resource policy AWS evaluates with the request, if the resource has
   * one: a role's trust policy for sts:AssumeRole, a key's key policy for
   * kms:*, and for a secret of this tool the policy the rotation puts on it
   * (as JSON, the way it is sent), break-glass principals included.
   */
  resourcePolicy(action: string, resourceArn: string): { kind: string; policy: JsonObject } | undefined {
    const service = action.split(':')[0]?.toLowerCase();
    if (service === 'sts' && /^sts:(AssumeRole|TagSession|SetSourceIdentity)$/i.test(action)) return { kind: 'trust policy', policy: this.role(resourceArn).trustPolicy };
    if (service === 'kms' && /:key\//.test(resourceArn)) return { kind: 'key policy', policy: this.key(resourceArn).policy };
    if (service === 'sqs') {
      const queue = this.queuePolicies.get(resourceArn);
      return queue ? { kind: 'queue policy', policy: queue.policy } : undefined;
    }
    if (service === 'secretsmanager') {
      const name = /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(resourceArn)?.[1];
      const owner = name ? SECRET_NAME.exec(name) : null;
      if (owner) return { kind: 'secret policy', policy: JSON.parse(JSON.stringify(readerPolicy(this.userArn(owner[1] as string, owner[2] as string), this.breakGlassPrincipals))) as JsonObject };
    }
    return undefined;
  }

  private managedPolicy(policyArn: string, holder: string): NamedPolicy {
    const policy = this.managedPolicies.get(policyArn);
    if (!policy) throw new UnresolvableTemplateError(holder, `attached policy ${policyArn} is not created by any stack of the deployment (an AWS managed policy cannot be simulated here)`);
    return { name: policy.name, policy: policy.policy };
  }

  private addStack(stack: ResolvedStack): void {
    const origin = (id: string) => `${stack.place.stackName} (${stack.place.accountId}) ${id}`;
    for (const resource of stack.resources.values()) {
      const props = resource.properties;
      if (resource.type === 'AWS::IAM::ManagedPolicy' && typeof resource.physical?.Ref === 'string' && isObject(props.PolicyDocument)) {
        const name = typeof props.ManagedPolicyName === 'string' ? props.ManagedPolicyName : resource.logicalId;
        this.managedPolicies.set(resource.physical.Ref, { name, policy: props.PolicyDocument, origin: origin(resource.logicalId) });
      }
      if (resource.type === 'AWS::SQS::QueuePolicy' && isObject(props.PolicyDocument)) {
        for (const url of list(props.Queues)) {
          // A queue URL ends in <account>/<name>, whatever its host (moto's included); the queue is in the stack's Region.
          const queue = /\/(\d{12})\/([^/?]+)\/?$/.exec(String(url));
          if (!queue) throw new UnresolvableTemplateError(origin(resource.logicalId), `not a queue URL: ${String(url)}`);
          this.queuePolicies.set(`arn:${this.partition}:sqs:${stack.place.region}:${queue[1]}:${queue[2]}`, { name: resource.logicalId, policy: props.PolicyDocument });
        }
      }
      if (resource.type === 'AWS::KMS::Key' && typeof resource.physical?.Arn === 'string' && isObject(props.KeyPolicy)) {
        this.keys.set(resource.physical.Arn, { arn: resource.physical.Arn, policy: props.KeyPolicy, origin: origin(resource.logicalId) });
      }
    }
    for (const resource of stack.resources.values()) {
      if (resource.type !== 'AWS::IAM::Role') continue;
      const props = resource.properties;
      const arn = resource.physical?.Arn;
      if (typeof arn !== 'string' || !isObject(props.AssumeRolePolicyDocument)) throw new UnresolvableTemplateError(origin(resource.logicalId), 'role without an ARN or trust policy');
      const inline = list(props.Policies).flatMap((p) =>
        isObject(p) && isObject(p.PolicyDocument) ? [{ name: typeof p.PolicyName === 'string' ? p.PolicyName : 'inline', policy: p.PolicyDocument }] : [],
      );
      const attachedByPolicy = [...stack.resources.values()].flatMap((other) => {
        if ((other.type !== 'AWS::IAM::Policy' && other.type !== 'AWS::IAM::ManagedPolicy') || !isObject(other.properties.PolicyDocument)) return [];
        const roles = list(other.properties.Roles);
        if (!roles.includes(resource.physical?.Ref ?? '')) return [];
        const name = typeof other.properties.PolicyName === 'string' ? other.properties.PolicyName : other.logicalId;
        return [{ name, policy: other.properties.PolicyDocument }];
      });
      const managed = list(props.ManagedPolicyArns).map((policyArn) => this.managedPolicy(String(policyArn), origin(resource.logicalId)));
      this.roles.set(arn, { arn, identityPolicies: [...inline, ...attachedByPolicy, ...managed], trustPolicy: props.AssumeRolePolicyDocument, origin: origin(resource.logicalId) });
    }
  }
}
