import { ProblemError } from '../errors/named-error';

/**
 * Why a delivery failed, in words an owner or admin can act on. `status` is
 * the target's HTTP status, `code` an AWS error code or a network error code;
 * one of them is what the delivery record keeps. Messages never carry a token
 * or a key: they are built from statuses and codes, not from response bodies.
 */
export class DeliveryError extends ProblemError {
  override readonly name: string = 'DeliveryError';
  constructor(
    target: string,
    problem: string,
    readonly outcome: { readonly status?: number; readonly code?: string },
    options?: { cause: unknown },
  ) {
    super(target, problem, options);
  }
}

/** The target answered with an HTTP error. */
export class DeliveryHttpError extends DeliveryError {
  override readonly name = 'DeliveryHttpError';
  constructor(target: string, step: string, status: number) {
    super(target, `${step}: ${httpProblem(status)}`, { status });
  }
}

/** The target could not be reached at all. */
export class DeliveryNetworkError extends DeliveryError {
  override readonly name = 'DeliveryNetworkError';
  constructor(target: string, host: string, code: string, options: { cause: unknown }) {
    super(target, networkProblem(host, code), { code }, options);
  }
}

/** A token secret is missing, unreadable or not of the documented shape. */
export class DeliveryTokenError extends DeliveryError {
  override readonly name = 'DeliveryTokenError';
  constructor(secretArn: string, problem: string, code: string, options?: { cause: unknown }) {
    super(`token secret ${secretArn}`, problem, { code }, options);
  }
}

export function httpProblem(status: number): string {
  if (status === 401) return 'HTTP 401: the token was refused (expired, revoked or mistyped); put a valid one in the token secret';
  if (status === 403) return 'HTTP 403: the token lacks permission for this repository or project (GitHub: Secrets read and write; GitLab: Maintainer and api scope)';
  if (status === 404) return 'HTTP 404: not found, or not visible to this token (check the name and the token\'s access)';
  if (status === 422) return 'HTTP 422: the target refused the value or the request (check the variable names and settings)';
  if (status === 429) return 'HTTP 429: rate limited; it is tried again at the next run';
  if (status >= 500) return `HTTP ${status}: the service failed on its side; it is tried again at the next run`;
  return `HTTP ${status}: unexpected answer`;
}

function networkProblem(host: string, code: string): string {
  if (code === 'TIMEOUT' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
    return (
      `no route to ${host} (${code}): a function in a VPC needs a NAT gateway or a proxy to reach it, ` +
      'since there is no VPC endpoint for GitHub or GitLab; the old key stays active and it is tried again at the next run'
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve ${host} (${code}): check apiUrl, and that the function can resolve public names`;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET') return `${host} refused or dropped the connection (${code}); it is tried again at the next run`;
  return `cannot reach ${host} (${code}); it is tried again at the next run`;
}
