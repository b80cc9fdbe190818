/**
 * Every recorded request must be allowed: each invocation's requests are
 * simulated against the deployment its environment implies (every account
 * touched is in the Organization), with the principal the recorder
 * attributed. A request the recorder could not derive or attribute fails.
 */
import { PolicyWorld } from '../model/world';
import { deploymentFromEnvironment } from '../deployment/from-environment';
import { deployStacks, executionRoleArn, functionResource } from '../deployment/stacks';
import { simulate, type Decision, type PolicyRequest } from '../simulate/simulate';
import type { RecordedInvocation, RecordedRequest } from './records';

export interface AllowResult {
  readonly fn: string;
  readonly operation: string;
  readonly request: PolicyRequest;
  readonly decision: Decision;
  readonly holds: boolean;
  /** How many recorded requests this one stands for. */
  readonly count: number;
  readonly sources: readonly string[];
}

const accountsIn = (text: string): string[] => [...text.matchAll(/(?<![\d])(\d{12})(?![\d])/g)].map((m) => m[1] as string);

/**
 * @param adjust changes the world before simulating: how a test shows that a
 * missing grant makes the check fail.
 */
export async function checkInvocations(invocations: readonly RecordedInvocation[], primaryAccountId: string, adjust?: (world: PolicyWorld) => void): Promise<AllowResult[]> {
  const groups = new Map<string, RecordedInvocation[]>();
  for (const invocation of invocations) {
    const key = `${invocation.fn} ${JSON.stringify(Object.entries(invocation.env).sort())}`;
    groups.set(key, [...(groups.get(key) ?? []), invocation]);
  }
  const results = new Map<string, AllowResult>();
  for (const group of groups.values()) {
    const first = group[0] as RecordedInvocation;
    const requests = group.flatMap((invocation) => invocation.requests.map((request) => ({ request, source: invocation.source })));
    const accounts = [...new Set(requests.flatMap(({ request }) => [...accountsIn(request.resource), ...(request.principal.kind === 'role' ? accountsIn(request.principal.arn) : [])]))];
    let prepared: { world: PolicyWorld; executionRole: string; queueArn: string | undefined } | undefined;
    let failure: string | undefined;
    try {
      const deployment = deploymentFromEnvironment(first.fn, first.env, { primaryAccountId, accounts });
      const stacks = deployStacks(deployment);
      const world = new PolicyWorld(stacks, new Set(deployment.organizationAccounts));
      adjust?.(world);
      const executionRole = executionRoleArn(stacks.main, first.fn);
      const functionName = functionResource(stacks.main, first.fn).physical?.Ref;
      const mapping = [...stacks.main.resources.values()].find((r) => r.type === 'AWS::Lambda::EventSourceMapping' && r.properties.FunctionName === functionName);
      prepared = { world, executionRole, queueArn: typeof mapping?.properties.EventSourceArn === 'string' ? mapping.properties.EventSourceArn : undefined };
    } catch (error) {
      failure = `the deployment for this environment cannot be resolved: ${error instanceof Error ? error.message : String(error)}`;
    }
    for (const { request, source } of requests) {
      const key = `${first.fn}|${JSON.stringify(first.env)}|${JSON.stringify(request)}`;
      const seen = results.get(key);
      if (seen) {
        results.set(key, { ...seen, count: seen.count + 1, sources: seen.sources.includes(source) ? seen.sources : [...seen.sources, source] });
        continue;
      }
      results.set(key, await checkOne(first.fn, request, source, prepared, failure));
    }
  }
  return [...results.values()];
}

async function checkOne(
  fn: string,
  recorded: RecordedRequest,
  source: string,
  prepared: { world: PolicyWorld; executionRole: string; queueArn: string | undefined } | undefined,
  failure: string | undefined,
): Promise<AllowResult> {
  const fail = (why: string, request: PolicyRequest): AllowResult => ({ fn, operation: recorded.operation, request, decision: { verdict: 'ImplicitlyDenied', decisive: why }, holds: false, count: 1, sources: [source] });
  const principal =
    recorded.principal.kind === 'execution' ? (prepared?.executionRole ?? '?') : recorded.principal.kind === 'role' ? recorded.principal.arn : recorded.principal.kind === 'service' ? recorded.principal.name : `unattributed key ${recorded.principal.accessKeyId}`;
  const raw: PolicyRequest = { principal, action: recorded.action, resource: recorded.resource, context: recorded.context };
  if (recorded.problem) return fail(`not derived: ${recorded.problem}`, raw);
  if (recorded.principal.kind === 'unknown') return fail(`not attributed: credentials ${recorded.principal.accessKeyId} are neither the function's nor from an AssumeRole it made`, raw);
  if (!prepared) return fail(failure ?? 'no deployment', raw);
  const resource = recorded.resource
    .replace('${OrganizationId}', prepared.world.organizationId)
    .replace('${ExecutionRoleArn}', prepared.executionRole)
    .replace('${EventSourceQueueArn}', prepared.queueArn ?? '?');
  const request: PolicyRequest = { ...raw, resource, ...(recorded.resourceAccount ? { resourceAccount: recorded.resourceAccount } : {}) };
  if (resource.includes('?')) return fail('no event source mapping of this function in the template', request);
  try {
    const decision = await simulate(prepared.world, request);
    return { fn, operation: recorded.operation, request, decision, holds: decision.verdict === 'Allowed', count: 1, sources: [source] };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), request);
  }
}
