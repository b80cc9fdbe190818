/**
 * Every stack of a deployment, resolved: the main stack in the primary
 * account, the member-role StackSet in every account of the Organization, the
 * list-accounts role in OrgListAccount, and the VPC endpoints in VPC mode.
 * Their parameters come from the main stack's, wired as the README's deploy
 * steps tell a user to; a parameter a template does not declare is not passed
 * (so the wiring survives templates gaining or losing one), and a required
 * one missing fails the resolution.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FUNCTION_NAMES, TEMPLATE_FILES, type FunctionKey } from '../../../contract/names';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { parseTemplate, type Json } from '../../../templates-src/lib/yaml';
import { UnresolvableTemplateError } from '../resolve/errors';
import { resolveStack, type JsonObject, type ResolvedResource, type ResolvedStack } from '../resolve/resolve-stack';
import type { Deployment } from './deployments';

const TEMPLATE_DIR = path.resolve(__dirname, '..', '..', '..', 'dist', 'CloudFormation');

const templates = new Map<string, JsonObject>();

/** The committed template (what users deploy; a test keeps it equal to a fresh synth), in long form. */
export function committedTemplate(file: string): JsonObject {
  let template = templates.get(file);
  if (!template) {
    template = parseTemplate(readFileSync(path.join(TEMPLATE_DIR, file), 'utf8')) as JsonObject;
    templates.set(file, template);
  }
  return template;
}

export interface DeployedStacks {
  readonly deployment: Deployment;
  readonly main: ResolvedStack;
  /** The member-role stack instance of each account of the Organization. */
  readonly memberRole: ReadonlyMap<string, ResolvedStack>;
  readonly listAccounts: ResolvedStack;
  readonly vpcEndpoints?: ResolvedStack;
  readonly all: readonly ResolvedStack[];
}

interface Wiring {
  readonly deployment: Deployment;
  readonly main: (name: string) => string;
  /** True when the rotation function stores secrets in the central account. */
  readonly central: boolean;
  /** The key the rotation function encrypts secrets with ('' for aws/secretsmanager). */
  readonly keyArn: string;
}

type ParameterWiring = Readonly<Record<string, (w: Wiring) => string>>;

const MEMBER_ROLE_PARAMETERS: ParameterWiring = {
  IAMRoleName: (w) => w.main('IAMRoleName'),
  ExecutionRoleName: (w) => w.main('ExecutionRoleName'),
  PrimaryAccountID: (w) => w.deployment.primaryAccountId,
  AWSOrgID: (w) => w.main('AWSOrgID'),
  IAMExemptionGroup: (w) => w.main('IAMExemptionGroup'),
  CentralSecretsAccountID: (w) => (w.central ? w.main('OrgListAccount') : ''),
  SecretsKmsKeyArn: (w) => w.keyArn,
};

const LIST_ACCOUNTS_PARAMETERS: ParameterWiring = {
  IAMRoleName: (w) => w.main('OrgListRole'),
  AccountExecutionRoleName: (w) => w.main('InventoryExecutionRoleName'),
  RotationExecutionRoleName: (w) => w.main('ExecutionRoleName'),
  PrimaryAccountID: (w) => w.deployment.primaryAccountId,
  AWSOrgID: (w) => w.main('AWSOrgID'),
  StoreSecretsInCentralAccount: (w) => w.main('StoreSecretsInCentralAccount'),
  SecretsKmsKeyArn: (w) => (w.central ? w.keyArn : ''),
  CentralSecretsRoleName: (w) => w.main('CentralSecretsRoleName'),
};

const VPC_ENDPOINT_PARAMETERS: ParameterWiring = {
  pVpcId: (w) => w.main('VpcId'),
  pSubnetId: (w) => w.main('SubnetId'),
  pVPCCidr: (w) => w.main('VpcCidr'),
  pCreateSESEndpoint: () => 'True',
  pCreateSSMEndpoint: () => 'True',
  pCreateSTSEndpoint: () => 'True',
  pCreateSecretsManagerEndpoint: () => 'True',
  pCreateSQSEndpoint: () => 'True',
};

function wired(file: string, wiring: ParameterWiring, w: Wiring): Record<string, string> {
  const declared = committedTemplate(file).Parameters as JsonObject | undefined;
  return Object.fromEntries(Object.entries(wiring).filter(([name]) => declared && name in declared).map(([name, value]) => [name, value(w)]));
}

export function deployStacks(deployment: Deployment): DeployedStacks {
  const place = (stackName: string, accountId: string) => ({ stackName, accountId, region: deployment.region, partition: deployment.partition });
  const main = resolveStack({
    template: committedTemplate(TEMPLATE_FILES.main),
    place: place('asa-iam-key-rotation', deployment.primaryAccountId),
    parameters: deployment.main,
    ...(deployment.mainPhysical ? { physical: deployment.mainPhysical } : {}),
  });
  const rotationEnv = functionEnvironment(main, 'rotation');
  const mainValue = (name: string): string => {
    const value = main.parameters[name];
    if (value === undefined) return '';
    return Array.isArray(value) ? value.join(',') : value;
  };
  const w: Wiring = {
    deployment,
    main: mainValue,
    central: rotationEnv[ROTATION_ENV.storeSecretsInCentralAccount] === 'True',
    keyArn: rotationEnv[ROTATION_ENV.secretsKmsKeyArn] ?? '',
  };
  const memberRole = new Map(
    deployment.organizationAccounts.map((accountId) => [
      accountId,
      resolveStack({
        template: committedTemplate(TEMPLATE_FILES.assumedRole),
        place: place('StackSet-asa-iam-key-rotation-assumed-role', accountId),
        parameters: wired(TEMPLATE_FILES.assumedRole, MEMBER_ROLE_PARAMETERS, w),
      }),
    ]),
  );
  const listAccounts = resolveStack({
    template: committedTemplate(TEMPLATE_FILES.listAccountsRole),
    place: place('asa-iam-key-rotation-list-accounts-role', mainValue('OrgListAccount')),
    parameters: wired(TEMPLATE_FILES.listAccountsRole, LIST_ACCOUNTS_PARAMETERS, w),
  });
  const vpcEndpoints =
    main.conditions.RunInVpc === true
      ? resolveStack({
          template: committedTemplate(TEMPLATE_FILES.vpcEndpoints),
          place: place('asa-iam-key-rotation-vpc-endpoints', deployment.primaryAccountId),
          parameters: wired(TEMPLATE_FILES.vpcEndpoints, VPC_ENDPOINT_PARAMETERS, w),
        })
      : undefined;
  return {
    deployment,
    main,
    memberRole,
    listAccounts,
    ...(vpcEndpoints ? { vpcEndpoints } : {}),
    all: [main, ...memberRole.values(), listAccounts, ...(vpcEndpoints ? [vpcEndpoints] : [])],
  };
}

/** The Lambda function resource of a function, found by its name (contract/names). */
export function functionResource(main: ResolvedStack, key: FunctionKey): ResolvedResource {
  const found = [...main.resources.values()].find((r) => r.type === 'AWS::Lambda::Function' && r.properties.FunctionName === FUNCTION_NAMES[key]);
  if (!found) throw new UnresolvableTemplateError(`${main.place.stackName}`, `no Lambda function named ${FUNCTION_NAMES[key]}`);
  return found;
}

/** A function's environment as the resolved template sets it. */
export function functionEnvironment(main: ResolvedStack, key: FunctionKey): Record<string, string> {
  const environment = functionResource(main, key).properties.Environment as JsonObject | undefined;
  const variables = (environment?.Variables ?? {}) as Record<string, Json>;
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
}

/** The ARN of a function's execution role. */
export function executionRoleArn(main: ResolvedStack, key: FunctionKey): string {
  const role = functionResource(main, key).properties.Role;
  if (typeof role !== 'string') throw new UnresolvableTemplateError(FUNCTION_NAMES[key], 'Role did not resolve to an ARN');
  return role;
}
