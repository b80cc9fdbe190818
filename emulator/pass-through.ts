import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the client sent it, and the status of the answer (502: moto could not be reached). */
export interface Exchange {
  readonly request: http.IncomingMessage;
  readonly body: Buffer;
  readonly status: number;
}

export interface PassThrough {
  /** Where to point a client instead of moto (an SDK endpoint). */
  readonly endpoint: string;
  close(): Promise<void>;
}

/**
 * An HTTP server on loopback that hands every request on to `target` (moto)
 * unchanged and its answer back, and tells `observe` about each exchange.
 * It sees what a process really sent, whatever middleware its clients had:
 * the plan's read-only test records the operations, the demo the emails.
 */
export async function startPassThrough(target: string, observe: (exchange: Exchange) => void): Promise<PassThrough> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...request.headers };
      delete headers.host;
      fetch(`${target}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers: headers as Record<string, string>, ...(body.length > 0 ? { body } : {}) })
        .then(async (answer) => {
          const payload = Buffer.from(await answer.arrayBuffer());
          observe({ request, body, status: answer.status });
          const forwarded: Record<string, string> = {};
          answer.headers.forEach((value, name) => {
            if (name !== 'content-encoding' && name !== 'transfer-encoding' && name !== 'content-length') forwarded[name] = value;
          });
          response.writeHead(answer.status, { ...forwarded, 'content-length': String(payload.length) });
          response.end(payload);
        })
        .catch((error: Error) => {
          observe({ request, body, status: 502 });
          response.writeHead(502);
          response.end(error.message);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
