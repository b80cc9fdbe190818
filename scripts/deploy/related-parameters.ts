/**
 * The list-accounts role and the member role must agree with the main stack
 * on names (roles trust each other by name) and on central mode. These map
 * the main stack's settings from samconfig.toml onto the other two
 * templates' parameters; what samconfig leaves out stays at each template's
 * default, which agree. Pure.
 */
type Values = Readonly<Record<string, string>>;

const pick = (from: Values, pairs: readonly (readonly [string, string])[]): Record<string, string> =>
  Object.fromEntries(pairs.filter(([source]) => from[source] !== undefined && from[source] !== '').map(([source, target]) => [target, from[source] ?? '']));

const isCentral = (main: Values): boolean => main.StoreSecretsInCentralAccount === 'True';

/** The central secrets' key: the stack's own (its output) or the one samconfig names. */
export function centralKeyArn(main: Values, outputs: Values): string | undefined {
  if (!isCentral(main)) return undefined;
  return outputs.oSecretsKmsKeyArn ?? (main.SecretsKmsKeyArn || undefined);
}

export function listAccountsParameters(main: Values, ids: { primaryAccount: string; orgId: string }, keyArn: string | undefined): Record<string, string> {
  return {
    PrimaryAccountID: ids.primaryAccount,
    AWSOrgID: ids.orgId,
    ...pick(main, [
      ['OrgListRole', 'IAMRoleName'],
      ['InventoryExecutionRoleName', 'AccountExecutionRoleName'],
      ['ExecutionRoleName', 'RotationExecutionRoleName'],
      ['StoreSecretsInCentralAccount', 'StoreSecretsInCentralAccount'],
      ['CentralSecretsRoleName', 'CentralSecretsRoleName'],
    ]),
    ...(keyArn ? { SecretsKmsKeyArn: keyArn } : {}),
  };
}

export function assumedRoleParameters(main: Values, ids: { orgId: string; orgListAccount: string }, keyArn: string | undefined): Record<string, string> {
  return {
    AWSOrgID: ids.orgId,
    ...pick(main, [
      ['IAMRoleName', 'IAMRoleName'],
      ['ExecutionRoleName', 'ExecutionRoleName'],
      ['IAMExemptionGroup', 'IAMExemptionGroup'],
    ]),
    ...(isCentral(main) ? { CentralSecretsAccountID: ids.orgListAccount } : {}),
    ...(keyArn ? { SecretsKmsKeyArn: keyArn } : {}),
  };
}
