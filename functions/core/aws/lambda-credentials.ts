import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The credentials of the function's own role, the way Lambda hands them
 * over: in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN), else from the container credentials endpoint
 * (AWS_CONTAINER_CREDENTIALS_FULL_URI). The bundles use this in place of
 * the SDK's default chain (scripts/lib/bundle.ts), whose other sources
 * (profiles, SSO, web identity, instance metadata) a Lambda function never
 * uses and which are a fifth of a bundle. The first source that answers
 * wins; the client caches and refreshes what it returns.
 */
export function defaultProvider(init: Parameters<typeof fromEnv>[0] & Parameters<typeof fromHttp>[0] = {}): AwsCredentialIdentityProvider {
  const environment = fromEnv(init);
  return async (): Promise<AwsCredentialIdentity> => {
    try {
      return await environment();
    } catch (fromEnvironment) {
      try {
        // Built here: fromHttp throws at once when no container endpoint is set.
        return await fromHttp(init)();
      } catch {
        // Lambda always sets the variables; their absence is the fault to report.
        throw fromEnvironment;
      }
    }
  };
}
