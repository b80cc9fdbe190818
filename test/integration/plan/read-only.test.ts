import { CreateAccessKeyCommand, DeleteAccessKeyCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { isRead, readOnlyGuard } from '../../../scripts/plan/read-only';
import { credentialsIn } from '../../../emulator/organization';
import { useMoto } from '../../harness/moto';
import { buildPlanWorld, plan, type PlanWorld } from './fixture';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';

const moto = useMoto();
let world: PlanWorld;
let proxy: RecordingProxy;

beforeAll(async () => {
  world = await buildPlanWorld(moto);
  proxy = await startRecordingProxy(moto.endpoint);
});
afterAll(() => proxy.close());

/** Every user's keys in every account, as an auditor reads them (not through the plan). */
async function everyKey(): Promise<string[]> {
  const out: string[] = [];
  for (const [account, users] of [
    [world.accounts.payments, ['legacy', 'fresh', 'glass', 'temp']],
    [world.accounts.ledger, ['batch', 'retired']],
  ] as const) {
    const iam = new IAMClient(moto.config(await credentialsIn(moto, account)));
    for (const user of users) {
      const keys = (await iam.send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata ?? [];
      out.push(...keys.map((key) => `${account}/${user}/${key.AccessKeyId}/${key.Status}`));
    }
  }
  return out.sort();
}

describe('npm run plan is read-only', () => {
  test('every request it sends over the wire, with and without --no-key-ids, is a read; the keys are as they were', async () => {
    const before = await everyKey();
    const endpoint = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = proxy.endpoint;
    try {
      // The formats only shape what was read; the reads differ with --no-key-ids.
      expect((await plan(['--org'])).code).toBe(2);
      expect((await plan(['--org', '--no-key-ids', '--format', 'json'])).code).toBe(2);
    } finally {
      process.env.AWS_ENDPOINT_URL = endpoint;
    }
    const operations = [...new Set(proxy.requests.map((request) => `${request.service}:${request.operation}`))].sort();
    // Exactly these, written out rather than classified by the guard's own rule: the whole path, and nothing else.
    expect(operations).toEqual([
      'iam:GenerateCredentialReport',
      'iam:GetAccessKeyLastUsed',
      'iam:GetAccountAuthorizationDetails',
      'iam:GetCredentialReport',
      'iam:ListAccessKeys',
      'organizations:ListAccounts',
      'sts:AssumeRole',
      'sts:GetCallerIdentity',
    ]);
    const writes = proxy.requests.filter((request) => !isRead(serviceName(request.service), request.operation));
    expect(writes).toEqual([]);
    expect(await everyKey()).toEqual(before);
  });

  test('the guard refuses a write before it is sent, naming the call', async () => {
    const credentials = await credentialsIn(moto, world.accounts.payments);
    const iam = new IAMClient({ ...moto.config(credentials), endpoint: proxy.endpoint });
    iam.middlewareStack.use(readOnlyGuard);
    const sent = proxy.requests.length;
    await expect(iam.send(new CreateAccessKeyCommand({ UserName: 'fresh' }))).rejects.toMatchObject({
      name: 'ReadOnlyViolationError',
      message: expect.stringMatching(/^IAM\.CreateAccessKey: refused before sending: npm run plan and npm run doctor are read-only/),
    });
    expect(proxy.requests.length).toBe(sent);
    // Without the guard the same write does go out, and the proxy sees it: the check above can fail.
    const unguarded = new IAMClient({ ...moto.config(credentials), endpoint: proxy.endpoint });
    await expect(unguarded.send(new DeleteAccessKeyCommand({ UserName: 'nobody', AccessKeyId: 'AKIAEXAMPLEEXAMPLE00' }))).rejects.toThrow();
    expect(proxy.requests.slice(sent)).toEqual([{ service: 'iam', operation: 'DeleteAccessKey' }]);
    // A read goes through the guarded client.
    await expect(iam.send(new ListAccessKeysCommand({ UserName: 'fresh' }))).resolves.toMatchObject({ AccessKeyMetadata: [expect.anything()] });
    expect(proxy.requests.length).toBe(sent + 2);
  });

  test('the allow-list is per service: no write, no secret value, no other credentials', () => {
    expect(isRead('IAM', 'GetAccessKeyLastUsed')).toBe(true);
    expect(isRead('IAM', 'GenerateCredentialReport')).toBe(true);
    expect(isRead('Organizations', 'ListAccountsForParent')).toBe(true);
    expect(isRead('CloudFormation', 'DescribeStacks')).toBe(true);
    // The doctor: a delivery token secret exists (never its value); the VPC's endpoints and routes.
    expect(isRead('SecretsManager', 'DescribeSecret')).toBe(true);
    expect(isRead('EC2', 'DescribeVpcEndpoints')).toBe(true);
    expect(isRead('EC2', 'DescribeRouteTables')).toBe(true);
    for (const [service, operation] of [
      ['IAM', 'CreateAccessKey'],
      ['IAM', 'UpdateAccessKey'],
      ['IAM', 'DeleteAccessKey'],
      ['IAM', 'Listen'],
      ['STS', 'GetSessionToken'],
      ['SecretsManager', 'GetSecretValue'],
      ['SecretsManager', 'BatchGetSecretValue'],
      ['EC2', 'CreateRoute'],
      ['EC2', 'CreateVpcEndpoint'],
      ['Organizations', 'CreateAccount'],
      ['CloudFormation', 'UpdateStack'],
    ]) {
      expect(`${service}.${operation} ${isRead(service as string, operation as string)}`).toBe(`${service}.${operation} false`);
    }
  });
});

/** The signature's scope names services in lower case; the SDK's client names are what the guard keys on. */
function serviceName(scope: string): string {
  return { iam: 'IAM', sts: 'STS', organizations: 'Organizations', cloudformation: 'CloudFormation' }[scope] ?? scope;
}
