import { parameters, type MainParameter } from '../../templates-src/main-stack/parameters';

/**
 * The main-stack parameters that change the plan, each with a flag of its
 * own; any other parameter can be given with `--parameter Key=Value`. The
 * member role's name (IAMRoleName) is `--role`.
 */
export const SETTING_FLAGS = {
  'rotation-period': 'RotationPeriod',
  'inactive-buffer': 'InactiveBuffer',
  'recovery-grace-period': 'RecoveryGracePeriod',
  'inactive-period': 'InactivePeriod',
  'warning-days': 'WarningDays',
  'exemption-group': 'IAMExemptionGroup',
  'exemption-tag-key': 'ExemptionTagKey',
} as const satisfies Readonly<Record<string, MainParameter>>;

export type SettingFlag = keyof typeof SETTING_FLAGS;

/** A parameter's declaration in the main template, as CloudFormation reads it. */
export interface ParameterDeclaration {
  readonly Type: string;
  readonly Description: string;
  readonly Default?: string | number;
  readonly MinValue?: number;
  readonly MaxValue?: number;
  readonly AllowedPattern?: string;
  readonly AllowedValues?: readonly (string | number)[];
}

export function isMainParameter(name: string): name is MainParameter {
  return Object.hasOwn(parameters, name);
}

export function declaration(name: MainParameter): ParameterDeclaration {
  return JSON.parse(JSON.stringify(parameters[name])) as ParameterDeclaration;
}

/** How a user sets a parameter on this command's command line. */
export function flagFor(parameter: string): string {
  const flag = Object.entries(SETTING_FLAGS).find(([, name]) => name === parameter)?.[0];
  if (flag) return `--${flag}`;
  return parameter === 'IAMRoleName' ? '--role' : `--parameter ${parameter}=…`;
}

/** What CloudFormation would refuse at deploy time (the template's AllowedPattern, AllowedValues, MinValue, MaxValue). */
export function deployTimeProblem(name: MainParameter, value: string): string | undefined {
  const declared = declaration(name);
  if (declared.AllowedValues && !declared.AllowedValues.map(String).includes(value)) {
    return `must be one of ${declared.AllowedValues.join(', ')}, got "${value}"`;
  }
  if (declared.AllowedPattern && !new RegExp(declared.AllowedPattern).test(value)) return `does not match ${declared.AllowedPattern}: "${value}"`;
  if (declared.Type === 'Number') {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) return `must be a number, got "${value}"`;
    if (declared.MinValue !== undefined && number < declared.MinValue) return `must be at least ${declared.MinValue}, got ${value}`;
    if (declared.MaxValue !== undefined && number > declared.MaxValue) return `must be at most ${declared.MaxValue}, got ${value}`;
  }
  return undefined;
}
