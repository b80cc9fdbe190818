/** Conditions of the main stack, by name, so resources refer to them without string typos. */
import { Fn, type Condition } from 'cloudform';
import { CODE_VERSION_PARAMETERS, type FunctionKey } from '../../contract/names';
import { ref } from './parameters';

export const CONDITION = {
  runInVpc: 'RunInVpc',
  centralSecrets: 'StoreSecretsCentrally',
  createSecretsKey: 'CreateSecretsKey',
  hasBreakGlass: 'HasSecretBreakGlassPrincipals',
  hasOperators: 'HasOperatorPrincipals',
  hasKeyAdministrators: 'HasKeyAdministratorArns',
  hasCodeVersion: {
    rotation: 'HasRotationCodeVersion',
    inventory: 'HasInventoryCodeVersion',
    notifier: 'HasNotifierCodeVersion',
  } satisfies Record<FunctionKey, string>,
} as const;

const hasCodeVersion = (key: FunctionKey): Condition => Fn.Not(Fn.Equals(ref(CODE_VERSION_PARAMETERS[key]), ''));

export const conditions: Record<string, Condition> = {
  [CONDITION.runInVpc]: Fn.Equals(ref('RunLambdaInVPC'), 'True'),
  [CONDITION.centralSecrets]: Fn.Equals(ref('StoreSecretsInCentralAccount'), 'True'),
  [CONDITION.createSecretsKey]: Fn.And([{ Condition: CONDITION.centralSecrets }, Fn.Equals(ref('SecretsKmsKeyArn'), '')]),
  [CONDITION.hasBreakGlass]: Fn.Not(Fn.Equals(ref('SecretBreakGlassPrincipals'), '')),
  [CONDITION.hasOperators]: Fn.Not(Fn.Equals(ref('OperatorPrincipals'), '')),
  [CONDITION.hasKeyAdministrators]: Fn.Not(Fn.Equals(ref('KeyAdministratorArns'), '')),
  [CONDITION.hasCodeVersion.rotation]: hasCodeVersion('rotation'),
  [CONDITION.hasCodeVersion.inventory]: hasCodeVersion('inventory'),
  [CONDITION.hasCodeVersion.notifier]: hasCodeVersion('notifier'),
};
