/**
 * A cfn-lint exception on one resource, with the reason next to it in the
 * generated YAML. Used only where cfn-lint cannot see a guarantee that a
 * Condition or Rule gives; test/templates lists the allowed exceptions.
 */
export function lintException(checks: readonly string[], reason: string): Record<string, unknown> {
  return { LintExceptionReason: reason, 'cfn-lint': { config: { ignore_checks: [...checks] } } };
}
