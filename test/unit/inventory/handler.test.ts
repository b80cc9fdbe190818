import { INVENTORY_ENV } from '../../../contract/env/inventory';

const VALID = {
  [INVENTORY_ENV.orgListAccount]: '111122223333',
  [INVENTORY_ENV.orgListRole]: 'asa-iam-key-rotation-list-accounts-role',
  [INVENTORY_ENV.rotationQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/123456789012/rotation',
};

describe('inventory entry point', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  async function loadIndex(env: Record<string, string>): Promise<unknown> {
    for (const name of Object.values(INVENTORY_ENV)) delete process.env[name];
    Object.assign(process.env, { AWS_REGION: 'us-east-1' }, env);
    let loaded: unknown;
    await jest.isolateModulesAsync(async () => {
      loaded = (await import('../../../functions/inventory/index')).handler;
    });
    return loaded;
  }

  test('index.handler is built at cold start from the environment', async () => {
    expect(typeof (await loadIndex(VALID))).toBe('function');
  });

  test('a bad variable stops the cold start with a ConfigError naming it', async () => {
    const load = loadIndex({ ...VALID, [INVENTORY_ENV.rotationQueueUrl]: '' });
    // The isolated module registry has its own ConfigError class, so compare by name.
    await expect(load).rejects.toMatchObject({ name: 'ConfigError', variable: INVENTORY_ENV.rotationQueueUrl });
    await expect(load).rejects.toThrow(`${INVENTORY_ENV.rotationQueueUrl}: is required but not set`);
  });
});
