/**
 * Cross-account trust as docs/design.md#6-security-model asks: the primary account is the
 * principal, narrowed to exact role ARNs and to the Organization. Naming the
 * account rather than the role lets the trusting stack deploy before the
 * trusted role exists (naming a missing role fails with MalformedPolicyDocument).
 */
import { Fn, type IntrinsicFunction } from 'cloudform';
import { trust, type Statement } from './iam';

export function trustRolesOfAccount(sid: string, accountParameter: string, roleArns: IntrinsicFunction[], orgIdParameter: string): Statement {
  return trust(
    sid,
    { AWS: Fn.Sub(`arn:\${AWS::Partition}:iam::\${${accountParameter}}:root`, {}) },
    {
      ArnEquals: { 'aws:PrincipalArn': roleArns.length === 1 ? (roleArns[0] as IntrinsicFunction) : roleArns },
      StringEquals: { 'aws:PrincipalOrgID': Fn.Ref(orgIdParameter) },
    },
  );
}

/** `arn:<partition>:iam::<account parameter>:role/<role name parameter>`. */
export function roleArn(accountParameter: string, roleNameParameter: string): IntrinsicFunction {
  return Fn.Sub(`arn:\${AWS::Partition}:iam::\${${accountParameter}}:role/\${${roleNameParameter}}`, {});
}
