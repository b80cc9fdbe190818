/**
 * The service control policy the README recommends against the one path past
 * a secret's Deny: a principal allowed secretsmanager:PutResourcePolicy or
 * DeleteResourcePolicy on the secret (an administrator with
 * `secretsmanager:*`) can replace the policy with one that lets it read. The
 * Deny cannot forbid that itself without also stopping the rotation, which
 * rewrites the policy on every write; an SCP can, for every principal but the
 * tool's writer roles. Its second statement keeps those roles what they are:
 * nobody but the StackSet execution role changes their trust or policies (or
 * an administrator would make one trust itself and act through it).
 *
 * The same document is simulated (deployments with `guardrail: true`) and
 * printed in the README, so what the README recommends is what was proven.
 * SCPs never restrict the management account: central secrets are guarded
 * only when OrgListAccount is a delegated administrator.
 *
 * Its second statement denies the writer roles any read of a secret value,
 * as their identity policies do (two locks: an administrator who could edit
 * the role still meets the SCP). Its third also keeps the break-glass roles
 * the secrets' policies exempt by name as they were deployed.
 */
import { secretArnPattern } from '../../../contract/names';
import type { JsonObject } from '../resolve/resolve-stack';

export interface GuardrailNames {
  readonly partition: string;
  /** The member role's name (IAMRoleName): writes the secrets kept in member accounts. */
  readonly memberRoleName: string;
  /** The central-secrets role's name (CentralSecretsRoleName): writes the central secrets. */
  readonly centralSecretsRoleName: string;
  /**
   * The roles SecretBreakGlassPrincipals names. Each secret's policy exempts
   * them by ARN only: whoever can create a role of that name, or change its
   * trust or grants, reads. The SCP keeps them as deployed.
   */
  readonly breakGlassRoleArns?: readonly string[];
}

/** The role service-managed StackSets create in every target account to deploy stack instances. */
export const STACKSET_EXECUTION_ROLE = 'stacksets-exec-*';

export const GUARDRAIL_SIDS = {
  secretPolicies: 'KeySecretPoliciesOnlyByTheRotation',
  writersNeverRead: 'WriterRolesNeverReadSecretValues',
  toolRoles: 'RotationRolesOnlyByStackSets',
} as const;

/** What the writer roles must never do, whatever policy they put on a secret (their own identity policies deny it too). */
const SECRET_READS = ['secretsmanager:GetSecretValue', 'secretsmanager:BatchGetSecretValue'];

const ROLE_CHANGES = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
  'iam:AttachRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];

export function secretPolicyGuardrail(names: GuardrailNames): JsonObject {
  const role = (name: string) => `arn:${names.partition}:iam::*:role/${name}`;
  const writers = [role(names.memberRoleName), role(names.centralSecretsRoleName)];
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: GUARDRAIL_SIDS.secretPolicies,
        Effect: 'Deny',
        Action: ['secretsmanager:PutResourcePolicy', 'secretsmanager:DeleteResourcePolicy'],
        Resource: secretArnPattern(names.partition, '*'),
        Condition: { ArnNotLike: { 'aws:PrincipalArn': writers } },
      },
      {
        Sid: GUARDRAIL_SIDS.writersNeverRead,
        Effect: 'Deny',
        Action: SECRET_READS,
        Resource: '*',
        Condition: { ArnLike: { 'aws:PrincipalArn': writers } },
      },
      {
        Sid: GUARDRAIL_SIDS.toolRoles,
        Effect: 'Deny',
        Action: ROLE_CHANGES,
        Resource: [...writers, ...(names.breakGlassRoleArns ?? [])],
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [role(STACKSET_EXECUTION_ROLE)] } },
      },
    ],
  };
}

/** What an SCP needs beside it to allow anything: AWS attaches FullAWSAccess to every root, OU and account by default. */
export const FULL_AWS_ACCESS: JsonObject = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
