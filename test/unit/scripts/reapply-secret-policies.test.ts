/**
 * `npm run reapply-secret-policies`: its options, the change it describes, and
 * the calls its code can make (it must never be able to read a value).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readerPolicy } from '../../../functions/rotation/apply/secret-policy';
import { parseReapplyArgs, ReapplyUsageError } from '../../../scripts/reapply-secret-policies/options';
import { describeChange } from '../../../scripts/reapply-secret-policies/reapply';
import { renderReport } from '../../../scripts/reapply-secret-policies/table';
import { sdkCallsIn } from '../../templates/sdk-calls';

const ALICE = 'arn:aws:iam::111122223333:user/eng/alice';
const GLASS = 'arn:aws:iam::111122223333:role/break-glass';
const DIR = path.join(__dirname, '..', '..', '..', 'scripts', 'reapply-secret-policies');

describe('options', () => {
  test('dry run in the caller\'s account by default', () => {
    expect(parseReapplyArgs([])).toEqual({ apply: false, central: false, breakGlass: [] });
  });

  test('every option', () => {
    expect(
      parseReapplyArgs(['--apply', '--central', '--central-account', '999988887777', '--account', '111122223333', '--role', 'Admin', '--profile', 'sec', '--region', 'eu-west-1', '--break-glass', `${GLASS},${GLASS}`]),
    ).toEqual({ apply: true, central: true, centralAccount: '999988887777', account: '111122223333', role: 'Admin', profile: 'sec', region: 'eu-west-1', breakGlass: [GLASS] });
    expect(parseReapplyArgs(['--help'])).toBe('help');
  });

  test.each([
    [['--account', '1234'], /--account must be a 12-digit account id/],
    [['--central-account', '111122223333'], /--central-account is only used with --central/],
    [['--role', 'arn:aws:iam::111122223333:role/Admin'], /--role must be an IAM role name \(not an ARN\)/],
    [['--break-glass', 'arn:aws:iam::111122223333:user/alice'], /--break-glass must be IAM role ARNs/],
    [['--region', 'mars'], /--region must be an AWS region/],
    [['--aply'], /Unknown option '--aply'/],
  ])('%j is refused, naming the option', (argv, message) => {
    expect(() => parseReapplyArgs(argv)).toThrow(ReapplyUsageError);
    expect(() => parseReapplyArgs(argv)).toThrow(message);
  });
});

describe('the change it describes', () => {
  test.each([
    ['no policy', undefined, readerPolicy(ALICE), 'adds the policy (the user reads, everyone else is denied)'],
    ['the same policy', readerPolicy(ALICE, [GLASS]), readerPolicy(ALICE, [GLASS]), ''],
    ['the same policy, keys in another order', JSON.parse(JSON.stringify(readerPolicy(ALICE), (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v))), readerPolicy(ALICE), ''],
    ['an allow-only policy', { Version: '2012-10-17', Statement: [readerPolicy(ALICE).Statement[0]] }, readerPolicy(ALICE), 'adds the Deny to everyone but the user'],
    ['other break-glass roles', readerPolicy(ALICE), readerPolicy(ALICE, [GLASS]), `break-glass none -> ${GLASS}`],
    ['another user ARN (a path added)', readerPolicy('arn:aws:iam::111122223333:user/alice'), readerPolicy(ALICE), `user arn:aws:iam::111122223333:user/alice -> ${ALICE}`],
  ])('%s', (_case, current, wanted, change) => {
    expect(describeChange(current as never, wanted)).toBe(change);
  });
});

describe('what its code can call', () => {
  test('only listing, policies and GetUser: nothing that reads a secret value', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.ts')).map((f) => path.join(DIR, f));
    expect([...new Set(sdkCallsIn(files).map((call) => call.action))].sort()).toEqual([
      'iam:GetUser',
      'secretsmanager:GetResourcePolicy',
      'secretsmanager:ListSecrets',
      'secretsmanager:PutResourcePolicy',
      'sts:AssumeRole',
      'sts:GetCallerIdentity',
    ]);
  });
});

describe('the report', () => {
  test('no secrets found says so', () => {
    expect(renderReport({ secretsAccount: '111122223333', region: 'us-east-1', apply: true, rows: [] })).toBe(
      'Secrets in account 111122223333, us-east-1 (apply)\n\nNo Account_*_User_*_AccessKey secrets found.\n\n0 secrets',
    );
  });
});
