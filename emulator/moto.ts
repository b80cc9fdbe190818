import type { AwsCredentialIdentity } from '@smithy/types';

export const REGION = 'us-east-1';
/** moto's default account: the one the test credentials belong to, used as the management account. */
export const MANAGEMENT_ACCOUNT_ID = '123456789012';
/** What ListAccounts calls it: moto_launcher.py renames moto's "master". */
export const MANAGEMENT_ACCOUNT_NAME = 'Management';
export const TEST_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Moves moto's clock (see moto_launcher.py), so keys can be created "N days ago". */
export class MotoClock {
  constructor(private readonly endpoint: string) {}

  async set(instant: Date): Promise<void> {
    await this.post({ now: instant.toISOString() });
  }

  async reset(): Promise<void> {
    await this.call('DELETE');
  }

  async now(): Promise<Date> {
    const state = (await (await this.call('GET')).json()) as { now: string };
    return new Date(state.now);
  }

  /** Runs `action` with moto's clock at `instant`, then puts the clock back where it was. */
  async at<T>(instant: Date, action: () => Promise<T>): Promise<T> {
    const before = (await (await this.call('GET')).json()) as { offsetSeconds: number };
    await this.set(instant);
    try {
      return await action();
    } finally {
      await this.post({ offsetSeconds: before.offsetSeconds });
    }
  }

  private post(body: object): Promise<Response> {
    return this.call('POST', JSON.stringify(body));
  }

  private async call(method: string, body?: string): Promise<Response> {
    const response = await fetch(`${this.endpoint}/_clock`, { method, body, headers: { 'content-type': 'application/json' } });
    if (!response.ok) throw new Error(`moto clock ${method} failed: ${response.status} ${await response.text()}`);
    return response;
  }
}

export interface Moto {
  readonly endpoint: string;
  readonly clock: MotoClock;
  /** Clears every service's state and puts the clock back to real time. */
  reset(): Promise<void>;
  /** SDK v3 client options for this server, with the test credentials or the ones given. */
  config(credentials?: AwsCredentialIdentity): { endpoint: string; region: string; credentials: AwsCredentialIdentity };
}

export function motoAt(endpoint: string): Moto {
  const clock = new MotoClock(endpoint);
  return {
    endpoint,
    clock,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: ${response.status}`);
      await clock.reset();
    },
    config: (credentials = TEST_CREDENTIALS) => ({ endpoint, region: REGION, credentials }),
  };
}

/**
 * Points the AWS SDK's default configuration at moto, so that code under test
 * that builds its own clients (the handlers) talks to moto with no test hook.
 */
export function useAwsEnvironment(endpoint: string): void {
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_REGION = REGION;
  process.env.AWS_DEFAULT_REGION = REGION;
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  // Lambda runs Node 22; local development on Node 20 is known and the notice only adds noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}
