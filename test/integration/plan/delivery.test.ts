import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useMoto } from '../../harness/moto';
import { buildPlanWorld, plan, type PlanWorld } from './fixture';

const moto = useMoto();
let world: PlanWorld;

beforeAll(async () => {
  world = await buildPlanWorld(moto);
});

async function file(text: string): Promise<string> {
  const at = path.join(await mkdtemp(path.join(os.tmpdir(), 'delivery-')), 'delivery.yaml');
  await writeFile(at, text);
  return at;
}

const yaml = (payments: string, extra = '') =>
  [
    'version: 1',
    'github:',
    '  apiUrl: https://github.example.com/api/v3',
    '  tokenSecretArn: arn:aws:secretsmanager:us-east-1:123456789012:secret:iam-key-rotation/delivery/github-AbCdEf',
    'targets:',
    `  - account: "${payments}"`,
    '    user: legacy',
    '    deliver:',
    '      - github: { repository: acme/app, environment: production }',
    '      - ssm: { name: /iam-key-rotation/legacy, region: eu-west-1 }',
    extra,
  ].join('\n');

describe('npm run plan --delivery-config', () => {
  test('shows where each user\'s new keys go, under its account', async () => {
    const { stdout, stderr } = await plan(['--org', '--delivery-config', await file(yaml(world.accounts.payments))]);
    expect(stdout).toContain("  delivery: legacy's new keys go to GitHub acme/app (environment production), SSM /iam-key-rotation/legacy (eu-west-1)");
    expect(stderr).toContain('is a valid delivery configuration (1 user(s))');
  });

  test('a wrong file stops the plan, naming the field and the line', async () => {
    const { code, stderr } = await plan(['--org', '--delivery-config', await file(yaml(world.accounts.payments).replace('region: eu-west-1', 'region: eu-west-1, kms: x'))]);
    expect(code).toBe(1);
    expect(stderr).toContain('plan: DeliveryConfigError: targets[0].deliver[1].ssm.kms (line 10): unknown field');
  });

  test('checks SSM names against the stack\'s DeliverySsmPathPrefix given as a parameter', async () => {
    const { code, stderr } = await plan(['--org', '--parameter', 'DeliverySsmPathPrefix=/ci/', '--delivery-config', await file(yaml(world.accounts.payments))]);
    expect(code).toBe(1);
    expect(stderr).toContain('targets[0].deliver[1].ssm.name (line 10): must be under /ci/');
  });
});
