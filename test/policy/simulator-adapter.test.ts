/**
 * What scripts/policy-matrix/simulate adds to the simulator, and why: the
 * simulator drops `kms:EncryptionContext:<key>` (it only recognises variable
 * keys after a slash), so the key is given under a stand-in name; and a
 * context key the simulator would drop stops the simulation, because every
 * condition on a dropped key fails and a must-deny row would hold for the
 * wrong reason.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { DEPLOYMENTS } from '../../scripts/policy-matrix/deployment/deployments';
import { partiesOf } from '../../scripts/policy-matrix/model/parties';
import { standInContext, standInKey, standInPolicy } from '../../scripts/policy-matrix/simulate/encryption-context';
import { simulate, type PolicyRequest } from '../../scripts/policy-matrix/simulate/simulate';

const SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:Account_333333333333_User_alice_AccessKey-Ab12Cd';
const KEY = 'arn:aws:kms:us-east-1:111111111111:key/4ad372cf-bf66-8007-25bf-a6b2e825f9cf';
const onlyForSecret = (pattern: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'DecryptForTheSecret', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' }, Action: 'kms:Decrypt', Resource: '*', Condition: { ArnLike: { 'kms:EncryptionContext:SecretARN': pattern } } }],
});

async function decrypt(policy: ReturnType<typeof onlyForSecret>, adapt: boolean): Promise<string> {
  const context = { 'kms:EncryptionContext:SecretARN': SECRET, 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' };
  const result = await runSimulation(
    {
      request: { principal: 'arn:aws:iam::111111111111:user/alice', action: 'kms:Decrypt', resource: { resource: KEY, accountId: '111111111111' }, contextVariables: adapt ? standInContext(context) : context },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: adapt ? standInPolicy(policy) : policy,
    },
    { simulationMode: 'Strict' },
  );
  return result.resultType === 'error' ? `error: ${result.errors.message}` : result.overallResult;
}

describe('kms:EncryptionContext:SecretARN reaches the simulator', () => {
  test('as given, the simulator drops the key and denies even the matching secret (the reason for the stand-in)', async () => {
    expect(await decrypt(onlyForSecret(SECRET), false)).toBe('ImplicitlyDenied');
  });

  test('under the stand-in name, the matching secret is allowed and any other denied', async () => {
    expect(await decrypt(onlyForSecret('arn:aws:secretsmanager:*:111111111111:secret:Account_*_User_alice_AccessKey-??????'), true)).toBe('Allowed');
    expect(await decrypt(onlyForSecret('arn:aws:secretsmanager:*:111111111111:secret:Account_*_User_bob_AccessKey-??????'), true)).toBe('ImplicitlyDenied');
  });

  test('only the encryption-context keys are renamed, and the stand-in prefix cannot be used by a policy', () => {
    expect(standInKey('kms:ViaService')).toBe('kms:ViaService');
    expect(standInKey('kms:EncryptionContext:SecretARN')).not.toBe('kms:EncryptionContext:SecretARN');
    expect(() => standInKey(standInKey('kms:EncryptionContext:SecretARN'))).toThrow(/reserved/);
  });
});

describe('a context key the simulator would drop stops the simulation', () => {
  test('secretsmanager:SecretId on CreateSecret (AWS sets secretsmanager:Name there)', async () => {
    const p = partiesOf(DEPLOYMENTS.member);
    const request: PolicyRequest = { principal: p.memberRole(), action: 'secretsmanager:CreateSecret', resource: p.secretArn('alice'), context: { 'secretsmanager:SecretId': 'x' } };
    await expect(simulate(p.world, request)).rejects.toThrow(/ignores the context keys secretsmanager:SecretId/);
  });
});
