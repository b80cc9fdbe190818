import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { scrubber } from '../scrub/scrub';
import { targetId, targetLabel } from './config/describe';
import type { ApiEndpoint, DeliveryConfig, DeliveryTarget } from './config/types';
import { DeliveryError, DeliveryTokenError } from './errors';
import { deliverToGitHub } from './github/client';
import { installationToken } from './github/app-token';
import { deliverToGitLab } from './gitlab/client';
import { sendJson, type Send } from './http';
import type { DeliveryOutcome } from './outcome';
import { deliverToSsm } from './ssm/deliver';
import { readTokenSecret, type TokenSecret } from './tokens';

export interface NewKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface DelivererOptions {
  readonly config: DeliveryConfig;
  /** The rotation function's own Secrets Manager client in a region (the token secret's): readable by its role only. */
  readonly tokenSecrets: (region: string) => SecretsManagerClient;
  /** An SSM client in the member account (the member role), for a region. */
  readonly ssm: (region: string) => SSMClient;
  readonly now: Date;
  readonly send?: Send;
}

/**
 * Delivers keys within one run. Each token secret is read once per run and
 * an App's installation token minted once, however many keys go out; a
 * token secret that cannot be read fails the targets that need it, not the run.
 */
export class Deliverer {
  private readonly send: Send;
  private readonly credentials = new Map<string, Promise<TokenSecret>>();
  private readonly appTokens = new Map<string, Promise<string>>();

  constructor(private readonly options: DelivererOptions) {
    this.send = options.send ?? sendJson;
  }

  /** One key to one target; never throws: a failure is an outcome. */
  async deliver(target: DeliveryTarget, key: NewKey, userName: string): Promise<DeliveryOutcome> {
    const base = { target: targetId(target), label: targetLabel(target), kind: target.kind, keyId: key.accessKeyId, at: this.options.now.toISOString() };
    scrubber.remember(key.secretAccessKey);
    try {
      const status = await this.write(target, key, userName);
      return { ...base, delivered: true, status };
    } catch (error) {
      return { ...base, delivered: false, ...failureOf(error) };
    }
  }

  private async write(target: DeliveryTarget, key: NewKey, userName: string): Promise<number> {
    const { config, now } = this.options;
    switch (target.kind) {
      case 'github': {
        const endpoint = needed(config.github, 'github');
        const credentials = await this.credentialsOf(endpoint);
        const token = credentials.kind === 'token' ? credentials.token : await this.appToken(endpoint, credentials, targetLabel(target));
        return deliverToGitHub({ apiUrl: endpoint.apiUrl, credentials: { kind: 'token', token }, send: this.send, now }, target, key);
      }
      case 'gitlab': {
        const endpoint = needed(config.gitlab, 'gitlab');
        const credentials = await this.credentialsOf(endpoint);
        if (credentials.kind !== 'token') throw new DeliveryTokenError(endpoint.tokenSecretArn, 'must be {"token": "..."} for GitLab (a GitHub App key is for GitHub only)', 'BadTokenSecret');
        return deliverToGitLab({ apiUrl: endpoint.apiUrl, token: credentials.token, send: this.send }, target, key);
      }
      case 'ssm':
        return deliverToSsm(this.options.ssm(target.region), target, key, userName);
    }
  }

  private credentialsOf(endpoint: ApiEndpoint): Promise<TokenSecret> {
    let found = this.credentials.get(endpoint.tokenSecretArn);
    if (!found) {
      // arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME; the parser checked the shape.
      const region = endpoint.tokenSecretArn.split(':')[3] ?? '';
      found = readTokenSecret(this.options.tokenSecrets(region), endpoint.tokenSecretArn);
      this.credentials.set(endpoint.tokenSecretArn, found);
    }
    return found;
  }

  private appToken(endpoint: ApiEndpoint, app: Extract<TokenSecret, { kind: 'app' }>, label: string): Promise<string> {
    const cacheKey = `${endpoint.apiUrl}#${app.appId}#${app.installationId}`;
    let found = this.appTokens.get(cacheKey);
    if (!found) {
      found = installationToken(this.send, endpoint.apiUrl, app, this.options.now, label);
      // A failed mint is tried again for the next target rather than failing them all on one network blip.
      found.catch(() => this.appTokens.delete(cacheKey));
      this.appTokens.set(cacheKey, found);
    }
    return found;
  }
}

function needed(endpoint: ApiEndpoint | undefined, kind: string): ApiEndpoint {
  // parseDeliveryConfig refuses a target without its section; this guards a hand-built config.
  if (!endpoint) throw new DeliveryError(kind, `the configuration has no top-level ${kind}: section`, { code: 'NoEndpoint' });
  return endpoint;
}

/** The status or code and plain words of a failure, scrubbed. */
function failureOf(error: unknown): Pick<DeliveryOutcome, 'status' | 'code' | 'error'> {
  if (error instanceof DeliveryError) {
    return { ...(error.outcome.status !== undefined ? { status: error.outcome.status } : {}), ...(error.outcome.code !== undefined ? { code: error.outcome.code } : {}), error: scrubber.text(error.message) };
  }
  // An AWS SDK error (SSM): its name is the AWS error code, its status on $metadata.
  const code = error instanceof Error ? error.name : 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  const message = error instanceof Error ? error.message : String(error);
  return { code, ...(status !== undefined ? { status } : {}), error: scrubber.text(`${code}: ${message}`) };
}
