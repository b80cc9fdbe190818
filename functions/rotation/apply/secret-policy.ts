/**
 * The resource policy of every key secret (docs/design.md#5-where-new-keys-are-stored). "Readable only
 * by its user" is a guarantee, not just an Allow: an Allow alone leaves the
 * value to anyone of the account whose identity policy grants
 * secretsmanager:GetSecretValue (an administrator with secretsmanager:*). So the
 * policy also denies GetSecretValue to every principal that is neither the user
 * nor a break-glass principal the stack names. An explicit Deny in a resource
 * policy wins over any Allow in any identity policy, in this account or another.
 *
 * The break-glass principals appear only in the Deny's condition, never as a
 * Principal: Secrets Manager rejects a policy naming a principal that does not
 * exist (MalformedPolicyDocument), and a mistyped break-glass ARN must not
 * stop every rotation. They still need an identity policy (and the key's
 * permission) to read; the policy merely does not forbid them.
 *
 * BlockPublicPolicy stays on: its check (Zelkova) rejects policies that
 * *allow* broad access; a Deny to Principal "*" grants nothing, and the only
 * Allow names one user.
 */

export const SECRET_POLICY_SIDS = {
  allowUser: 'ReadByTheKeysUserOnly',
  denyOthers: 'DenyReadToAnyoneButTheUserAndBreakGlass',
} as const;

export interface SecretPolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal: '*' | { readonly AWS: string };
  readonly Action: string | readonly string[];
  readonly Resource: '*';
  readonly Condition?: { readonly ArnNotEquals: { readonly 'aws:PrincipalArn': readonly string[] } };
}

export interface SecretPolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly SecretPolicyStatement[];
}

/**
 * The policy for the secret of the user `readerArn` (its ARN with path, as IAM
 * reports it: `aws:PrincipalArn` of a user's request is exactly that).
 * Deterministic for the same inputs (break-glass ARNs deduplicated and
 * sorted), so that comparing two policies tells whether one is up to date.
 */
export function readerPolicy(readerArn: string, breakGlassPrincipals: readonly string[] = []): SecretPolicyDocument {
  const exempt = [readerArn, ...[...new Set(breakGlassPrincipals)].filter((arn) => arn !== readerArn).sort()];
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: SECRET_POLICY_SIDS.allowUser,
        Effect: 'Allow',
        Principal: { AWS: readerArn },
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: '*',
      },
      {
        Sid: SECRET_POLICY_SIDS.denyOthers,
        Effect: 'Deny',
        Principal: '*',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': exempt } },
      },
    ],
  };
}
