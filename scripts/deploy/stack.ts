import {
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  type CloudFormationClient,
  type Parameter,
} from '@aws-sdk/client-cloudformation';

export interface StackDeployment {
  readonly stackName: string;
  /** The template's S3 URL (its size never matters) and its text, to tell whether it changed. */
  readonly templateUrl: string;
  readonly templateBody: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** Said with the change set: parameter values the command chose rather than samconfig.toml. */
  readonly notes?: readonly string[];
}

export type DeployOutcome = 'created' | 'updated' | 'unchanged' | 'declined';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates or updates one stack through a change set: shown, confirmed (unless
 * `confirm` says yes at once), executed, and waited for. A stack whose
 * template and parameters equal what is deployed gets no change set at all,
 * so a second run with nothing changed changes nothing and says so.
 */
export async function deployStack(
  cfn: CloudFormationClient,
  deployment: StackDeployment,
  confirm: (changes: readonly string[]) => Promise<boolean>,
  log: (line: string) => void,
  pollMs = 5_000,
): Promise<DeployOutcome> {
  const existing = await cfn
    .send(new DescribeStacksCommand({ StackName: deployment.stackName }))
    .then((out) => out.Stacks?.[0])
    .catch((error: Error) => {
      if (/does not exist/i.test(error.message)) return undefined;
      throw error;
    });
  const parameters: Parameter[] = Object.entries(deployment.parameters)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }));
  if (existing && existing.StackStatus !== 'REVIEW_IN_PROGRESS') {
    const deployed = await cfn.send(new GetTemplateCommand({ StackName: deployment.stackName }));
    const values = Object.fromEntries((existing.Parameters ?? []).map((p) => [p.ParameterKey ?? '', String(p.ParameterValue ?? '')]));
    const same = deployed.TemplateBody?.trim() === deployment.templateBody.trim() && parameters.every((p) => values[p.ParameterKey ?? ''] === p.ParameterValue);
    if (same) {
      log(`stack ${deployment.stackName}: no changes (${existing.StackStatus ?? '?'})`);
      return 'unchanged';
    }
  }
  const type = existing && existing.StackStatus !== 'REVIEW_IN_PROGRESS' ? 'UPDATE' : 'CREATE';
  const changeSetName = `npm-run-deploy-${Date.now()}`;
  await cfn.send(
    new CreateChangeSetCommand({
      StackName: deployment.stackName,
      ChangeSetName: changeSetName,
      ChangeSetType: type,
      TemplateURL: deployment.templateUrl,
      Parameters: parameters,
      Capabilities: ['CAPABILITY_NAMED_IAM'],
    }),
  );
  let changeSet;
  for (;;) {
    changeSet = await cfn.send(new DescribeChangeSetCommand({ StackName: deployment.stackName, ChangeSetName: changeSetName }));
    if (changeSet.Status === 'CREATE_COMPLETE') break;
    if (changeSet.Status === 'FAILED') {
      if (/didn't contain changes|No updates/i.test(changeSet.StatusReason ?? '')) {
        log(`stack ${deployment.stackName}: no changes`);
        return 'unchanged';
      }
      throw new Error(`change set for ${deployment.stackName} failed: ${changeSet.StatusReason ?? 'no reason given'}`);
    }
    await sleep(pollMs);
  }
  const changes = (changeSet.Changes ?? []).map((c) => `${c.ResourceChange?.Action ?? '?'} ${c.ResourceChange?.LogicalResourceId ?? '?'} (${c.ResourceChange?.ResourceType ?? '?'})`);
  log(`stack ${deployment.stackName}: change set ${changeSetName} (${type}), ${changes.length} change(s)`);
  for (const change of changes) log(`  ${change}`);
  for (const note of deployment.notes ?? []) log(`  note: ${note}`);
  if (!(await confirm(changes))) {
    log(`stack ${deployment.stackName}: not executed (the change set stays for review)`);
    return 'declined';
  }
  await cfn.send(new ExecuteChangeSetCommand({ StackName: deployment.stackName, ChangeSetName: changeSetName }));
  for (;;) {
    const status = (await cfn.send(new DescribeStacksCommand({ StackName: deployment.stackName }))).Stacks?.[0]?.StackStatus ?? '?';
    // A rollback that completed is a failed deployment too.
    if ((/ROLLBACK/.test(status) && status.endsWith('_COMPLETE')) || status.endsWith('FAILED')) {
      throw new Error(`stack ${deployment.stackName} is ${status}: aws cloudformation describe-stack-events --stack-name ${deployment.stackName}`);
    }
    if (status.endsWith('_COMPLETE')) {
      log(`stack ${deployment.stackName}: ${status}`);
      return type === 'CREATE' ? 'created' : 'updated';
    }
    log(`stack ${deployment.stackName}: ${status}`);
    await sleep(pollMs);
  }
}
