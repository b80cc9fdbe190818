import { targetLabel } from '../config/describe';
import type { GitHubScope, GitHubTarget } from '../config/types';
import type { Send } from '../http';
import type { TokenSecret } from '../tokens';
import { GITHUB_HEADERS, installationToken } from './app-token';
import { sealForGitHub } from './sealed-box';

export interface GitHubContext {
  /** https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  readonly apiUrl: string;
  readonly credentials: TokenSecret;
  readonly send: Send;
  readonly now: Date;
}

/** The key as two Actions secrets. Returns the status of the last write (201 created, 204 updated). */
export async function deliverToGitHub(context: GitHubContext, target: GitHubTarget, key: { accessKeyId: string; secretAccessKey: string }): Promise<number> {
  const label = targetLabel(target);
  const token = context.credentials.kind === 'token' ? context.credentials.token : await installationToken(context.send, context.apiUrl, context.credentials, context.now, label);
  const headers = { ...GITHUB_HEADERS, authorization: `Bearer ${token}` };
  const base = `${context.apiUrl}${scopePath(target.scope)}`;
  const publicKey = await context.send({ method: 'GET', url: `${base}/public-key`, headers, target: label, step: 'reading the public key' });
  const { key_id: keyId, key: encodedKey } = (publicKey.body ?? {}) as { key_id?: unknown; key?: unknown };
  if (typeof keyId !== 'string' || typeof encodedKey !== 'string') throw new Error(`${label}: the public key answer has no key_id and key`);
  let status = 0;
  // The secret key last: a workflow that reads the pair half-way sees a new id with the old secret for a moment,
  // rather than the reverse, and a failure of the first write leaves both secrets as they were.
  for (const [name, value] of [
    [target.names.accessKeyId, key.accessKeyId],
    [target.names.secretAccessKey, key.secretAccessKey],
  ] as const) {
    const response = await context.send({
      method: 'PUT',
      url: `${base}/${encodeURIComponent(name)}`,
      headers,
      body: { encrypted_value: sealForGitHub(value, encodedKey), key_id: keyId, ...visibilityOf(target.scope) },
      target: label,
      step: `writing secret ${name}`,
    });
    status = response.status;
  }
  return status;
}

/** The secrets collection of a scope, with every path segment URL-encoded. */
export function scopePath(scope: GitHubScope): string {
  if (scope.kind === 'organization') return `/orgs/${encodeURIComponent(scope.organization)}/actions/secrets`;
  const [owner = '', repo = ''] = scope.repository.split('/');
  const repository = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  if (scope.kind === 'environment') return `${repository}/environments/${encodeURIComponent(scope.environment)}/secrets`;
  return `${repository}/actions/secrets`;
}

function visibilityOf(scope: GitHubScope): Record<string, unknown> {
  if (scope.kind !== 'organization') return {};
  return { visibility: scope.visibility, ...(scope.selectedRepositoryIds ? { selected_repository_ids: scope.selectedRepositoryIds } : {}) };
}
