import { IAMClient } from '@aws-sdk/client-iam';
import { callerPrincipal, keyAdministrators } from '../../../scripts/deploy/key-administrators';
import { PATTERNS } from '../../../templates-src/lib/parameters';

/** An IAM client whose every call fails before the network (the fault: no iam:GetRole); `calls` counts them. */
function deniedIam(): { iam: IAMClient; calls: string[] } {
  const calls: string[] = [];
  const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' } });
  iam.middlewareStack.add(
    (_next, context) => async () => {
      calls.push(context.commandName ?? '?');
      throw Object.assign(new Error('not authorized to perform iam:GetRole'), { name: 'AccessDenied' });
    },
    { step: 'initialize' },
  );
  return { iam, calls };
}

describe('the key administrator npm run deploy names when samconfig.toml does not', () => {
  test('a role session (SSO included) is named by its role; a user as it is; the root and federated users not at all', () => {
    expect(callerPrincipal('arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane@example.com')).toEqual({
      kind: 'role',
      roleName: 'AWSReservedSSO_Admin_0123456789abcdef',
      arn: 'arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef',
      from: 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jane@example.com',
    });
    expect(callerPrincipal('arn:aws-cn:sts::111122223333:assumed-role/deployer/ci')).toMatchObject({ kind: 'role', arn: 'arn:aws-cn:iam::111122223333:role/deployer' });
    expect(callerPrincipal('arn:aws:iam::111122223333:user/ops/jane')).toEqual({ kind: 'user', arn: 'arn:aws:iam::111122223333:user/ops/jane' });
    expect(callerPrincipal('arn:aws:iam::111122223333:root')).toMatchObject({ kind: 'none', why: expect.stringContaining('account root') });
    expect(callerPrincipal('arn:aws:sts::111122223333:federated-user/jane')).toMatchObject({ kind: 'none' });
  });

  test('what samconfig.toml sets wins, then what the stack has: neither asks IAM', async () => {
    const { iam, calls } = deniedIam();
    const role = 'arn:aws:sts::111122223333:assumed-role/deployer/ci';
    expect(await keyAdministrators('arn:aws:iam::111122223333:role/key-admin', 'arn:aws:iam::111122223333:role/old', role, iam)).toEqual({ value: 'arn:aws:iam::111122223333:role/key-admin' });
    const kept = await keyAdministrators('', 'arn:aws:iam::111122223333:role/old', role, iam);
    expect(kept).toEqual({ value: 'arn:aws:iam::111122223333:role/old', note: expect.stringContaining('keeping the deployed value') });
    expect(calls).toEqual([]);
  });

  test('without iam:GetRole the role is named without a path, and the note says so; the value passes the parameter\'s pattern', async () => {
    const { iam, calls } = deniedIam();
    const chosen = await keyAdministrators(undefined, undefined, 'arn:aws:sts::111122223333:assumed-role/deployer/ci', iam);
    expect(calls).toEqual(['GetRoleCommand']);
    expect(chosen.value).toBe('arn:aws:iam::111122223333:role/deployer');
    expect(chosen.note).toContain('from the assumed-role ARN arn:aws:sts::111122223333:assumed-role/deployer/ci');
    expect(chosen.note).toContain('iam:GetRole failed, so without a path');
    expect(chosen.value).toMatch(new RegExp(PATTERNS.iamPrincipalArnList));
  });

  test('deploying as the root leaves it empty and says what the doctor will say', async () => {
    const chosen = await keyAdministrators('', undefined, 'arn:aws:iam::111122223333:root', deniedIam().iam);
    expect(chosen.value).toBe('');
    expect(chosen.note).toMatch(/name the account root only \(npm run doctor fails kms\); set KeyAdministratorArns in samconfig.toml/);
  });
});
