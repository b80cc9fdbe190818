import { targetLabel } from '../config/describe';
import type { GitLabTarget } from '../config/types';
import type { Send } from '../http';

export interface GitLabContext {
  /** https://gitlab.com/api/v4, or a self-managed instance's /api/v4. */
  readonly apiUrl: string;
  readonly token: string;
  readonly send: Send;
}

/**
 * The key as two CI/CD variables of a project: PUT to update, POST to create
 * when the PUT finds none. The secret key is masked (AWS secret keys meet
 * GitLab's rule: 8 or more characters of the base64 alphabet); the key id is
 * not a secret and stays readable in job logs, which helps to see which key a
 * job used. Returns the status of the last write.
 */
export async function deliverToGitLab(context: GitLabContext, target: GitLabTarget, key: { accessKeyId: string; secretAccessKey: string }): Promise<number> {
  const label = targetLabel(target);
  const headers = { 'private-token': context.token };
  const project = `${context.apiUrl}/projects/${encodeURIComponent(target.project)}/variables`;
  let status = 0;
  for (const [name, value, masked] of [
    [target.names.accessKeyId, key.accessKeyId, false],
    [target.names.secretAccessKey, key.secretAccessKey, true],
  ] as const) {
    const settings = { value, masked, protected: target.protected, environment_scope: target.environmentScope, variable_type: 'env_var', raw: true };
    // The scope filter picks this variable when the project has the same key under several environment scopes.
    const scopeFilter = `filter%5Benvironment_scope%5D=${encodeURIComponent(target.environmentScope)}`;
    const updated = await context.send({
      method: 'PUT',
      url: `${project}/${encodeURIComponent(name)}?${scopeFilter}`,
      headers,
      body: settings,
      target: label,
      step: `updating variable ${name}`,
      accept: [404],
    });
    status = updated.status;
    if (updated.status === 404) {
      const created = await context.send({ method: 'POST', url: project, headers, body: { key: name, ...settings }, target: label, step: `creating variable ${name}` });
      status = created.status;
    }
  }
  return status;
}
