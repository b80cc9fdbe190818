import { exemptionOf } from '../../../functions/rotation/observe/exemption';
import { parseCredentialReport, parseCsv } from '../../../functions/rotation/observe/credential-report';
import type { AccountUser } from '../../../functions/rotation/observe/users';

const NOW = new Date('2025-06-02T09:00:00Z');
const user = (tags: Record<string, string>, groups: string[] = []): AccountUser => ({
  userName: 'u',
  arn: 'arn:aws:iam::111122223333:user/u',
  groups,
  tags,
  sendsMailOnly: false,
});
const options = { group: 'Exempt', tagKey: 'IAMKeyRotationExempt', now: NOW };

describe('exemption', () => {
  test.each([
    [user({}, ['Exempt']), true],
    [user({ IAMKeyRotationExempt: 'true' }), true],
    [user({ iamkeyrotationexempt: 'TRUE' }), true],
    [user({ IAMKeyRotationExempt: '2025-06-02' }), true],
    [user({ IAMKeyRotationExempt: '2025-06-01' }), false],
    [user({ IAMKeyRotationExempt: '2025-06-02T10:00:00Z' }), true],
    [user({ IAMKeyRotationExempt: '2025-06-02T08:00:00Z' }), false],
    [user({ IAMKeyRotationExempt: 'false' }), false],
    [user({ IAMKeyRotationExempt: 'forever' }), false],
    [user({ IAMKeyRotationExempt: '2025-02-30' }), false],
    [user({}, ['Other']), false],
  ])('%j exempt: %s', (who, exempt) => {
    expect(exemptionOf(who, options).exempt).toBe(exempt);
  });

  test('an expired date says when it expired, an unreadable one says what it was', () => {
    expect(exemptionOf(user({ IAMKeyRotationExempt: '2025-06-01' }), options)).toEqual({
      exempt: false,
      expiredAt: new Date('2025-06-02T00:00:00Z'),
    });
    expect(exemptionOf(user({ IAMKeyRotationExempt: 'forever' }), options)).toEqual({ exempt: false, invalidTagValue: 'forever' });
  });
});

const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

describe('credential report', () => {
  test('keys, statuses and last use (date, service, region) by user; the root row, unreadable rows and users without keys as they are', () => {
    const csv = [
      HEADER,
      '<root_account>,arn:aws:iam::1:root,2020-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      'alice,arn:aws:iam::1:user/alice,2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-01-01T00:00:00+00:00,2025-05-01T00:00:00+00:00,us-east-1,iam,false,2025-03-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A',
      'nokeys,arn:aws:iam::1:user/nokeys,2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      'a,b,arn:aws:iam::1:user/a,b,2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      'garbled,arn:aws:iam::1:user/garbled,2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,yesterday,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    ].join('\n');
    const users = parseCredentialReport(csv);
    expect([...users.keys()]).toEqual(['alice', 'nokeys']);
    expect(users.get('alice')).toEqual([
      {
        slot: 1,
        status: 'Active',
        createdAt: new Date('2025-01-01T00:00:00Z'),
        lastUsedAt: new Date('2025-05-01T00:00:00Z'),
        lastUsedService: 'iam',
        lastUsedRegion: 'us-east-1',
      },
      { slot: 2, status: 'Inactive', createdAt: new Date('2025-03-01T00:00:00Z') },
    ]);
    expect(users.get('nokeys')).toEqual([]);
  });

  test('CSV quoting: commas, quotes and line breaks inside quoted fields', () => {
    expect(parseCsv('a,"b,c","d ""e""","f\ng"\r\nh,i,j,k\n')).toEqual([
      ['a', 'b,c', 'd "e"', 'f\ng'],
      ['h', 'i', 'j', 'k'],
    ]);
  });
});
