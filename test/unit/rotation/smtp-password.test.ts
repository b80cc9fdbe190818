import fc from 'fast-check';
import { smtpPassword } from '../../../functions/rotation/apply/smtp-password';
import { pythonSmtpPasswords } from '../../harness/python-smtp-password';

describe('SES SMTP password (AWS version 4 derivation)', () => {
  test('equals what Python\'s hmac computes from the documented steps, for 200 random secret keys and regions', () => {
    const secretArb = fc.stringMatching(/^[A-Za-z0-9/+]{40}$/);
    const regionArb = fc.constantFrom('us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1');
    const pairs = fc.sample(fc.tuple(secretArb, regionArb), { numRuns: 200, seed: 42 });
    const expected = pythonSmtpPasswords(pairs);
    expect(pairs.map(([secret, region]) => smtpPassword(secret, region))).toEqual(expected);
  });

  test('differs per region and per key, and has the version-4 shape (a 0x04 byte and a 32-byte HMAC, base64)', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const a = smtpPassword(secret, 'us-east-1');
    expect(a).not.toBe(smtpPassword(secret, 'eu-west-1'));
    expect(a).not.toBe(smtpPassword(`${secret.slice(0, -1)}X`, 'us-east-1'));
    const bytes = Buffer.from(a, 'base64');
    expect(bytes).toHaveLength(33);
    expect(bytes[0]).toBe(4);
  });
});
