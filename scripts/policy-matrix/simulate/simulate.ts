/**
 * One request through the IAM policy simulator (@cloud-copilot/iam-simulate,
 * AGPL: tests and scripts only), with the policies a real request meets: the
 * principal's identity policies, and the resource's policy where it has one
 * (trust policy, key policy, the secret's policy), across accounts. The
 * context keys AWS sets from who calls what (principal, accounts,
 * Organization) are added here; what a call itself carries (kms:ViaService,
 * an encryption context, iam:PolicyARN, aws:TagKeys …) comes with the request.
 */
import { runSimulation, type RequestAnalysis } from '@cloud-copilot/iam-simulate';
import { ROLE_SESSION_NAME } from '../../../contract/names';
import { UnresolvableTemplateError } from '../resolve/errors';
import type { PolicyWorld } from '../model/world';
import type { JsonObject } from '../resolve/resolve-stack';
import { standInContext, standInPolicy } from './encryption-context';

export interface PolicyRequest {
  /** The IAM ARN of a role or user (a role acts through a session of it), or a service principal such as lambda.amazonaws.com. */
  readonly principal: string;
  readonly action: string;
  /** The exact resource ARN, or `*` for actions that take none. */
  readonly resource: string;
  /** The account owning the resource when its ARN names none (S3 buckets); `*` resources belong to the caller. */
  readonly resourceAccount?: string;
  /** Context keys the call carries, over the ones derived from principal and resource. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * The resource's policy when an earlier step replaced the one the deployment
   * gives it (a writer that put a policy of its own, then reads).
   */
  readonly replacedResourcePolicy?: { readonly kind: string; readonly policy: JsonObject };
}

export type Verdict = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface Decision {
  readonly verdict: Verdict;
  /** The statements that decided, e.g. `identity rotate-access-keys/WriteKeySecrets` or `secret policy DenyEveryoneElse`. */
  readonly decisive: string;
}

const ROLE = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;
const USER = /^arn:([^:]+):iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/;

export function isServicePrincipal(principal: string): boolean {
  return /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(principal);
}

export function accountOf(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

export async function simulate(world: PolicyWorld, request: PolicyRequest): Promise<Decision> {
  const service = isServicePrincipal(request.principal);
  const principalAccount = service ? undefined : accountOf(request.principal);
  if (!service && !principalAccount) throw new UnresolvableTemplateError(request.principal, 'not an IAM role or user ARN, nor a service principal');
  const resourceAccount = accountOf(request.resource) ?? request.resourceAccount ?? (request.resource === '*' ? principalAccount : undefined);
  if (!resourceAccount) throw new UnresolvableTemplateError(request.resource, `${request.action}: cannot tell which account owns this resource`);

  const role = ROLE.exec(request.principal);
  const user = USER.exec(request.principal);
  const sessionArn = role ? `arn:${role[1]}:sts::${role[2]}:assumed-role/${role[3]}/${ROLE_SESSION_NAME}` : request.principal;
  const inOrg = (account: string | undefined) => account !== undefined && world.organizationAccounts.has(account);
  const derived: Record<string, string | string[]> = {
    'aws:SecureTransport': 'true',
    'aws:ResourceAccount': resourceAccount,
    ...(inOrg(resourceAccount) ? { 'aws:ResourceOrgID': world.organizationId } : {}),
    ...(principalAccount
      ? {
          'aws:PrincipalArn': request.principal,
          'aws:PrincipalAccount': principalAccount,
          'aws:PrincipalType': role ? 'AssumedRole' : 'User',
          ...(inOrg(principalAccount) ? { 'aws:PrincipalOrgID': world.organizationId } : {}),
          ...(user ? { 'aws:username': user[3] as string } : {}),
        }
      : { 'aws:PrincipalServiceName': request.principal }),
  };
  const contextVariables: Record<string, string | string[]> = { ...derived };
  for (const [key, value] of Object.entries(request.context ?? {})) contextVariables[key] = typeof value === 'string' ? value : [...value];

  const identityPolicies = service ? [] : world.principal(request.principal).identityPolicies.map((p) => ({ name: p.name, policy: standInPolicy(p.policy) }));
  const resource = request.replacedResourcePolicy ?? world.resourcePolicy(request.action, request.resource);
  const result = await runSimulation(
    {
      request: { principal: sessionArn, action: request.action, resource: { resource: request.resource, accountId: resourceAccount }, contextVariables: standInContext(contextVariables) },
      identityPolicies,
      serviceControlPolicies: world.serviceControlPolicies(principalAccount).map((level) => ({ ...level, policies: level.policies.map((p) => ({ name: p.name, policy: standInPolicy(p.policy) })) })),
      resourceControlPolicies: [],
      ...(resource ? { resourcePolicy: standInPolicy(resource.policy) } : {}),
    },
    { simulationMode: 'Strict' },
  );
  if (result.resultType === 'error') {
    throw new UnresolvableTemplateError(`${request.action} on ${request.resource}`, `the simulator rejected the request: ${result.errors.message} ${JSON.stringify(result.errors)}`);
  }
  // A context key the simulator drops makes every condition on it fail: a Deny row would hold for the wrong reason.
  const ignored = (result.resultType === 'single' ? [result.result] : result.results).flatMap((r) => r.ignoredContextKeys ?? []);
  if (ignored.length > 0) {
    throw new UnresolvableTemplateError(`${request.action} on ${request.resource}`, `the simulator ignores the context keys ${[...new Set(ignored)].join(', ')} for this action; pass only keys AWS sets for it`);
  }
  const analyses = result.resultType === 'single' ? [result.result.analysis] : result.results.map((r) => r.analysis);
  return { verdict: result.overallResult, decisive: explain(analyses, resource?.kind ?? 'resource policy', Boolean(resource)) };
}

type Statements = NonNullable<RequestAnalysis['identityAnalysis']>['allowStatements'];

function names(statements: Statements | undefined, prefix: string): string[] {
  return (statements ?? []).map((s) => `${prefix}${s.policyId ? `${s.policyId}/` : ''}${s.explain.identifier}`);
}

function explain(analyses: RequestAnalysis[], kind: string, hasResourcePolicy: boolean): string {
  const parts = new Set<string>();
  for (const analysis of analyses) {
    const identityAllows = names(analysis.identityAnalysis?.allowStatements, 'identity ');
    const identityDenies = names(analysis.identityAnalysis?.denyStatements, 'identity ');
    const resourceAllows = names(analysis.resourceAnalysis?.allowStatements, `${kind} `);
    const resourceDenies = names(analysis.resourceAnalysis?.denyStatements, `${kind} `);
    const scpDenies = (analysis.scpAnalysis?.ouAnalysis ?? []).flatMap((level) => names(level.denyStatements, 'SCP '));
    if (analysis.result === 'ExplicitlyDenied') {
      for (const deny of [...scpDenies, ...identityDenies, ...resourceDenies]) parts.add(`Deny: ${deny}`);
    } else if (analysis.result === 'Allowed') {
      for (const allow of [...identityAllows, ...resourceAllows]) parts.add(allow);
    } else {
      parts.add(identityAllows.length > 0 ? `${identityAllows.join(', ')}, but` : 'no identity Allow');
      if (hasResourcePolicy) parts.add(resourceAllows.length > 0 ? `${kind} allows (${resourceAllows.join(', ')})` : `no ${kind} Allow`);
      if (analysis.sameAccount === false) parts.add('(cross-account: both sides must allow)');
    }
  }
  return [...parts].join('; ');
}
