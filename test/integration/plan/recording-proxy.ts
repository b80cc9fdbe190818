import type http from 'node:http';
import { startPassThrough } from '../../../emulator/pass-through';

/** One request as it went over the wire: the service from the signature's scope, the operation from the protocol. */
export interface RecordedRequest {
  readonly service: string;
  readonly operation: string;
}

export interface RecordingProxy {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of moto that writes down every request it passes
 * on. It sees what the process really sent, whatever middleware the clients
 * had, so it can check the plan's read-only guard from outside.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  // Every request is written down, whatever moto answered.
  const proxy = await startPassThrough(target, ({ request, body }) => requests.push(describe(request, body.toString('utf8'))));
  return { endpoint: proxy.endpoint, requests, close: () => proxy.close() };
}

function describe(request: http.IncomingMessage, body: string): RecordedRequest {
  const authorization = String(request.headers.authorization ?? '');
  const service = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(authorization)?.[1] ?? '?';
  const target = request.headers['x-amz-target'];
  // JSON protocols name the operation in X-Amz-Target ("AWSOrganizationsV20161128.ListAccounts"); query protocols in the body.
  const operation =
    typeof target === 'string' ? (target.split('.').at(-1) ?? '?') : (new URLSearchParams(body).get('Action') ?? new URL(request.url ?? '/', 'http://x').searchParams.get('Action') ?? `${request.method} ${request.url}`);
  return { service, operation };
}
