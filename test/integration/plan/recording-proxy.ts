import http from 'node:http';
import type { AddressInfo } from 'node:net';

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
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push(describe(request, body.toString('utf8')));
      const headers = { ...request.headers };
      delete headers.host;
      fetch(`${target}${request.url ?? '/'}`, {
        method: request.method ?? 'GET',
        headers: headers as Record<string, string>,
        ...(body.length > 0 ? { body } : {}),
      })
        .then(async (answer) => {
          const payload = Buffer.from(await answer.arrayBuffer());
          const forwarded: Record<string, string> = {};
          answer.headers.forEach((value, name) => {
            if (name !== 'content-encoding' && name !== 'transfer-encoding' && name !== 'content-length') forwarded[name] = value;
          });
          response.writeHead(answer.status, { ...forwarded, 'content-length': String(payload.length) });
          response.end(payload);
        })
        .catch((error: Error) => {
          response.writeHead(502);
          response.end(error.message);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
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
