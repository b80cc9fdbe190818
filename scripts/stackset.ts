/**
 * `npm run stackset -- --ou <ids> --primary-account <id> [--regions R] [--parameter K=V ...]`
 *
 * Creates or updates the assumed-role StackSet with service-managed
 * permissions (deployed by Organizations, automatically to new accounts),
 * deploys it to the given OUs, and deploys the same template as a plain stack
 * in the account running it: service-managed StackSets never deploy to the
 * management account, whose IAM users need rotating too.
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DescribeStacksCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  GetTemplateCommand,
  ListStackInstancesCommand,
  UpdateStackCommand,
  UpdateStackSetCommand,
  type CallAs,
  type Parameter,
  type StackSetOperationPreferences,
} from '@aws-sdk/client-cloudformation';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { TEMPLATE_FILES } from '../contract/names';
import { ROOT } from './lib/bundle';

export class StackSetUsageError extends Error {
  override readonly name = 'StackSetUsageError';
}

export interface StackSetOptions {
  readonly stackSetName: string;
  readonly organizationalUnits: readonly string[];
  readonly region: string | undefined;
  readonly primaryAccount: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly callAs: CallAs;
  readonly failureTolerancePercentage: number;
  readonly maxConcurrentPercentage: number;
  readonly deployToCurrentAccount: boolean;
  readonly wait: boolean;
  readonly templatePath: string;
}

const OU_ID = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;

export function parseStackSetArgs(argv: readonly string[]): StackSetOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ou: { type: 'string', multiple: true },
      regions: { type: 'string' },
      'primary-account': { type: 'string' },
      parameter: { type: 'string', multiple: true },
      name: { type: 'string', default: 'asa-iam-key-rotation-assumed-role' },
      'call-as': { type: 'string', default: 'SELF' },
      'failure-tolerance': { type: 'string', default: '10' },
      'max-concurrent': { type: 'string', default: '25' },
      'skip-current-account': { type: 'boolean', default: false },
      'no-wait': { type: 'boolean', default: false },
      template: { type: 'string', default: path.join(ROOT, 'dist', 'CloudFormation', TEMPLATE_FILES.assumedRole) },
    },
    strict: true,
  });
  const ous = (values.ou ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (ous.length === 0) throw new StackSetUsageError('--ou is required: the OU or root ids (ou-… or r-…) to deploy the role to');
  const badOus = ous.filter((ou) => !OU_ID.test(ou));
  if (badOus.length > 0) throw new StackSetUsageError(`--ou: not an OU or root id: ${badOus.join(', ')}`);
  const primary = values['primary-account'];
  if (!primary || !/^\d{12}$/.test(primary)) {
    throw new StackSetUsageError('--primary-account is required: the 12-digit id of the account running the main stack');
  }
  const regions = (values.regions ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  // IAM is global: the same role deployed to two regions of an account collides on its name.
  if (regions.length > 1) throw new StackSetUsageError('--regions: IAM roles are global, deploy the StackSet to one region only');
  const callAs = values['call-as'];
  if (callAs !== 'SELF' && callAs !== 'DELEGATED_ADMIN') throw new StackSetUsageError('--call-as must be SELF or DELEGATED_ADMIN');
  const parameters: Record<string, string> = {};
  for (const pair of values.parameter ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new StackSetUsageError(`--parameter must be Key=Value, got "${pair}"`);
    parameters[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const percent = (name: string, raw: string | undefined): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 100) throw new StackSetUsageError(`--${name} must be a percentage 0-100`);
    return value;
  };
  return {
    stackSetName: values.name ?? 'asa-iam-key-rotation-assumed-role',
    organizationalUnits: ous,
    region: regions[0],
    primaryAccount: primary,
    parameters,
    callAs,
    failureTolerancePercentage: percent('failure-tolerance', values['failure-tolerance']),
    maxConcurrentPercentage: percent('max-concurrent', values['max-concurrent']) || 1,
    deployToCurrentAccount: !values['skip-current-account'],
    wait: !values['no-wait'],
    templatePath: values.template ?? '',
  };
}

/** Template parameters: the ones given, plus the primary account and the Organization id when the template has them. */
async function resolveParameters(
  options: StackSetOptions,
  declared: readonly string[],
  organizations: OrganizationsClient,
): Promise<Parameter[]> {
  const values: Record<string, string> = { ...options.parameters };
  if (declared.includes('PrimaryAccountID')) values.PrimaryAccountID ??= options.primaryAccount;
  if (declared.includes('AWSOrgID') && values.AWSOrgID === undefined) {
    const org = await organizations.send(new DescribeOrganizationCommand({}));
    if (org.Organization?.Id) values.AWSOrgID = org.Organization.Id;
  }
  const unknown = Object.keys(values).filter((key) => !declared.includes(key));
  if (unknown.length > 0) throw new StackSetUsageError(`--parameter: the template has no parameter ${unknown.join(', ')}`);
  return Object.entries(values)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
}

function isNotFound(error: Error): boolean {
  return error.name === 'StackSetNotFoundException' || /not found/i.test(error.message);
}

async function waitForOperation(cfn: CloudFormationClient, options: StackSetOptions, operationId: string | undefined, log: (l: string) => void): Promise<void> {
  if (!operationId || !options.wait) return;
  for (;;) {
    const op = await cfn.send(
      new DescribeStackSetOperationCommand({ StackSetName: options.stackSetName, OperationId: operationId, CallAs: options.callAs }),
    );
    const status = op.StackSetOperation?.Status;
    if (status === 'SUCCEEDED') return;
    if (status === 'FAILED' || status === 'STOPPED') {
      throw new Error(`StackSet operation ${operationId} ${status}: ${op.StackSetOperation?.StatusReason ?? 'see the CloudFormation console'}`);
    }
    log(`  operation ${operationId}: ${status ?? 'unknown'}`);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
}

export async function deployStackSet(
  options: StackSetOptions,
  clients: { cfn: CloudFormationClient; organizations: OrganizationsClient },
  log: (line: string) => void = console.log,
): Promise<boolean> {
  const { cfn, organizations } = clients;
  let changed = false;
  const templateBody = await readFile(options.templatePath, 'utf8');
  const declared = Object.keys((parse(templateBody, { logLevel: 'silent' }) as { Parameters?: object }).Parameters ?? {});
  const parameters = await resolveParameters(options, declared, organizations);
  const region = options.region ?? (await cfn.config.region());
  const preferences: StackSetOperationPreferences = {
    FailureTolerancePercentage: options.failureTolerancePercentage,
    MaxConcurrentPercentage: options.maxConcurrentPercentage,
    RegionConcurrencyType: 'PARALLEL',
  };
  const common = {
    StackSetName: options.stackSetName,
    TemplateBody: templateBody,
    Parameters: parameters,
    Capabilities: ['CAPABILITY_NAMED_IAM' as const],
    CallAs: options.callAs,
  };

  const existing = await cfn
    .send(new DescribeStackSetCommand({ StackSetName: options.stackSetName, CallAs: options.callAs }))
    .then((out) => out.StackSet)
    .catch((error: Error) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
  let targeted: readonly string[] = [];
  if (existing) {
    const deployedValues = Object.fromEntries((existing.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
    const unchanged =
      existing.TemplateBody?.trim() === templateBody.trim() &&
      parameters.length === Object.keys(deployedValues).length &&
      parameters.every((p) => deployedValues[p.ParameterKey ?? ''] === p.ParameterValue);
    // Which OUs it deploys to: AWS says so; an emulator that does not is taken to target them once it has instances.
    const instances = (await cfn.send(new ListStackInstancesCommand({ StackSetName: options.stackSetName, CallAs: options.callAs }))).Summaries ?? [];
    targeted = existing.OrganizationalUnitIds ?? (instances.length > 0 ? options.organizationalUnits : []);
    if (unchanged) {
      log(`StackSet ${options.stackSetName}: no changes`);
    } else {
      const updated = await cfn.send(
        new UpdateStackSetCommand({
          ...common,
          OperationPreferences: preferences,
          DeploymentTargets: { OrganizationalUnitIds: [...targeted] },
          Regions: [region],
        }),
      );
      log(`updated StackSet ${options.stackSetName}`);
      changed = true;
      await waitForOperation(cfn, options, updated.OperationId, log);
    }
  } else {
    await cfn.send(
      new CreateStackSetCommand({
        ...common,
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        ManagedExecution: { Active: true },
        Description: 'IAM access key rotation: the role the rotation function assumes in every member account',
      }),
    );
    log(`created StackSet ${options.stackSetName}`);
    changed = true;
  }
  // Automatic deployment covers accounts that join a targeted OU later; only OUs not yet targeted need instances.
  const newOus = options.organizationalUnits.filter((ou) => !targeted.includes(ou));
  if (newOus.length > 0) {
    const instances = await cfn.send(
      new CreateStackInstancesCommand({
        StackSetName: options.stackSetName,
        DeploymentTargets: { OrganizationalUnitIds: newOus },
        Regions: [region],
        OperationPreferences: preferences,
        CallAs: options.callAs,
      }),
    );
    log(`deploying to ${newOus.join(', ')} in ${region} (operation ${instances.OperationId ?? '?'})`);
    changed = true;
    await waitForOperation(cfn, options, instances.OperationId, log);
  } else {
    log(`StackSet ${options.stackSetName}: already deployed to ${options.organizationalUnits.join(', ')} (new accounts there get the role automatically)`);
  }

  if (options.deployToCurrentAccount) {
    const stackName = `${options.stackSetName}-local`;
    const stack = await cfn
      .send(new DescribeStacksCommand({ StackName: stackName }))
      .then((r) => r.Stacks?.[0])
      .catch(() => undefined);
    const request = { StackName: stackName, TemplateBody: templateBody, Parameters: parameters, Capabilities: common.Capabilities };
    if (stack) {
      const deployed = await cfn.send(new GetTemplateCommand({ StackName: stackName }));
      const values = Object.fromEntries((stack.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
      if (deployed.TemplateBody?.trim() === templateBody.trim() && parameters.every((p) => values[p.ParameterKey ?? ''] === p.ParameterValue)) {
        log(`stack ${stackName} in this account: no changes`);
        return changed;
      }
      const updated = await cfn.send(new UpdateStackCommand(request)).then(
        () => true,
        (error: Error) => {
          if (!/No updates are to be performed/.test(error.message)) throw error;
          return false;
        },
      );
      log(updated ? `updated stack ${stackName} in this account` : `stack ${stackName} in this account: no changes`);
      changed ||= updated;
    } else {
      await cfn.send(new CreateStackCommand(request));
      log(`created stack ${stackName} in this account`);
      changed = true;
    }
  }
  return changed;
}

if (require.main === module) {
  Promise.resolve()
    .then(async () => {
      const options = parseStackSetArgs(process.argv.slice(2));
      const config = options.region ? { region: options.region } : {};
      await deployStackSet(options, { cfn: new CloudFormationClient(config), organizations: new OrganizationsClient(config) });
    })
    .catch((error: Error) => {
      console.error(`stackset: ${error instanceof StackSetUsageError ? '' : `${error.name}: `}${error.message}`);
      process.exit(1);
    });
}
