import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import sodium from 'libsodium-wrappers';
import { startApi, type EmulatedApi, type ReceivedRequest, type Reply } from './server';

/** A secret as GitHub stores it: the sealed value and the key it was sealed under. */
export interface StoredGitHubSecret {
  readonly encrypted_value: string;
  readonly key_id: string;
  readonly visibility?: string;
  readonly selected_repository_ids?: readonly number[];
}

export interface EmulatedGitHub extends EmulatedApi {
  /** The scopes' secrets by scope path (`/repos/acme/app/actions/secrets`, `/orgs/acme/actions/secrets`...). */
  readonly secrets: ReadonlyMap<string, ReadonlyMap<string, StoredGitHubSecret>>;
  /** A secret opened with its scope's private key (libsodium crypto_box_seal_open), as a workflow would see it. */
  plaintext(scopePath: string, name: string): string | undefined;
  /** Accept this token from now on. */
  allowToken(token: string): void;
  /** Register a GitHub App: its JWTs (checked RS256 against this PEM public key) can mint installation tokens. */
  registerApp(appId: string, installationId: string, publicKeyPem: string): void;
}

interface ScopeKey {
  readonly id: string;
  readonly publicKey: Uint8Array;
  readonly privateKey: Uint8Array;
}

/**
 * Just the GitHub REST endpoints delivery uses: each scope's Actions
 * public-key, PUT of a secret (repository, environment, organization), and an
 * App's installation token. Every scope holds a real Curve25519 key pair, so
 * tests open what was delivered and compare it with the key in IAM. Serve it
 * under `/api/v3` to stand for GitHub Enterprise Server.
 */
export async function startGitHub(options: { basePath?: string; tokens?: readonly string[] } = {}): Promise<EmulatedGitHub> {
  await sodium.ready;
  const tokens = new Set(options.tokens ?? []);
  const keys = new Map<string, ScopeKey>();
  const secrets = new Map<string, Map<string, StoredGitHubSecret>>();
  const apps = new Map<string, { installationId: string; key: KeyObject }>();
  let minted = 0;

  const keyOf = (scope: string): ScopeKey => {
    let key = keys.get(scope);
    if (!key) {
      const pair = sodium.crypto_box_keypair();
      key = { id: `key-${keys.size + 1}`, publicKey: pair.publicKey, privateKey: pair.privateKey };
      keys.set(scope, key);
    }
    return key;
  };

  const handle = (request: ReceivedRequest, segments: readonly string[]): Reply => {
    if (request.method === 'POST' && segments[0] === 'app' && segments[1] === 'installations' && segments[3] === 'access_tokens') {
      return mint(request, segments[2] ?? '');
    }
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined || !tokens.has(token)) return { status: 401, body: { message: 'Bad credentials' } };
    const scope = scopeOf(segments);
    if (!scope) return { status: 404, body: { message: 'Not Found' } };
    const name = segments.at(-1) ?? '';
    const key = keyOf(scope.path);
    if (request.method === 'GET' && name === 'public-key') return { status: 200, body: { key_id: key.id, key: Buffer.from(key.publicKey).toString('base64') } };
    if (request.method !== 'PUT' || name === 'public-key') return { status: 404, body: { message: 'Not Found' } };
    const body = request.body as Partial<StoredGitHubSecret> | undefined;
    if (typeof body?.encrypted_value !== 'string' || body.key_id !== key.id) return { status: 422, body: { message: 'encrypted_value and the current key_id are required' } };
    if (scope.organization && !['all', 'private', 'selected'].includes(String(body.visibility))) return { status: 422, body: { message: 'visibility is required' } };
    const stored = secrets.get(scope.path) ?? new Map<string, StoredGitHubSecret>();
    secrets.set(scope.path, stored);
    const existed = stored.has(name);
    stored.set(name, { encrypted_value: body.encrypted_value, key_id: body.key_id, ...(body.visibility ? { visibility: body.visibility } : {}), ...(body.selected_repository_ids ? { selected_repository_ids: body.selected_repository_ids } : {}) });
    return { status: existed ? 204 : 201 };
  };

  const mint = (request: ReceivedRequest, installationId: string): Reply => {
    const jwt = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const [header = '', payload = '', signature = ''] = jwt.split('.');
    const claims = safeJson(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown; iat?: unknown; exp?: unknown } | undefined;
    const app = apps.get(String(claims?.iss));
    if (!app || app.installationId !== installationId) return { status: 401, body: { message: 'A JSON web token could not be decoded' } };
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${header}.${payload}`);
    const alg = (safeJson(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown } | undefined)?.alg;
    if (alg !== 'RS256' || !verifier.verify(app.key, Buffer.from(signature, 'base64url'))) return { status: 401, body: { message: 'bad JWT signature' } };
    if (typeof claims?.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp - claims.iat > 600) return { status: 401, body: { message: 'JWT lifetime over 10 minutes' } };
    minted += 1;
    const token = `ghs_emulated${String(minted).padStart(4, '0')}${'A'.repeat(24)}`;
    tokens.add(token);
    return { status: 201, body: { token, expires_at: new Date(Date.now() + 3_600_000).toISOString() } };
  };

  const api = await startApi(options.basePath ?? '', handle);
  return {
    ...api,
    secrets,
    plaintext: (scopePath, name) => {
      const secret = secrets.get(scopePath)?.get(name);
      const key = keys.get(scopePath);
      if (!secret || !key) return undefined;
      return Buffer.from(sodium.crypto_box_seal_open(Buffer.from(secret.encrypted_value, 'base64'), key.publicKey, key.privateKey)).toString('utf8');
    },
    allowToken: (token) => tokens.add(token),
    registerApp: (appId, installationId, publicKeyPem) => apps.set(appId, { installationId, key: createPublicKey(publicKeyPem) }),
  };
}

/** The secrets collection a path names, or undefined; `path` is the same string the client builds (decoded). */
function scopeOf(segments: readonly string[]): { path: string; organization: boolean } | undefined {
  const [root, a, b, c, d, e] = segments;
  if (root === 'orgs' && b === 'actions' && c === 'secrets' && segments.length === 5) return { path: `/orgs/${a}/actions/secrets`, organization: true };
  if (root !== 'repos') return undefined;
  if (c === 'actions' && d === 'secrets' && segments.length === 6) return { path: `/repos/${a}/${b}/actions/secrets`, organization: false };
  if (c === 'environments' && e === 'secrets' && segments.length === 7) return { path: `/repos/${a}/${b}/environments/${d}/secrets`, organization: false };
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
