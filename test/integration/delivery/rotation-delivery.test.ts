import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { PENDING_DELIVERY_SUFFIX, secretName } from '../../../contract/names';
import { startGitHub, type EmulatedGitHub } from '../../../emulator/delivery/github-server';
import { startGitLab, type EmulatedGitLab } from '../../../emulator/delivery/gitlab-server';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { seedUser } from '../../../emulator/iam-users';
import type { NotificationMessage, ResultAction } from '../../../functions/core/messages/notification';
import { useMoto } from '../../harness/moto';
import { createWorld, drainNotifications, invoke, keysOf, secretOf, useKey, type World } from '../rotation/fixture';

const moto = useMoto();
const BUCKET = 'delivery-config-bucket';
const PREFIX = 'asa/asa-iam-rotation';
const CONFIG_KEY = `${PREFIX}/Config/delivery.yaml`;
const GITHUB_TOKEN = `ghp_${'R0tat1on'.repeat(5)}`;
const GITLAB_TOKEN = 'glpat-RotationGitLabToken1';
const T0 = new Date(Date.UTC(2025, 0, 6, 9, 0, 0));
const runOn = (n: number) => new Date(T0.getTime() + n * DAY_MS + n * 60_000);

let github: EmulatedGitHub;
let gitlab: EmulatedGitLab;
let world: World;
let tokenArns: { github: string; gitlab: string };

const REPO = '/repos/acme/app/actions/secrets';
const ENVIRONMENT = '/repos/acme/app/environments/production/secrets';
const ORG = '/orgs/acme/actions/secrets';

function deliveryYaml(memberId: string, extra = ''): string {
  return [
    'version: 1',
    'github:',
    `  apiUrl: ${github.url}`,
    `  tokenSecretArn: ${tokenArns.github}`,
    'gitlab:',
    `  apiUrl: ${gitlab.url}`,
    `  tokenSecretArn: ${tokenArns.gitlab}`,
    'targets:',
    `  - account: "${memberId}"`,
    '    user: ci-deployer',
    '    deliver:',
    '      - github: { repository: acme/app }',
    '      - github: { repository: acme/app, environment: production }',
    '      - github: { organization: acme, visibility: private }',
    '      - gitlab: { project: acme/app, environmentScope: "*", protected: true }',
    '      - ssm: { name: /iam-key-rotation/ci-deployer, region: us-east-1 }',
    extra,
  ].join('\n');
}

async function upload(text: string): Promise<void> {
  await new S3Client({ ...moto.config(), forcePathStyle: true }).send(new PutObjectCommand({ Bucket: BUCKET, Key: CONFIG_KEY, Body: text }));
}

async function runAt(n: number, env: Record<string, string> = {}) {
  await moto.clock.set(runOn(n));
  const invocation = await invoke(world, { account: world.memberId }, { now: runOn(n), env });
  return { ...invocation, messages: await drainNotifications(moto, world.queueUrl) };
}

function adminActions(messages: readonly NotificationMessage[], userName = 'ci-deployer'): readonly ResultAction[] {
  return messages.find((m) => m.recipient.role === 'ADMIN')?.users.find((u) => u.userName === userName)?.actions ?? [];
}

function adminNotes(messages: readonly NotificationMessage[]): string[] {
  return [...(messages.find((m) => m.recipient.role === 'ADMIN')?.notes ?? [])];
}

const puts = (api: { received: readonly { method: string }[] }) => api.received.filter((request) => request.method === 'PUT' || request.method === 'POST').length;

beforeAll(async () => {
  github = await startGitHub({ tokens: [GITHUB_TOKEN] });
  gitlab = await startGitLab({ tokens: [GITLAB_TOKEN] });
});

afterAll(async () => {
  await github.close();
  await gitlab.close();
});

beforeEach(async () => {
  await moto.reset();
  github.recover();
  gitlab.recover();
  github.received.splice(0);
  gitlab.received.splice(0);
  world = await createWorld(moto, {
    [ROTATION_ENV.bucketName]: BUCKET,
    [ROTATION_ENV.bucketPrefix]: PREFIX,
    [ROTATION_ENV.deliverySsmPathPrefix]: '/iam-key-rotation/',
  });
  await new S3Client({ ...moto.config(), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: BUCKET }));
  const sm = new SecretsManagerClient(moto.config());
  const make = async (name: string, token: string) => (await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ token }) }))).ARN ?? '';
  tokenArns = { github: await make('iam-key-rotation/delivery/github', GITHUB_TOKEN), gitlab: await make('iam-key-rotation/delivery/gitlab', GITLAB_TOKEN) };
  await upload(deliveryYaml(world.memberId));
  await seedUser(moto, world.member, { name: 'ci-deployer', keys: [{ ageDays: 0, lastUsedDaysAgo: 0 }] }, T0);
});

describe('a new key is delivered in the run that rotates it', () => {
  it('reaches every target kind and scope; each holds the key that IAM and the secret hold', async () => {
    const { messages, metricLines } = await runAt(90);
    const keys = await keysOf(moto, world.member, 'ci-deployer');
    const secret = await secretOf(moto, world.member, secretName(world.memberId, 'ci-deployer'));
    const newKey = keys.at(-1)?.AccessKeyId;
    expect(secret?.value.AccessKeyId).toBe(newKey);
    for (const scope of [REPO, ENVIRONMENT, ORG]) {
      expect(github.plaintext(scope, 'AWS_ACCESS_KEY_ID')).toBe(newKey);
      expect(github.plaintext(scope, 'AWS_SECRET_ACCESS_KEY')).toBe(secret?.value.SecretAccessKey);
    }
    expect(gitlab.variable('acme/app', 'AWS_SECRET_ACCESS_KEY')?.value).toBe(secret?.value.SecretAccessKey);
    const parameter = await new SSMClient(moto.config(world.member)).send(new GetParameterCommand({ Name: '/iam-key-rotation/ci-deployer', WithDecryption: true }));
    expect(JSON.parse(parameter.Parameter?.Value ?? '{}')).toEqual({ AccessKeyId: newKey, SecretAccessKey: secret?.value.SecretAccessKey });

    const rotate = adminActions(messages).find((action) => action.type === 'ROTATE');
    expect(rotate?.deliveries?.map((d) => [d.target, d.delivered])).toEqual([
      ['GitHub acme/app', true],
      ['GitHub acme/app (environment production)', true],
      ['GitHub organization acme (private repositories)', true],
      ['GitLab acme/app', true],
      ['SSM /iam-key-rotation/ci-deployer (us-east-1)', true],
    ]);
    // Each outcome is recorded beside the secret: one tag per target, with the key id.
    expect(Object.entries(secret?.tags ?? {}).filter(([key]) => key.startsWith('IAMKeyRotationDelivery:')).map(([, value]) => value.split(' ')[0])).toEqual(Array(5).fill(newKey));
    // No copy is kept when every target has the key.
    expect(await secretOf(moto, world.member, `${secretName(world.memberId, 'ci-deployer')}${PENDING_DELIVERY_SUFFIX}`)).toBeUndefined();
    const delivered = metricLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => 'DeliveriesSucceeded' in line);
    expect(delivered.map((line) => [line.TargetKind, line.DeliveriesSucceeded, line.DeliveriesFailed])).toEqual([
      ['github', 3, 0],
      ['gitlab', 1, 0],
      ['ssm', 1, 0],
    ]);
    // Nothing that left the function carries the key or a token.
    const queued = JSON.stringify(messages);
    expect(queued).not.toContain(secret?.value.SecretAccessKey);
    expect(queued).not.toContain(GITHUB_TOKEN);
  });

  it('does not write twice when the same request comes again (redelivery)', async () => {
    await runAt(90);
    const writes = [puts(github), puts(gitlab)];
    await runAt(90);
    expect([puts(github), puts(gitlab)]).toEqual(writes);
  });

  it('delivers nothing in audit mode, and reads no configuration', async () => {
    const { messages } = await runAt(90, { [ROTATION_ENV.dryRun]: 'True' });
    expect(adminActions(messages).map((action) => `${action.type}:${action.outcome}`)).toEqual(['ROTATE:PLANNED']);
    expect(github.received).toEqual([]);
    expect(gitlab.received).toEqual([]);
  });

  it('never delivers for an exempt or held user', async () => {
    await seedUser(moto, world.member, { name: 'held-user', tags: { IAMKeyRotationHold: '2030-01-01' }, keys: [{ ageDays: 0, lastUsedDaysAgo: 0 }] }, T0);
    await upload(deliveryYaml(world.memberId, '  - account: "' + world.memberId + '"\n    user: held-user\n    deliver: [{ github: { repository: acme/held } }]'));
    await runAt(90);
    expect(github.received.some((request) => request.url.includes('acme/held'))).toBe(false);
  });

  it('goes on rotating when delivery.yaml is wrong, delivers nothing, and names the field and line', async () => {
    await upload(deliveryYaml(world.memberId).replace('environment: production', 'enviroment: production'));
    const { messages } = await runAt(90);
    expect(adminActions(messages).map((action) => `${action.type}:${action.outcome}`)).toEqual(['ROTATE:DONE']);
    expect(github.received).toEqual([]);
    expect(gitlab.received).toEqual([]);
    expect(adminNotes(messages).some((note) => note.startsWith('delivery.yaml: targets[0].deliver[1].github.enviroment (line 13): unknown field'))).toBe(true);
  });
});

describe('a failed delivery keeps the old key active and is tried again at each run', () => {
  it('a 5xx: CRITICAL postponement at the deactivation date whatever InUseKeyAction says, delivered and retired once GitHub is back', async () => {
    github.fail({ status: 503, times: 10_000, pathContains: '/repos/acme/app/actions' });
    const rotation = await runAt(90);
    const rotate = adminActions(rotation.messages).find((action) => action.type === 'ROTATE');
    expect(rotate?.deliveries?.find((d) => d.target === 'GitHub acme/app')).toMatchObject({ delivered: false, failure: 'HTTP 503' });
    // A copy waits for the retry, readable by the member role only.
    const copy = await secretOf(moto, world.member, `${secretName(world.memberId, 'ci-deployer')}${PENDING_DELIVERY_SUFFIX}`);
    expect(copy?.policy.Statement.find((s) => s.Effect === 'Allow')?.Principal).toEqual({ AWS: `arn:aws:iam::${world.memberId}:role/${world.env[ROTATION_ENV.assumedRoleName] ?? ''}` });

    // Day 95: tried again, still failing; the others are not written again.
    const otherWrites = puts(gitlab);
    const retried = await runAt(95);
    expect(adminNotes(retried.messages)).toContain(`ci-deployer: key ${copy?.value.AccessKeyId ?? ''} still not delivered to GitHub acme/app on a later run (HTTP 503)`);
    expect(puts(gitlab)).toBe(otherWrites);

    // Day 100, the deactivation date: the old key stays, CRITICAL, naming the target and the status.
    const due = await runAt(100);
    const postponed = adminActions(due.messages).find((action) => action.type === 'POSTPONE');
    expect(postponed).toMatchObject({ reason: 'DELIVERY_PENDING', severity: 'CRITICAL', outcome: 'DONE' });
    expect(postponed?.pendingDeliveries).toEqual([{ target: 'GitHub acme/app', failure: 'HTTP 503' }]);
    expect((await keysOf(moto, world.member, 'ci-deployer')).map((key) => key.Status)).toEqual(['Active', 'Active']);

    // GitHub is back: the next run delivers, then retires the old key on schedule, and drops the copy.
    github.recover();
    const later = await runAt(101);
    const newKey = (await keysOf(moto, world.member, 'ci-deployer')).at(-1)?.AccessKeyId;
    expect(github.plaintext(REPO, 'AWS_ACCESS_KEY_ID')).toBe(newKey);
    expect(adminNotes(later.messages)).toContain(`ci-deployer: key ${newKey ?? ''} delivered to GitHub acme/app on a later run`);
    expect(adminActions(later.messages).map((action) => `${action.type}:${action.reason}:${action.outcome}`)).toEqual(['DEACTIVATE:DEACTIVATION_DUE:DONE']);
    expect(await secretOf(moto, world.member, `${secretName(world.memberId, 'ci-deployer')}${PENDING_DELIVERY_SUFFIX}`)).toBeUndefined();
  });

  it('a 401: recorded with its status, and delivered at the next run once the token works', async () => {
    gitlab.fail({ status: 401, times: 1 });
    const { messages } = await runAt(90);
    const failed = adminActions(messages).find((action) => action.type === 'ROTATE')?.deliveries?.find((d) => d.kind === 'gitlab');
    expect(failed).toMatchObject({ delivered: false, failure: 'HTTP 401' });
    expect(failed?.error).toContain('the token was refused');
    await runAt(91);
    const secret = await secretOf(moto, world.member, secretName(world.memberId, 'ci-deployer'));
    expect(gitlab.variable('acme/app', 'AWS_SECRET_ACCESS_KEY')?.value).toBe(secret?.value.SecretAccessKey);
  });
});

describe('DeactivateWhenSwitched', () => {
  it('deactivates the old key early once every target has the new key, the new key is used and the old is idle', async () => {
    const on = { [ROTATION_ENV.deactivateWhenSwitched]: 'True' };
    await runAt(90, on);
    const secret = await secretOf(moto, world.member, secretName(world.memberId, 'ci-deployer'));
    await useKey(moto, { accessKeyId: secret?.value.AccessKeyId ?? '', secretAccessKey: secret?.value.SecretAccessKey ?? '' }, runOn(92));
    const { messages } = await runAt(93, on);
    expect(adminActions(messages).map((action) => `${action.type}:${action.reason}:${action.outcome}`)).toEqual(['DEACTIVATE:SWITCHED:DONE']);
    expect((await keysOf(moto, world.member, 'ci-deployer')).map((key) => key.Status)).toEqual(['Inactive', 'Active']);
  });

  it('waits for the date when the setting is off', async () => {
    await runAt(90);
    const secret = await secretOf(moto, world.member, secretName(world.memberId, 'ci-deployer'));
    await useKey(moto, { accessKeyId: secret?.value.AccessKeyId ?? '', secretAccessKey: secret?.value.SecretAccessKey ?? '' }, runOn(92));
    const { messages } = await runAt(93);
    expect(adminActions(messages).filter((action) => action.type === 'DEACTIVATE')).toEqual([]);
  });
});
