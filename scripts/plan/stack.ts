import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { TEMPLATE_FILES } from '../../contract/names';
import { describeError } from '../../functions/core/errors/describe';
import { StackReadError } from './errors';

/** A deployed main stack's parameter values, by name. */
export async function readStackParameters(cloudFormation: CloudFormationClient, stackName: string, region: string): Promise<Record<string, string>> {
  let stack;
  try {
    stack = (await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
  } catch (error) {
    const missing = error instanceof Error && /does not exist/i.test(error.message);
    throw new StackReadError(
      `--stack ${stackName}`,
      missing ? `no such stack in ${region} (pass the main stack's region with --region)` : `DescribeStacks failed: ${describeError(error)}`,
      { cause: error },
    );
  }
  const values: Record<string, string> = {};
  for (const parameter of stack?.Parameters ?? []) {
    if (parameter.ParameterKey !== undefined) values[parameter.ParameterKey] = parameter.ResolvedValue ?? parameter.ParameterValue ?? '';
  }
  if (values.RotationPeriod === undefined) {
    throw new StackReadError(`--stack ${stackName}`, `has no parameter RotationPeriod: it is not a main stack (${TEMPLATE_FILES.main})`);
  }
  return values;
}
