import { generateKeyPairSync } from 'node:crypto';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startGitHub, type EmulatedGitHub } from '../../../emulator/delivery/github-server';
import { startGitLab, type EmulatedGitLab } from '../../../emulator/delivery/gitlab-server';
import { parseDeliveryConfig, type DeliveryConfig } from '../../../functions/core/delivery/config';
import { Deliverer } from '../../../functions/core/delivery/deliver';
import { useMoto } from '../../harness/moto';

const moto = useMoto();
const KEY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const GITHUB_TOKEN = `ghp_${'T0k3n'.repeat(8)}`;
const GITLAB_TOKEN = 'glpat-EmulatedGitLabToken1';
const NOW = new Date('2026-03-01T06:00:00Z');

let github: EmulatedGitHub;
let gitlab: EmulatedGitLab;
let secrets: SecretsManagerClient;

async function tokenSecret(name: string, value: object): Promise<string> {
  const created = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }));
  return created.ARN ?? '';
}

function yamlFor(githubUrl: string, githubArn: string, gitlabArn: string, deliver: string): string {
  return [
    'version: 1',
    'github:',
    `  apiUrl: ${githubUrl}`,
    `  tokenSecretArn: ${githubArn}`,
    'gitlab:',
    `  apiUrl: ${gitlab.url}`,
    `  tokenSecretArn: ${gitlabArn}`,
    'targets:',
    '  - account: "111122223333"',
    '    user: ci-deployer',
    '    deliver:',
    ...deliver.split('\n').map((line) => `      ${line}`),
  ].join('\n');
}

function deliverer(config: DeliveryConfig): Deliverer {
  return new Deliverer({ config, tokenSecrets: () => secrets, ssm: (region) => new SSMClient({ ...moto.config(), region }), now: NOW });
}

async function deliverAll(config: DeliveryConfig) {
  const run = deliverer(config);
  return Promise.all((config.users[0]?.targets ?? []).map((target) => run.deliver(target, KEY, 'ci-deployer')));
}

let githubArn: string;
let gitlabArn: string;

beforeAll(async () => {
  secrets = new SecretsManagerClient(moto.config());
  github = await startGitHub({ tokens: [GITHUB_TOKEN] });
  gitlab = await startGitLab({ tokens: [GITLAB_TOKEN] });
  githubArn = await tokenSecret('iam-key-rotation/delivery/github', { token: GITHUB_TOKEN });
  gitlabArn = await tokenSecret('iam-key-rotation/delivery/gitlab', { token: GITLAB_TOKEN });
});

afterAll(async () => {
  await github.close();
  await gitlab.close();
});

describe('delivery to each target kind', () => {
  it('writes GitHub repository, environment and organization secrets that open to the key, with a Bearer token', async () => {
    const config = parseDeliveryConfig(
      yamlFor(github.url, githubArn, gitlabArn, [
        '- github: { repository: acme/app }',
        '- github: { repository: acme/app, environment: "prod/eu" }',
        '- github: { organization: acme, visibility: selected, selectedRepositoryIds: [7] }',
      ].join('\n')),
      { ssmPathPrefix: '/iam-key-rotation/' },
    );
    const outcomes = await deliverAll(config);
    expect(outcomes.map((outcome) => [outcome.label, outcome.delivered, outcome.status])).toEqual([
      ['GitHub acme/app', true, 201],
      ['GitHub acme/app (environment prod/eu)', true, 201],
      ['GitHub organization acme (selected repositories)', true, 201],
    ]);
    for (const scope of ['/repos/acme/app/actions/secrets', '/repos/acme/app/environments/prod/eu/secrets', '/orgs/acme/actions/secrets']) {
      expect(github.plaintext(scope, 'AWS_ACCESS_KEY_ID')).toBe(KEY.accessKeyId);
      expect(github.plaintext(scope, 'AWS_SECRET_ACCESS_KEY')).toBe(KEY.secretAccessKey);
    }
    expect(github.secrets.get('/orgs/acme/actions/secrets')?.get('AWS_SECRET_ACCESS_KEY')).toMatchObject({ visibility: 'selected', selected_repository_ids: [7] });
    // The environment name is one URL-encoded path segment.
    expect(github.received.some((request) => request.url === '/repos/acme/app/environments/prod%2Feu/secrets/public-key')).toBe(true);
    expect(github.received.every((request) => request.headers.authorization === `Bearer ${GITHUB_TOKEN}`)).toBe(true);
    // Nothing GitHub received carries the key in clear.
    expect(JSON.stringify(github.received)).not.toContain(KEY.secretAccessKey);
  });

  it('updates a GitHub secret in place on redelivery (204)', async () => {
    const config = parseDeliveryConfig(yamlFor(github.url, githubArn, gitlabArn, '- github: { repository: acme/app }'), { ssmPathPrefix: '/iam-key-rotation/' });
    const [outcome] = await deliverAll(config);
    expect(outcome).toMatchObject({ delivered: true, status: 204 });
  });

  it('talks to GitHub Enterprise Server under its apiUrl /api/v3', async () => {
    const enterprise = await startGitHub({ basePath: '/api/v3', tokens: [GITHUB_TOKEN] });
    try {
      const config = parseDeliveryConfig(yamlFor(enterprise.url, githubArn, gitlabArn, '- github: { repository: acme/app }'), { ssmPathPrefix: '/iam-key-rotation/' });
      const [outcome] = await deliverAll(config);
      expect(outcome).toMatchObject({ delivered: true });
      expect(enterprise.received.map((request) => request.url)).toEqual([
        '/api/v3/repos/acme/app/actions/secrets/public-key',
        '/api/v3/repos/acme/app/actions/secrets/AWS_ACCESS_KEY_ID',
        '/api/v3/repos/acme/app/actions/secrets/AWS_SECRET_ACCESS_KEY',
      ]);
      expect(enterprise.plaintext('/repos/acme/app/actions/secrets', 'AWS_SECRET_ACCESS_KEY')).toBe(KEY.secretAccessKey);
    } finally {
      await enterprise.close();
    }
  });

  it('authenticates as a GitHub App: RS256 JWT, one installation token for the run', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const app = await startGitHub();
    try {
      app.registerApp('4242', '77', publicKey.export({ type: 'spki', format: 'pem' }).toString());
      const appArn = await tokenSecret('iam-key-rotation/delivery/github-app', { appId: '4242', installationId: '77', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
      const config = parseDeliveryConfig(
        yamlFor(app.url, appArn, gitlabArn, '- github: { repository: acme/app }\n- github: { repository: acme/web }'),
        { ssmPathPrefix: '/iam-key-rotation/' },
      );
      const outcomes = await deliverAll(config);
      expect(outcomes.map((outcome) => outcome.delivered)).toEqual([true, true]);
      expect(app.received.filter((request) => request.url === '/app/installations/77/access_tokens')).toHaveLength(1);
      expect(app.plaintext('/repos/acme/web/actions/secrets', 'AWS_SECRET_ACCESS_KEY')).toBe(KEY.secretAccessKey);
      expect(app.received.at(-1)?.headers.authorization).toMatch(/^Bearer ghs_emulated/);
    } finally {
      await app.close();
    }
  });

  it('writes GitLab variables: PUT, POST when missing, secret masked, PRIVATE-TOKEN', async () => {
    const config = parseDeliveryConfig(yamlFor(github.url, githubArn, gitlabArn, '- gitlab: { project: acme/app, environmentScope: production, protected: true }'), {
      ssmPathPrefix: '/iam-key-rotation/',
    });
    const [first] = await deliverAll(config);
    expect(first).toMatchObject({ delivered: true, status: 201 });
    expect(gitlab.variable('acme/app', 'AWS_SECRET_ACCESS_KEY', 'production')).toMatchObject({ value: KEY.secretAccessKey, masked: true, protected: true });
    expect(gitlab.variable('acme/app', 'AWS_ACCESS_KEY_ID', 'production')).toMatchObject({ value: KEY.accessKeyId, masked: false });
    expect(gitlab.received.map((request) => `${request.method} ${request.url.split('?')[0] ?? ''}`)).toEqual([
      'PUT /api/v4/projects/acme%2Fapp/variables/AWS_ACCESS_KEY_ID',
      'POST /api/v4/projects/acme%2Fapp/variables',
      'PUT /api/v4/projects/acme%2Fapp/variables/AWS_SECRET_ACCESS_KEY',
      'POST /api/v4/projects/acme%2Fapp/variables',
    ]);
    expect(gitlab.received.every((request) => request.headers['private-token'] === GITLAB_TOKEN)).toBe(true);
    const [second] = await deliverAll(config);
    expect(second).toMatchObject({ delivered: true, status: 200 });
    expect(gitlab.received.slice(4).map((request) => request.method)).toEqual(['PUT', 'PUT']);
  });

  it('writes an SSM SecureString with the key as JSON, and the KMS key asked for', async () => {
    const config = parseDeliveryConfig(
      yamlFor(github.url, githubArn, gitlabArn, '- ssm: { name: /iam-key-rotation/ci-deployer, region: us-east-1, kmsKeyId: alias/ci-keys }'),
      { ssmPathPrefix: '/iam-key-rotation/' },
    );
    const [outcome] = await deliverAll(config);
    expect(outcome).toMatchObject({ delivered: true, status: 200, kind: 'ssm' });
    const ssm = new SSMClient(moto.config());
    const parameter = await ssm.send(new GetParameterCommand({ Name: '/iam-key-rotation/ci-deployer', WithDecryption: true }));
    expect(parameter.Parameter?.Type).toBe('SecureString');
    expect(JSON.parse(parameter.Parameter?.Value ?? '{}')).toEqual({ AccessKeyId: KEY.accessKeyId, SecretAccessKey: KEY.secretAccessKey });
  });
});

describe('failed deliveries say why, in plain words, with no token', () => {
  it.each([
    [503, 'HTTP 503: the service failed on its side'],
    [401, 'HTTP 401: the token was refused'],
  ])('a %s from GitHub is an outcome with its status', async (status, words) => {
    github.fail({ status, times: 1 });
    const config = parseDeliveryConfig(yamlFor(github.url, githubArn, gitlabArn, '- github: { repository: acme/fails }'), { ssmPathPrefix: '/iam-key-rotation/' });
    const [outcome] = await deliverAll(config);
    expect(outcome).toMatchObject({ delivered: false, status, keyId: KEY.accessKeyId, at: NOW.toISOString() });
    expect(outcome?.error).toContain(words);
    expect(outcome?.error).toContain('GitHub acme/fails');
    expect(JSON.stringify(outcome)).not.toContain(GITHUB_TOKEN);
  });

  it('a token GitLab refuses is a 401 outcome', async () => {
    const badArn = await tokenSecret('iam-key-rotation/delivery/gitlab-bad', { token: 'glpat-NotTheRightToken00' });
    const config = parseDeliveryConfig(yamlFor(github.url, githubArn, badArn, '- gitlab: { project: acme/app }'), { ssmPathPrefix: '/iam-key-rotation/' });
    const [outcome] = await deliverAll(config);
    expect(outcome).toMatchObject({ delivered: false, status: 401 });
    expect(JSON.stringify(outcome)).not.toContain('NotTheRightToken');
  });

  it('a host that refuses connections is named, with what to check', async () => {
    const closed = await startGitHub();
    const url = closed.url;
    await closed.close();
    const config = parseDeliveryConfig(yamlFor(url, githubArn, gitlabArn, '- github: { repository: acme/app }'), { ssmPathPrefix: '/iam-key-rotation/' });
    const [outcome] = await deliverAll(config);
    expect(outcome).toMatchObject({ delivered: false, code: 'ECONNREFUSED' });
    expect(outcome?.error).toContain(`${new URL(url).host} refused or dropped the connection`);
  });

  it('an unreadable token secret fails the targets that need it', async () => {
    const config = parseDeliveryConfig(
      yamlFor(github.url, 'arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-key-rotation/delivery/missing-AbCdEf', gitlabArn, '- github: { repository: acme/app }'),
      { ssmPathPrefix: '/iam-key-rotation/' },
    );
    const [outcome] = await deliverAll(config);
    expect(outcome).toMatchObject({ delivered: false, code: 'ResourceNotFoundException' });
    expect(outcome?.error).toContain('cannot be read');
  });
});
