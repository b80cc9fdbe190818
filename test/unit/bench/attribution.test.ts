import { UserAttribution } from '../../../bench/attribution';
import { callsOnDueUsers, callsPerIdleUser, type CallSnapshot } from '../../../bench/calls';

describe('bench call attribution: every form that names a user', () => {
  const attribution = new UserAttribution();

  it('by UserName', () => {
    expect(attribution.userOfInput({ UserName: 'alice', AccessKeyId: 'AKIAUNKNOWN000000000' })).toBe('alice');
  });

  it('by the user ARN, with or without a path', () => {
    expect(attribution.userOfInput({ ReaderArn: 'arn:aws:iam::111122223333:user/bob' })).toBe('bob');
    expect(attribution.userOfInput({ Principal: 'arn:aws-us-gov:iam::111122223333:user/teams/ci/carol.d' })).toBe('carol.d');
  });

  it('by the secret named after the user, by name or by ARN with its random suffix', () => {
    expect(attribution.userOfInput({ SecretId: 'Account_111122223333_User_bob_AccessKey' })).toBe('bob');
    expect(attribution.userOfInput({ Name: 'Account_111122223333_User_carol.d_AccessKey' })).toBe('carol.d');
    expect(attribution.userOfInput({ SecretId: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:Account_111122223333_User_dave-x_AccessKey-Ab12Cd' })).toBe(
      'dave-x',
    );
    // A user whose name looks like a suffixed secret's tail is still read whole.
    expect(attribution.userOfInput({ SecretId: 'Account_111122223333_User_eve_AccessKey-x_AccessKey' })).toBe('eve_AccessKey-x');
  });

  it('by the id of a key it was told about, or learned from a response', () => {
    attribution.learnKey('AKIASEEDED0000000001', 'frank');
    expect(attribution.userOfInput({ AccessKeyId: 'AKIASEEDED0000000001' })).toBe('frank');
    expect(attribution.userOfInput({ AccessKeyId: 'AKIALISTED0000000002' })).toBeUndefined();
    attribution.learnFromOutput({ AccessKeyMetadata: [{ UserName: 'grace', AccessKeyId: 'AKIALISTED0000000002' }] });
    expect(attribution.userOfInput({ AccessKeyId: 'AKIALISTED0000000002' })).toBe('grace');
    attribution.learnFromOutput({ AccessKey: { UserName: 'heidi', AccessKeyId: 'AKIACREATED000000003', SecretAccessKey: 'x' } });
    expect(attribution.userOfInput({ AccessKeyId: 'AKIACREATED000000003' })).toBe('heidi');
  });

  it('a response that names its user answers for an input that did not (GetAccessKeyLastUsed)', () => {
    expect(attribution.learnFromOutput({ UserName: 'ivan', AccessKeyLastUsed: {} })).toBe('ivan');
    expect(attribution.learnFromOutput({ Accounts: [] })).toBeUndefined();
  });

  it('leaves account-wide calls, roles and policies unattributed', () => {
    expect(attribution.userOfInput({ QueueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/q', Entries: [] })).toBeUndefined();
    expect(attribution.userOfInput({ RoleArn: 'arn:aws:iam::111122223333:role/asa-iam-key-rotation-lambda-assumed-role' })).toBeUndefined();
    expect(attribution.userOfInput({ PolicyArn: 'arn:aws:iam::111122223333:policy/asa-iam-key-rotation-secret-reader' })).toBeUndefined();
    expect(attribution.userOfInput({ Filter: ['User'], MaxItems: 1000 })).toBeUndefined();
    expect(attribution.userOfInput(undefined)).toBeUndefined();
  });
});

describe('calls per idle user', () => {
  it('charges the account-wide calls and the idle users own calls to the idle users, and nothing of the due users', () => {
    const snapshot: CallSnapshot = {
      calls: {},
      attempts: {},
      totalCalls: 14,
      totalAttempts: 14,
      byUser: new Map([
        ['due-1', 6],
        ['idle-1', 2],
      ]),
      accountWide: 6,
    };
    expect(callsOnDueUsers(snapshot, new Set(['due-1']))).toBe(6);
    // 14 calls, 6 of them about the due user: 8 for 4 idle users.
    expect(callsPerIdleUser(snapshot, new Set(['due-1']), 4)).toBe(2);
  });
});
