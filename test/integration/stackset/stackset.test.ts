import {
  CloudFormationClient,
  DescribeStacksCommand,
  DescribeStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deployStackSet, parseStackSetArgs, StackSetUsageError } from '../../../scripts/stackset';
import { useMoto } from '../../harness/moto';
import { createAccount, createOrganization, createOrganizationalUnit } from '../../../emulator/organization';

const moto = useMoto();

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  PrimaryAccountID:
    Type: String
  AWSOrgID:
    Type: String
  IAMRoleName:
    Type: String
    Default: asa-iam-key-rotation-lambda-assumed-role
Resources:
  Topic:
    Type: AWS::SNS::Topic
`;

async function templateFile(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'stackset-'));
  const file = path.join(dir, 'assumed-role.yaml');
  await writeFile(file, TEMPLATE);
  return file;
}

describe('npm run stackset', () => {
  test('creates a service-managed StackSet with auto-deployment, its instances, and the stack in this account', async () => {
    const org = await createOrganization(moto);
    const ou = await createOrganizationalUnit(moto, org.rootId, 'workloads');
    await createAccount(moto, { name: 'a', email: 'a@example.com', parentId: ou, rootId: org.rootId });
    const options = parseStackSetArgs([
      '--ou', ou, '--primary-account', '210987654321', '--regions', 'us-east-1', '--template', await templateFile(), '--no-wait',
    ]);
    const cfn = new CloudFormationClient(moto.config());
    // moto stores but does not return AutoDeployment: read what was sent instead.
    const sent = new Map<string, object>();
    cfn.middlewareStack.add(
      (next, context) => async (args) => {
        sent.set(context.commandName ?? '?', args.input as object);
        return next(args);
      },
      { step: 'initialize' },
    );
    const lines: string[] = [];
    await deployStackSet(options, { cfn, organizations: new OrganizationsClient(moto.config()) }, (l) => lines.push(l));

    const stackSet = await cfn.send(new DescribeStackSetCommand({ StackSetName: options.stackSetName }));
    expect(stackSet.StackSet?.PermissionModel).toBe('SERVICE_MANAGED');
    expect(sent.get('CreateStackSetCommand')).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
    });
    expect(sent.get('CreateStackInstancesCommand')).toMatchObject({
      DeploymentTargets: { OrganizationalUnitIds: [ou] },
      Regions: ['us-east-1'],
      OperationPreferences: { FailureTolerancePercentage: 10, MaxConcurrentPercentage: 25 },
    });
    const parameters = Object.fromEntries((stackSet.StackSet?.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue]));
    expect(parameters.PrimaryAccountID).toBe('210987654321');
    expect(parameters.AWSOrgID).toBe(org.orgId);

    // moto accepts OU deployment targets but creates no instances for them; the request is checked above.
    const local = await cfn.send(new DescribeStacksCommand({ StackName: `${options.stackSetName}-local` }));
    expect(local.Stacks?.[0]?.StackName).toBe(`${options.stackSetName}-local`);
    expect(lines[0]).toBe(`created StackSet ${options.stackSetName}`);

    // A second run with nothing changed changes nothing, and says so.
    const again: string[] = [];
    sent.clear();
    expect(await deployStackSet(options, { cfn, organizations: new OrganizationsClient(moto.config()) }, (l) => again.push(l))).toBe(false);
    expect(again).toEqual([
      `StackSet ${options.stackSetName}: no changes`,
      `StackSet ${options.stackSetName}: already deployed to ${ou} (new accounts there get the role automatically)`,
      `stack ${options.stackSetName}-local in this account: no changes`,
    ]);
    expect([...sent.keys()].filter((command) => !/^(Describe|List|Get)/.test(command))).toEqual([]);

    // A changed parameter updates the StackSet (on the OUs it already targets) and the local stack, instead of failing on "already exists".
    const changed = parseStackSetArgs([
      '--ou', ou, '--primary-account', '210987654321', '--regions', 'us-east-1', '--template', options.templatePath, '--no-wait', '--parameter', 'IAMRoleName=renamed-role',
    ]);
    const third: string[] = [];
    expect(await deployStackSet(changed, { cfn, organizations: new OrganizationsClient(moto.config()) }, (l) => third.push(l))).toBe(true);
    expect(third).toContain(`updated StackSet ${options.stackSetName}`);
    expect(third).toContain(`updated stack ${options.stackSetName}-local in this account`);
    expect(sent.get('UpdateStackSetCommand')).toMatchObject({ DeploymentTargets: { OrganizationalUnitIds: [ou] } });
  });

  test('arguments are checked before any AWS call', () => {
    expect(() => parseStackSetArgs(['--primary-account', '210987654321'])).toThrow(StackSetUsageError);
    expect(() => parseStackSetArgs(['--ou', 'not-an-ou', '--primary-account', '210987654321'])).toThrow(/not an OU/);
    expect(() => parseStackSetArgs(['--ou', 'r-abcd'])).toThrow(/--primary-account/);
    expect(() => parseStackSetArgs(['--ou', 'r-abcd', '--primary-account', '210987654321', '--regions', 'us-east-1,eu-west-1'])).toThrow(
      /one region/,
    );
    expect(() => parseStackSetArgs(['--ou', 'r-abcd', '--primary-account', '210987654321', '--parameter', 'novalue'])).toThrow(
      /Key=Value/,
    );
  });

  test('a parameter the template does not declare is refused', async () => {
    await createOrganization(moto).catch(() => undefined);
    const options = parseStackSetArgs([
      '--ou', 'r-abcd', '--primary-account', '210987654321', '--template', await templateFile(), '--parameter', 'Nope=1', '--no-wait',
    ]);
    await expect(
      deployStackSet(options, { cfn: new CloudFormationClient(moto.config()), organizations: new OrganizationsClient(moto.config()) }, () => undefined),
    ).rejects.toThrow(/no parameter Nope/);
  });
});
