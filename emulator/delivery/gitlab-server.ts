import { startApi, type EmulatedApi, type ReceivedRequest, type Reply } from './server';

export interface StoredGitLabVariable {
  readonly key: string;
  readonly value: string;
  readonly masked: boolean;
  readonly protected: boolean;
  readonly environment_scope: string;
  readonly raw?: boolean;
}

export interface EmulatedGitLab extends EmulatedApi {
  /** Variables by project path (decoded, `acme/app`), then `key|environment_scope`. */
  readonly variables: ReadonlyMap<string, ReadonlyMap<string, StoredGitLabVariable>>;
  variable(project: string, key: string, environmentScope?: string): StoredGitLabVariable | undefined;
}

// GitLab's rule for a masked value: 8 or more characters of the base64 alphabet plus @:.~ (GitLab's documented masking requirement).
const MASKABLE = /^[A-Za-z0-9+/=@:.~]{8,}$/;

/**
 * Just the GitLab REST endpoints delivery uses, under /api/v4: PUT a
 * project's variable (404 when it does not exist) and POST to create one,
 * with the PRIVATE-TOKEN header.
 */
export async function startGitLab(options: { tokens?: readonly string[] } = {}): Promise<EmulatedGitLab> {
  const tokens = new Set(options.tokens ?? []);
  const variables = new Map<string, Map<string, StoredGitLabVariable>>();

  const handle = (request: ReceivedRequest, segments: readonly string[]): Reply => {
    if (!tokens.has(request.headers['private-token'] ?? '')) return { status: 401, body: { message: '401 Unauthorized' } };
    const [root, project = '', collection, key] = segments;
    if (root !== 'projects' || collection !== 'variables') return { status: 404, body: { message: '404 Not Found' } };
    const body = (request.body ?? {}) as Partial<StoredGitLabVariable>;
    const scope = body.environment_scope ?? new URLSearchParams(request.url.split('?')[1] ?? '').get('filter[environment_scope]') ?? '*';
    const stored = variables.get(project) ?? new Map<string, StoredGitLabVariable>();
    variables.set(project, stored);
    if (request.method === 'PUT' && key !== undefined && segments.length === 4) {
      const id = `${key}|${scope}`;
      if (!stored.has(id)) return { status: 404, body: { message: '404 Variable Not Found' } };
      return save(stored, { ...body, key }, scope, 200);
    }
    if (request.method === 'POST' && segments.length === 3) {
      if (typeof body.key !== 'string') return { status: 400, body: { message: 'key is missing' } };
      if (stored.has(`${body.key}|${scope}`)) return { status: 400, body: { message: { key: [`(${body.key}) has already been taken`] } } };
      return save(stored, body, scope, 201);
    }
    return { status: 404, body: { message: '404 Not Found' } };
  };

  const api = await startApi('/api/v4', handle);
  return {
    ...api,
    variables,
    variable: (project, key, environmentScope = '*') => variables.get(project)?.get(`${key}|${environmentScope}`),
  };
}

function save(stored: Map<string, StoredGitLabVariable>, body: Partial<StoredGitLabVariable>, scope: string, status: number): Reply {
  if (typeof body.key !== 'string' || typeof body.value !== 'string') return { status: 400, body: { message: 'value is missing' } };
  if (body.masked === true && !MASKABLE.test(body.value)) return { status: 400, body: { message: { value: ['is invalid'] } } };
  const variable: StoredGitLabVariable = {
    key: body.key,
    value: body.value,
    masked: body.masked === true,
    protected: body.protected === true,
    environment_scope: scope,
    ...(body.raw !== undefined ? { raw: body.raw } : {}),
  };
  stored.set(`${body.key}|${scope}`, variable);
  // Like GitLab, the answer echoes the variable; the client never puts an answer's body into a message.
  return { status, body: variable };
}
