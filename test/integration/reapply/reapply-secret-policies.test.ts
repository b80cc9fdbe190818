/**
 * `npm run reapply-secret-policies` on moto (issue 10): existing key secrets
 * get the policy the rotation function writes, in member and central mode,
 * dry run first, without ever reading a value.
 */
import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { AwsCredentialIdentity } from '@smithy/types';
import { secretName } from '../../../contract/names';
import { MANAGEMENT_ACCOUNT_ID } from '../../../emulator/moto';
import { createAccount, createOrganization, credentialsIn, ORG_ACCESS_ROLE } from '../../../emulator/organization';
import { readerPolicy } from '../../../functions/rotation/apply/secret-policy';
import { main } from '../../../scripts/reapply-secret-policies';
import { parseReapplyArgs, type ReapplyOptions } from '../../../scripts/reapply-secret-policies/options';
import { reapplySecretPolicies, type ReapplyReport, type SecretRow } from '../../../scripts/reapply-secret-policies/reapply';
import { exitCode } from '../../../scripts/reapply-secret-policies/table';
import { useMoto } from '../../harness/moto';
import { RequestLog } from '../../harness/request-log';
import { FaultInjector } from '../../harness/sdk-plugins';

const moto = useMoto();
const BREAK_GLASS = 'arn:aws:iam::111122223333:role/security/break-glass';
const OLD_VALUE = '{"AccessKeyId":"AKIAOLDKEY","SecretAccessKey":"old-secret-value"}';

const options = (argv: string[]): ReapplyOptions => {
  const parsed = parseReapplyArgs(argv);
  if (parsed === 'help') throw new Error('unexpected help');
  return parsed;
};
const byUser = (report: ReapplyReport): Record<string, Pick<SecretRow, 'result' | 'user'>> =>
  Object.fromEntries(report.rows.map((row) => [row.secret.replace(/^Account_\d+_User_|_AccessKey$/g, ''), { result: row.result, user: row.user }]));

async function policyOf(credentials: AwsCredentialIdentity, name: string): Promise<unknown> {
  const got = await new SecretsManagerClient(moto.config(credentials)).send(new GetResourcePolicyCommand({ SecretId: name }));
  return got.ResourcePolicy ? JSON.parse(got.ResourcePolicy) : undefined;
}

async function secret(credentials: AwsCredentialIdentity, name: string, policy?: object): Promise<void> {
  const sm = new SecretsManagerClient(moto.config(credentials));
  await sm.send(new CreateSecretCommand({ Name: name, SecretString: OLD_VALUE }));
  if (policy) await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: JSON.stringify(policy) }));
}

const allowOnly = (userArn: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: userArn }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });

describe('reapply-secret-policies, member mode (the caller\'s account)', () => {
  const management = moto.config().credentials;
  const arn = (path: string, user: string) => `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:user${path}${user}`;
  const name = (user: string) => secretName(MANAGEMENT_ACCOUNT_ID, user);

  beforeAll(async () => {
    await moto.reset();
    const iam = new IAMClient(moto.config());
    await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/engineering/' }));
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(new CreateUserCommand({ UserName: 'dave' }));
    await secret(management, name('alice'), allowOnly(arn('/engineering/', 'alice'))); // the classic solution's policy
    await secret(management, name('bob')); // no policy at all
    await secret(management, name('carol')); // a user that no longer exists
    await secret(management, name('dave'), readerPolicy(arn('/', 'dave'))); // written by this tool already
    await secret(management, 'Account_123456789012_Notes'); // not a key secret
    await secret(management, 'unrelated-secret');
  });

  test('the dry run lists what it would change and writes nothing, never reading a value', async () => {
    const log = new RequestLog();
    const report = await reapplySecretPolicies(options([]), { plugins: [log.plugin] });
    expect(report).toMatchObject({ secretsAccount: MANAGEMENT_ACCOUNT_ID, region: 'us-east-1', apply: false });
    expect(byUser(report)).toEqual({
      alice: { result: 'would update', user: arn('/engineering/', 'alice') },
      bob: { result: 'would update', user: arn('/', 'bob') },
      carol: { result: 'skipped', user: 'carol' },
      dave: { result: 'up to date', user: arn('/', 'dave') },
    });
    expect(report.rows.find((row) => row.secret === name('alice'))?.change).toBe('adds the Deny to everyone but the user');
    expect(report.rows.find((row) => row.secret === name('bob'))?.change).toBe('adds the policy (the user reads, everyone else is denied)');
    expect(report.rows.find((row) => row.secret === name('carol'))?.detail).toMatch(/carol no longer exists/);
    expect(await policyOf(management, name('alice'))).toEqual(allowOnly(arn('/engineering/', 'alice')));
    expect(await policyOf(management, name('bob'))).toBeUndefined();
    expect(new Set(log.sent.map((r) => r.operation))).toEqual(new Set(['STS.GetCallerIdentity', 'SecretsManager.ListSecrets', 'SecretsManager.GetResourcePolicy', 'IAM.GetUser']));
    expect(exitCode(report)).toBe(0);
  });

  test('--apply writes the rotation function\'s policy (with the break-glass roles), and a second run finds everything up to date', async () => {
    const log = new RequestLog();
    const report = await reapplySecretPolicies(options(['--apply', '--break-glass', BREAK_GLASS]), { plugins: [log.plugin] });
    expect(Object.values(byUser(report)).map((row) => row.result)).toEqual(['updated', 'updated', 'skipped', 'updated']);
    expect(report.rows.find((row) => row.secret === name('dave'))?.change).toBe(`break-glass none -> ${BREAK_GLASS}`);
    expect(await policyOf(management, name('alice'))).toEqual(readerPolicy(arn('/engineering/', 'alice'), [BREAK_GLASS]));
    expect(await policyOf(management, name('bob'))).toEqual(readerPolicy(arn('/', 'bob'), [BREAK_GLASS]));
    expect(await policyOf(management, name('carol'))).toBeUndefined();
    expect(log.sent.filter((r) => r.operation === 'SecretsManager.PutResourcePolicy')).toHaveLength(3);
    expect(log.sent.some((r) => /GetSecretValue/.test(r.operation))).toBe(false);

    const again = await reapplySecretPolicies(options(['--break-glass', BREAK_GLASS]));
    expect(Object.values(byUser(again)).map((row) => row.result)).toEqual(['up to date', 'up to date', 'skipped', 'up to date']);
  });

  test('lists every page of secrets', async () => {
    const report = await reapplySecretPolicies(options(['--break-glass', BREAK_GLASS]), { pageSize: 1 });
    expect(report.rows.map((row) => row.secret)).toEqual([name('alice'), name('bob'), name('carol'), name('dave')]);
  });

  test('a secret whose policy cannot be written is reported failed, the others go on, and the exit status is 1', async () => {
    const faults = new FaultInjector('AccessDeniedException').failNext('PutResourcePolicy');
    const report = await reapplySecretPolicies(options(['--apply']), { plugins: [faults.plugin] });
    expect(Object.values(byUser(report)).map((row) => row.result)).toEqual(['failed', 'updated', 'skipped', 'updated']);
    expect(report.rows[0]?.detail).toMatch(/^PutResourcePolicy: .*AccessDeniedException/);
    expect(exitCode(report)).toBe(1);
  });

  test('the command prints the table and its counts, and exits 0 (the earlier tests left alice without break-glass to drop)', async () => {
    const lines: string[] = [];
    const code = await main([], (line) => lines.push(line), (line) => lines.push(line));
    const text = lines.join('\n');
    expect(code).toBe(0);
    expect(text).toContain(`Secrets in account ${MANAGEMENT_ACCOUNT_ID}, us-east-1 (dry run: nothing written)`);
    expect(text).toMatch(/^secret\s+user\s+result\s+change$/m);
    expect(text).toContain(`${name('alice')}  ${arn('/engineering/', 'alice')}  would update  break-glass ${BREAK_GLASS} -> none`);
    expect(text).toContain('4 secrets: 1 would update, 2 up to date, 1 skipped\nRun again with --apply to write these policies.');
    expect(text).not.toContain('old-secret-value');
  });
});

describe('reapply-secret-policies in another account and in central mode', () => {
  let memberId: string;
  let member: AwsCredentialIdentity;
  const management = moto.config().credentials;

  beforeAll(async () => {
    await moto.reset();
    await createOrganization(moto);
    memberId = await createAccount(moto, { name: 'workload', email: 'workload@example.com' });
    member = await credentialsIn(moto, memberId);
    await new IAMClient(moto.config(member)).send(new CreateUserCommand({ UserName: 'erin', Path: '/apps/' }));
    await secret(member, secretName(memberId, 'erin'));
    // Central mode: the secrets of the member's users live in the central (here: management) account.
    await secret(management, secretName(memberId, 'frank'), allowOnly(`arn:aws:iam::${memberId}:user/apps/frank`));
    await secret(management, secretName(memberId, 'grace'));
    await secret(management, secretName('444455556666', 'heidi'), allowOnly('arn:aws:iam::444455556666:user/heidi'));
  });

  test('another account needs --role; the error says so, with exit status 2', async () => {
    await expect(reapplySecretPolicies(options(['--account', memberId]))).rejects.toThrow(/--account \d{12} is not the caller's account \d{12}: pass --role NAME/);
    const errors: string[] = [];
    expect(await main(['--account', memberId], () => undefined, (line) => errors.push(line))).toBe(2);
    expect(errors.join('\n')).toMatch(/pass --role NAME/);
  });

  test('--account with --role updates that account\'s secrets, finding its users there', async () => {
    const report = await reapplySecretPolicies(options(['--account', memberId, '--role', ORG_ACCESS_ROLE, '--apply']));
    expect(report.secretsAccount).toBe(memberId);
    expect(byUser(report)).toEqual({ erin: { result: 'updated', user: `arn:aws:iam::${memberId}:user/apps/erin` } });
    expect(await policyOf(member, secretName(memberId, 'erin'))).toEqual(readerPolicy(`arn:aws:iam::${memberId}:user/apps/erin`));
  });

  test('--central takes every account\'s secrets in the central account; a user of another account is known by the ARN its policy names', async () => {
    const report = await reapplySecretPolicies(options(['--central', '--apply']));
    expect(byUser(report)).toEqual({
      heidi: { result: 'updated', user: 'arn:aws:iam::444455556666:user/heidi' },
      frank: { result: 'updated', user: `arn:aws:iam::${memberId}:user/apps/frank` },
      grace: { result: 'failed', user: 'grace' },
    });
    expect(report.rows.find((row) => row.user === 'grace')?.detail).toMatch(/the ARN of user grace of account \d{12} is unknown here/);
    expect(await policyOf(management, secretName(memberId, 'frank'))).toEqual(readerPolicy(`arn:aws:iam::${memberId}:user/apps/frank`));
    expect(exitCode(report)).toBe(1);
  });

  test('--central --account narrows to one account\'s users', async () => {
    const report = await reapplySecretPolicies(options(['--central', '--account', memberId]));
    expect(Object.keys(byUser(report))).toEqual(['frank', 'grace']);
    expect(byUser(report).frank?.result).toBe('up to date');
  });

  test('a replica is skipped: it takes its primary\'s policy', async () => {
    const sm = new SecretsManagerClient(moto.config(member));
    await sm.send(new CreateSecretCommand({ Name: secretName(memberId, 'ivan'), AddReplicaRegions: [{ Region: 'eu-west-1' }] }));
    const report = await reapplySecretPolicies(options(['--account', memberId, '--role', ORG_ACCESS_ROLE, '--region', 'eu-west-1']));
    expect(report.rows.map((row) => [row.secret, row.result, row.detail])).toEqual([[secretName(memberId, 'ivan'), 'skipped', 'replica of us-east-1: it takes its primary\'s policy']]);
  });
});
