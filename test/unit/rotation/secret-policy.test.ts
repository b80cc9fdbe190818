/**
 * The resource policy every key secret gets (issue 10, docs/design.md#5-where-new-keys-are-stored):
 * its exact statements, since the policy simulation and the README rely on them.
 */
import { readerPolicy, SECRET_POLICY_SIDS } from '../../../functions/rotation/apply/secret-policy';

const ALICE = 'arn:aws:iam::111122223333:user/engineering/alice';
const BREAK_GLASS = 'arn:aws:iam::111122223333:role/security/break-glass';
const AUDIT = 'arn:aws:iam::999988887777:role/Audit';

describe('the secret resource policy', () => {
  test('allows the user to read and describe, and denies GetSecretValue to every principal whose aws:PrincipalArn is not the user', () => {
    expect(readerPolicy(ALICE)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadByTheKeysUserOnly',
          Effect: 'Allow',
          Principal: { AWS: ALICE },
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: '*',
        },
        {
          Sid: 'DenyReadToAnyoneButTheUserAndBreakGlass',
          Effect: 'Deny',
          Principal: '*',
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': [ALICE] } },
        },
      ],
    });
  });

  test('break-glass roles are exempt from the Deny, after the user, sorted and once each, but never allowed or named as a principal', () => {
    const policy = readerPolicy(ALICE, [BREAK_GLASS, AUDIT, BREAK_GLASS, ALICE]);
    const [allow, deny] = policy.Statement;
    expect(deny?.Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': [ALICE, BREAK_GLASS, AUDIT] } });
    expect(allow?.Principal).toEqual({ AWS: ALICE });
    // A missing break-glass role named as a Principal would make PutResourcePolicy fail (MalformedPolicyDocument) and stop every rotation.
    expect(JSON.stringify(policy.Statement.map((s) => s.Principal))).not.toMatch(/role\//);
  });

  test('only the user is ever allowed, so BlockPublicPolicy has nothing broad to block; the only wildcard principal is the Deny', () => {
    const policy = readerPolicy(ALICE, [BREAK_GLASS]);
    const allows = policy.Statement.filter((s) => s.Effect === 'Allow');
    expect(allows.map((s) => s.Principal)).toEqual([{ AWS: ALICE }]);
    expect(policy.Statement.filter((s) => s.Principal === '*').map((s) => s.Effect)).toEqual(['Deny']);
  });

  test('the Deny covers reading the value only: writing and describing stay with the identity policies of the rotation roles', () => {
    const deny = readerPolicy(ALICE).Statement.find((s) => s.Sid === SECRET_POLICY_SIDS.denyOthers);
    expect(deny?.Action).toBe('secretsmanager:GetSecretValue');
  });

  test('the same inputs in any order give the same text, so a script can tell an up-to-date policy from a stale one', () => {
    expect(JSON.stringify(readerPolicy(ALICE, [AUDIT, BREAK_GLASS]))).toBe(JSON.stringify(readerPolicy(ALICE, [BREAK_GLASS, AUDIT, AUDIT])));
    expect(JSON.stringify(readerPolicy(ALICE, [AUDIT]))).not.toBe(JSON.stringify(readerPolicy(ALICE)));
  });
});
