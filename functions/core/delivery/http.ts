import { DeliveryHttpError, DeliveryNetworkError } from './errors';

/** How long one request may take. A Lambda in a VPC without a route would otherwise hang until its own timeout. */
export const REQUEST_TIMEOUT_MS = 10_000;

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface HttpRequest {
  readonly method: 'GET' | 'PUT' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** The target in the error's words ("GitHub acme/app"). */
  readonly target: string;
  /** The step in the error's words ("reading the public key"). */
  readonly step: string;
  /** Statuses that are answers, not failures (404 before a create). */
  readonly accept?: readonly number[];
}

export type Send = (request: HttpRequest) => Promise<JsonResponse>;

/**
 * One JSON request over the runtime's fetch. A failure is a DeliveryError
 * built from the status or the network code only: response bodies may echo
 * what was sent, and are never put into a message.
 */
export const sendJson: Send = async (request) => {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: { accept: 'application/json', 'user-agent': 'iam-key-rotation', ...request.headers, ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new DeliveryNetworkError(request.target, new URL(request.url).host, networkCode(error), { cause: error });
  }
  const text = await response.text();
  if (!response.ok && !(request.accept ?? []).includes(response.status)) throw new DeliveryHttpError(request.target, request.step, response.status);
  return { status: response.status, body: parseJson(text) };
};

/**
 * The code of a fetch failure: undici puts it on the cause (or on one of its
 * errors, for a host with several addresses); an abort by the timeout has
 * none. Duck-typed: the error may come from another realm than this code's Error.
 */
export function networkCode(error: unknown): string {
  const failure = error as { name?: unknown; cause?: { code?: unknown; errors?: readonly { code?: unknown }[] } } | undefined;
  if (failure?.name === 'TimeoutError' || failure?.name === 'AbortError') return 'TIMEOUT';
  const cause = failure?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  const first = cause?.errors?.find((item) => typeof item.code === 'string')?.code;
  return typeof first === 'string' ? first : 'NETWORK_ERROR';
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
