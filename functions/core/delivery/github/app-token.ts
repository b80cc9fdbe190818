import { createSign } from 'node:crypto';
import { scrubber } from '../../scrub/scrub';
import type { Send } from '../http';

/**
 * A GitHub App acts through an installation access token: a JWT signed
 * RS256 with the App's private key proves the App, then
 * POST /app/installations/{id}/access_tokens gives a token valid one hour.
 */

// GitHub refuses a JWT valid for more than ten minutes; iat is set back a minute for clock drift.
const JWT_LIFETIME_S = 9 * 60;
const CLOCK_DRIFT_S = 60;

export function appJwt(appId: string, privateKey: string, now: Date): string {
  const iat = Math.floor(now.getTime() / 1000) - CLOCK_DRIFT_S;
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iat, exp: iat + CLOCK_DRIFT_S + JWT_LIFETIME_S, iss: appId }));
  const signer = createSign('RSA-SHA256');
  signer.update(`${header}.${payload}`);
  const jwt = `${header}.${payload}.${signer.sign(privateKey).toString('base64url')}`;
  scrubber.remember(jwt);
  return jwt;
}

export async function installationToken(send: Send, apiUrl: string, app: { appId: string; installationId: string; privateKey: string }, now: Date, target: string): Promise<string> {
  const response = await send({
    method: 'POST',
    url: `${apiUrl}/app/installations/${encodeURIComponent(app.installationId)}/access_tokens`,
    headers: { ...GITHUB_HEADERS, authorization: `Bearer ${appJwt(app.appId, app.privateKey, now)}` },
    target,
    step: `minting a token for GitHub App ${app.appId} installation ${app.installationId}`,
  });
  const token = (response.body as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string' || token === '') throw new Error(`GitHub App ${app.appId}: the installation token answer has no token`);
  scrubber.remember(token);
  return token;
}

export const GITHUB_HEADERS: Readonly<Record<string, string>> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
