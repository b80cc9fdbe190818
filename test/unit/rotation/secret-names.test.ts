/**
 * IAM user names and secret names (issue 19 item 5): IAM allows
 * [A-Za-z0-9_+=,.@-] in a user name, Secrets Manager every one of them but
 * `,` in a secret name. A user whose name holds `,` is skipped before any key
 * is created; every other name keeps the secret name existing consumers read,
 * Account_<id>_User_<name>_AccessKey, and the policies' patterns tell every
 * two names apart, a name and its prefixes included.
 */
import fc from 'fast-check';
import { canNameSecretAfter, SECRET_ARN_SUFFIX_PATTERN, secretArnPattern, secretName } from '../../../contract/names';

const IAM_USER_NAME_CHARACTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-'];
const userName = fc.string({ unit: fc.constantFrom(...IAM_USER_NAME_CHARACTERS), minLength: 1, maxLength: 64 });
const ACCOUNT = '333333333333';

/** IAM's ArnLike / StringLike wildcards (* any run, ? one character) as a regular expression. */
const arnLike = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
const secretArn = (name: string, suffix = 'Ab12Cd') => `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${secretName(ACCOUNT, name)}-${suffix}`;

describe('secret names of IAM users', () => {
  test('every IAM user name without "," names its secret as today; one with "," is refused', () => {
    fc.assert(
      fc.property(userName, (name) => {
        expect(canNameSecretAfter(name)).toBe(!name.includes(','));
        if (!name.includes(',')) expect(secretName(ACCOUNT, name)).toBe(`Account_${ACCOUNT}_User_${name}_AccessKey`);
      }),
      { numRuns: 2000 },
    );
    for (const character of IAM_USER_NAME_CHARACTERS) expect(canNameSecretAfter(`a${character}b`)).toBe(character !== ',');
  });

  test('a user\'s pattern matches its own secret and no other user\'s, whichever is a prefix of the other', () => {
    const prefixPair = fc.tuple(userName, userName).map(([a, b]) => [a, `${a}${b}`] as const);
    fc.assert(
      fc.property(fc.oneof(fc.tuple(userName, userName), prefixPair), ([a, b]) => {
        fc.pre(a !== b && canNameSecretAfter(a) && canNameSecretAfter(b));
        const ofA = arnLike(secretArnPattern('aws', ACCOUNT, ACCOUNT, a));
        expect(ofA.test(secretArn(a))).toBe(true);
        expect(ofA.test(secretArn(b))).toBe(false);
        expect(arnLike(secretArnPattern('aws', ACCOUNT, ACCOUNT, b)).test(secretArn(a))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  test.each([
    ['al', 'alice'],
    ['bob', 'bob_AccessKey-Ab12Cd'],
    ['a', 'a_AccessKey-Ab12Cd_User_b'],
    ['svc+ci', 'svc+ci=2'],
    ['x.y@z-w', 'x.y@z-w.'],
  ])('%s and %s: each pattern matches its own secret only', (a, b) => {
    expect(arnLike(secretArnPattern('aws', ACCOUNT, ACCOUNT, a)).test(secretArn(b))).toBe(false);
    expect(arnLike(secretArnPattern('aws', ACCOUNT, ACCOUNT, b)).test(secretArn(a))).toBe(false);
    expect(SECRET_ARN_SUFFIX_PATTERN).toBe('-??????');
  });
});
