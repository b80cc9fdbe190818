/**
 * iam-simulate (0.1.173) recognises a context key with a variable part only
 * when the variable follows a slash (`aws:PrincipalTag/${TagKey}`). KMS's
 * `kms:EncryptionContext:${EncryptionContextKey}` puts it after a colon, so the
 * simulator silently drops `kms:EncryptionContext:SecretARN` from the request,
 * and every condition on it then fails: an Allow for the key's user would be
 * denied, and a must-deny row would hold for the wrong reason.
 *
 * So the key is renamed, in the request and in every policy alike, to a
 * stand-in of the slash form the simulator accepts for every action. Only the
 * name changes: values, operators and policy variables are evaluated as AWS
 * would evaluate them on the real key. The stand-in's prefix is reserved: a
 * policy or request already using it stops the simulation.
 */
import type { Json } from '../../../templates-src/lib/yaml';
import { UnresolvableTemplateError } from '../resolve/errors';
import type { JsonObject } from '../resolve/resolve-stack';

const ENCRYPTION_CONTEXT = /^kms:EncryptionContext:(.+)$/i;
const STAND_IN_PREFIX = 'aws:PrincipalTag/stand-in-for-kms-encryption-context:';

/** The name the simulator is given for a context key. */
export function standInKey(key: string): string {
  if (key.toLowerCase().startsWith(STAND_IN_PREFIX.toLowerCase())) throw new UnresolvableTemplateError(key, 'this context key prefix is reserved for the simulation\'s stand-in of kms:EncryptionContext:*');
  const match = ENCRYPTION_CONTEXT.exec(key);
  return match ? `${STAND_IN_PREFIX}${match[1] as string}` : key;
}

export function standInContext<T>(context: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(context).map(([key, value]) => [standInKey(key), value]));
}

const isObject = (value: Json | undefined): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The policy with every condition key renamed by `standInKey`; nothing else changes. */
export function standInPolicy(policy: JsonObject): JsonObject {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement === undefined ? undefined : [policy.Statement];
  if (!statements) return policy;
  return {
    ...policy,
    Statement: statements.map((statement) => {
      if (!isObject(statement) || !isObject(statement.Condition)) return statement;
      const condition = Object.fromEntries(
        Object.entries(statement.Condition).map(([operator, block]) => [operator, isObject(block) ? standInContext(block) : block]),
      );
      return { ...statement, Condition: condition };
    }),
  };
}
