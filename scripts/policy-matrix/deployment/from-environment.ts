/**
 * The deployment that gave a function the environment it ran with: each
 * variable the template sets from a parameter (`!Ref Param`) gives that
 * parameter's value, one set from a resource (`!Ref Queue`) gives that
 * resource's identity, and an `!If` takes the branch the other parameters
 * select. So a recorded request is simulated against the stacks a user would
 * have deployed to run the function exactly as the test ran it.
 */
import { FUNCTION_NAMES, TEMPLATE_FILES, type FunctionKey } from '../../../contract/names';
import type { Json } from '../../../templates-src/lib/yaml';
import { UnresolvableTemplateError } from '../resolve/errors';
import type { Physical } from '../resolve/physical';
import { resolveStack, type JsonObject } from '../resolve/resolve-stack';
import { ORGANIZATION_ID, PARTITION, type Deployment } from './deployments';
import { committedTemplate } from './stacks';

const isObject = (value: Json | undefined): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The identity of a resource given its `Ref` (e.g. a queue URL names its account and name). */
function fromRef(type: string, ref: string, region: string, partition: string): Partial<Physical> {
  if (type === 'AWS::SQS::Queue') {
    const match = /\/(\d{12})\/([^/?]+)\/?$/.exec(ref);
    if (!match) throw new UnresolvableTemplateError(ref, 'not a queue URL');
    return { Ref: ref, QueueUrl: ref, QueueName: match[2] as string, Arn: `arn:${partition}:sqs:${region}:${match[1]}:${match[2]}` };
  }
  return { Ref: ref };
}

export interface RecordedDeploymentBase {
  readonly primaryAccountId: string;
  /** Every account the requests touch: all are taken to be in the Organization. */
  readonly accounts: readonly string[];
}

export function deploymentFromEnvironment(fn: FunctionKey, env: Readonly<Record<string, string>>, base: RecordedDeploymentBase): Deployment {
  const template = committedTemplate(TEMPLATE_FILES.main);
  const resources = (template.Resources ?? {}) as JsonObject;
  const declared = (template.Parameters ?? {}) as JsonObject;
  const found = Object.values(resources).find((r) => isObject(r) && isObject(r.Properties) && r.Properties.FunctionName === FUNCTION_NAMES[fn]);
  const variables = ((isObject(found) && isObject(found.Properties) && isObject(found.Properties.Environment) && found.Properties.Environment.Variables) || {}) as JsonObject;
  const region = env.AWS_REGION ?? 'us-east-1';
  const main: Record<string, string> = {
    S3BucketName: 'recorded-artifacts',
    AdminEmailAddress: 'security-admin@example.com',
    ResourceOwnerTag: '',
    AWSOrgID: ORGANIZATION_ID,
    OrgListAccount: base.primaryAccountId,
    // Read only in VPC mode, where the template's rules require them; no function is told its VPC.
    VpcId: 'vpc-0123456789abcdef0',
    SubnetId: 'subnet-0123456789abcdef0',
  };
  const physical: Record<string, Partial<Physical>> = {};
  const assign = (node: Json | undefined, value: string, at: string): boolean => {
    if (!isObject(node)) return false;
    if (typeof node.Ref === 'string') {
      if (node.Ref in declared) main[node.Ref] = value;
      else if (isObject(resources[node.Ref])) physical[node.Ref] = { ...physical[node.Ref], ...fromRef(String((resources[node.Ref] as JsonObject).Type), value, region, PARTITION) };
      else throw new UnresolvableTemplateError(at, `Ref to ${node.Ref}: neither a parameter nor a resource`);
      return true;
    }
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt)) {
      const [id, attribute] = getAtt.map(String) as [string, string];
      physical[id] = { ...physical[id], [attribute]: value };
      return true;
    }
    return false;
  };
  const conditional: [string, Json[], string][] = [];
  for (const [name, value] of Object.entries(env)) {
    const node = variables[name];
    if (node === undefined || typeof node === 'string') continue;
    if (isObject(node) && Array.isArray(node['Fn::If'])) conditional.push([name, node['Fn::If'], value]);
    else if (!assign(node, value, `${FUNCTION_NAMES[fn]}.${name}`)) throw new UnresolvableTemplateError(`${FUNCTION_NAMES[fn]}.${name}`, `cannot tell which parameter sets it from ${JSON.stringify(node)}`);
  }
  /** Whether these parameters make a deployment CloudFormation accepts (its Rules hold) with `condition` as `expected`. */
  const consistent = (parameters: Record<string, string>, condition: string, expected: boolean): boolean => {
    try {
      const place = { stackName: 'env', accountId: base.primaryAccountId, region, partition: PARTITION };
      return resolveStack({ template: { ...template, Resources: {}, Outputs: {} }, place, parameters }).conditions[condition] === expected;
    } catch {
      return false;
    }
  };
  for (const [name, [condition, whenTrue, whenFalse], value] of conditional) {
    // Which branch set the value depends on the other parameters, as the template's condition does. When the
    // condition reads the parameter the other branch sets (SECRETS_KMS_KEY_ARN: the stack's key unless
    // SecretsKmsKeyArn is given), the true branch counts only if it gives a deployment CloudFormation accepts.
    const branch = consistent(main, String(condition), true) ? whenTrue : whenFalse;
    if (!assign(branch, value, `${FUNCTION_NAMES[fn]}.${name}`)) throw new UnresolvableTemplateError(`${FUNCTION_NAMES[fn]}.${name}`, `cannot tell which parameter sets it from ${JSON.stringify(branch)}`);
  }
  return {
    name: `recorded ${fn}`,
    summary: `the deployment that gives the ${fn} function the environment it ran with`,
    partition: PARTITION,
    region,
    organizationId: ORGANIZATION_ID,
    primaryAccountId: base.primaryAccountId,
    // The tests run the main stack in moto's default account, which is also the Organization's management account.
    managementAccountId: base.primaryAccountId,
    organizationAccounts: [...new Set([base.primaryAccountId, main.OrgListAccount ?? base.primaryAccountId, ...base.accounts])].sort(),
    main,
    mainPhysical: physical,
  };
}
