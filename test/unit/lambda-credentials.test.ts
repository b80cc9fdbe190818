import { defaultProvider } from '../../functions/core/aws/lambda-credentials';

/** The credential source the bundles use in place of the SDK's default chain: the environment Lambda sets. */
describe('the bundles’ credential provider', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test("reads the role's credentials from the environment, as Lambda sets them", async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });
    await expect(defaultProvider()()).resolves.toMatchObject({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' });
  });

  test('without them, and without a container endpoint, it fails naming the variables', async () => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) {
      delete process.env[name];
    }
    await expect(defaultProvider()()).rejects.toThrow(/environment variable/i);
  });
});
