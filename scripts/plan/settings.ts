import { ROTATION_ENV } from '../../contract/env/rotation';
import { ConfigError } from '../../functions/core/config/errors';
import type { LifecycleSettings } from '../../functions/core/lifecycle/types';
import { parseRotationConfig, type RotationConfig } from '../../functions/rotation';
import { ENVIRONMENT } from '../../templates-src/main-stack/environment';
import type { MainParameter } from '../../templates-src/main-stack/parameters';
import { PlanSettingError } from './errors';
import { declaration, deployTimeProblem, flagFor, isMainParameter } from './settings-flags';

export type ValueSource = 'default' | 'stack' | 'flag';

export interface PlanSettings {
  readonly settings: LifecycleSettings;
  /** ComplianceMaxKeyAge (0: off): the plan shows the day each key fails it. */
  readonly complianceMaxKeyAgeDays: number;
  readonly exemptionGroup: string;
  readonly exemptionTagKey: string;
  /** IAMRoleName: the member role. */
  readonly roleName: string;
  /** The stack's DryRunFlag: its runs email this plan instead of applying it. */
  readonly dryRun: boolean;
  /** The parameters that reached the rotation function's configuration, with where each came from. */
  readonly parameters: ReadonlyMap<MainParameter, { readonly value: string; readonly source: ValueSource }>;
}

export interface SettingSources {
  readonly flags: Readonly<Partial<Record<MainParameter, string>>>;
  /** A deployed main stack's parameter values. */
  readonly stack?: { readonly name: string; readonly values: Readonly<Record<string, string>> };
  readonly region: string;
}

/**
 * Where the rotation function's configuration says where secrets, messages and
 * run state go: the plan writes none of them, and some of it (the central key's ARN) only a
 * deployed stack can resolve. Stand-ins keep the parser's required values
 * satisfied; nothing reads them.
 */
const NOT_PLANNING = new Set<string>([
  ROTATION_ENV.storeSecretsInCentralAccount,
  ROTATION_ENV.centralAccountId,
  ROTATION_ENV.centralRoleName,
  ROTATION_ENV.replicaRegions,
  ROTATION_ENV.secretsKmsKeyArn,
  ROTATION_ENV.secretBreakGlassPrincipals,
  ROTATION_ENV.notificationQueueUrl,
  ROTATION_ENV.adminEmail,
  ROTATION_ENV.bucketName,
  ROTATION_ENV.bucketPrefix,
]);
const STAND_INS: Readonly<Record<string, string>> = {
  [ROTATION_ENV.notificationQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/000000000000/npm-run-plan-sends-no-messages',
  [ROTATION_ENV.adminEmail]: 'npm-run-plan@example.invalid',
  [ROTATION_ENV.bucketName]: 'npm-run-plan-writes-no-run-state',
};

/** The rotation function's environment variables that the template fills from a parameter, by variable. */
function parameterOfVariable(): Map<string, MainParameter> {
  const environment = JSON.parse(JSON.stringify(ENVIRONMENT.rotation)) as Record<string, unknown>;
  const out = new Map<string, MainParameter>();
  for (const [variable, value] of Object.entries(environment)) {
    const ref = (value as { Ref?: unknown } | null)?.Ref;
    if (typeof ref === 'string' && isMainParameter(ref)) out.set(variable, ref);
  }
  return out;
}

/**
 * The settings the rotation function would run with: each parameter from a
 * flag, else the stack, else the template's default, put into the
 * environment the template gives the function, and parsed by the function's
 * own cold-start code. So a combination it would refuse is refused here, with
 * its message, naming the parameter and the flag that sets it.
 */
export function resolvePlanSettings(sources: SettingSources): PlanSettings {
  const parameters = new Map<MainParameter, { value: string; source: ValueSource }>();
  const env: Record<string, string> = { AWS_REGION: sources.region };
  const variables = parameterOfVariable();
  for (const [variable, parameter] of variables) {
    const flag = sources.flags[parameter];
    const fromStack = sources.stack?.values[parameter];
    const fallback = declaration(parameter).Default;
    const chosen =
      flag !== undefined
        ? { value: flag, source: 'flag' as const }
        : fromStack !== undefined
          ? { value: fromStack, source: 'stack' as const }
          : fallback !== undefined
            ? { value: String(fallback), source: 'default' as const }
            : undefined;
    if (chosen === undefined || NOT_PLANNING.has(variable)) continue;
    if (chosen.source === 'flag') {
      const problem = deployTimeProblem(parameter, chosen.value);
      if (problem) throw new PlanSettingError(`${parameter} (${flagFor(parameter)})`, `${problem}; CloudFormation would refuse it`);
    }
    parameters.set(parameter, chosen);
    env[variable] = chosen.value;
  }
  // A flag for a parameter the rotation function does not read would be accepted and ignored: refuse it.
  for (const name of Object.keys(sources.flags) as MainParameter[]) {
    if (!parameters.has(name)) {
      throw new PlanSettingError(`${name} (${flagFor(name)})`, 'does not change what the rotation function plans; leave it out');
    }
  }
  const config = parseAsColdStart(env, { variables, parameters, stackName: sources.stack?.name });
  return {
    settings: config.settings,
    complianceMaxKeyAgeDays: config.complianceMaxKeyAgeDays,
    exemptionGroup: config.exemptionGroup,
    exemptionTagKey: config.exemptionTagKey,
    roleName: config.assumedRoleName,
    dryRun: config.dryRun,
    parameters,
  };
}

/** The rotation function's own parser; its error, which names the variable, is turned into one that names the parameter and the flag. */
function parseAsColdStart(
  env: Readonly<Record<string, string>>,
  names: {
    readonly variables: ReadonlyMap<string, MainParameter>;
    readonly parameters: ReadonlyMap<MainParameter, { readonly source: ValueSource }>;
    readonly stackName: string | undefined;
  },
): RotationConfig {
  try {
    return parseRotationConfig({ ...env, ...STAND_INS });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A setting, or a combination of them, names every variable ("A, B: (parameters X, Y): problem").
    const parameters = error.variable.split(', ').map((variable) => names.variables.get(variable));
    if (parameters.some((parameter) => parameter === undefined)) throw error;
    const named = parameters as MainParameter[];
    const label = `(${named.length === 1 ? 'parameter' : 'parameters'} ${named.join(', ')}): `;
    const problem = error.message.slice(error.variable.length + 2).replace(label, '');
    // "VARIABLE: (parameter Name): problem" becomes "Name (--flag, from stack X): problem".
    const where = (parameter: MainParameter): string => {
      const source = names.parameters.get(parameter)?.source;
      return source === 'stack' ? `, from stack ${names.stackName ?? ''}` : source === 'default' ? ', the default' : '';
    };
    throw new PlanSettingError(named.map((parameter) => `${parameter} (${flagFor(parameter)}${where(parameter)})`).join(', '), problem);
  }
}
