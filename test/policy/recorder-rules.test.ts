/**
 * Rules of the request recorder (scripts/policy-matrix/record/operations.ts)
 * that the scenarios do not always reach: what AWS authorizes for a call,
 * including what Secrets Manager asks KMS for on the caller's behalf.
 */
import { deriveRequests, type Knowledge, type SentCall } from '../../scripts/policy-matrix/record/operations';

const ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:Account_333333333333_User_alice_AccessKey-Ab12Cd';
const KEY = 'arn:aws:kms:us-east-1:111111111111:key/mrk-0123456789abcdef0123456789abcdef';
const REPLICA_KEY = 'arn:aws:kms:eu-west-1:111111111111:key/mrk-0123456789abcdef0123456789abcdef';

const knowledge = (hasValue: boolean): Knowledge => ({
  secretArn: () => ARN,
  userArn: (account, name) => `arn:aws:iam::${account}:user/${name}`,
  secretKeys: () => ({ primary: KEY, replicas: [], hasValue }),
});

const replicate = (output: Record<string, unknown>): SentCall => ({
  service: 'SecretsManager',
  operation: 'ReplicateSecretToRegions',
  input: { SecretId: 'Account_333333333333_User_alice_AccessKey', AddReplicaRegions: [{ Region: 'eu-west-1', KmsKeyId: REPLICA_KEY }] },
  output,
  region: 'us-east-1',
  partition: 'aws',
  principalAccount: '111111111111',
});

describe('ReplicateSecretToRegions', () => {
  test('on a secret with a value: the call, then KMS decrypts with the primary key and encrypts with the replica key, each with its own secret ARN', () => {
    const derived = deriveRequests(replicate({ ARN }), knowledge(true));
    expect(derived.map((d) => [d.action, d.resource, d.context['kms:EncryptionContext:SecretARN'], d.context['kms:ViaService']])).toEqual([
      ['secretsmanager:ReplicateSecretToRegions', ARN, undefined, undefined],
      ['kms:Decrypt', KEY, ARN, 'secretsmanager.us-east-1.amazonaws.com'],
      ['kms:Encrypt', REPLICA_KEY, ARN.replace(':us-east-1:', ':eu-west-1:'), 'secretsmanager.eu-west-1.amazonaws.com'],
    ]);
  });

  test('on a secret still empty (the rotation replicates before the first value): the call alone', () => {
    expect(deriveRequests(replicate({ ARN }), knowledge(false)).map((d) => d.action)).toEqual(['secretsmanager:ReplicateSecretToRegions']);
  });

  test('moto answers with the name where AWS returns the ARN: the ARN comes from what the recorder learned', () => {
    const [call] = deriveRequests(replicate({ ARN: 'Account_333333333333_User_alice_AccessKey' }), knowledge(false));
    expect(call?.resource).toBe(ARN);
  });
});

test('CreateSecret is authorized by name (secretsmanager:Name), not by secretsmanager:SecretId', () => {
  const call: SentCall = { service: 'SecretsManager', operation: 'CreateSecret', input: { Name: 'Account_333333333333_User_alice_AccessKey' }, output: { ARN }, region: 'us-east-1', partition: 'aws', principalAccount: '111111111111' };
  const [create] = deriveRequests(call, knowledge(false));
  expect(create?.context).toEqual({ 'secretsmanager:Name': 'Account_333333333333_User_alice_AccessKey' });
});
