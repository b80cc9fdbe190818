import http from 'node:http';

/** One request as an emulated API received it, kept for the tests to read. */
export interface ReceivedRequest {
  readonly method: string;
  /** The raw path and query, as sent (percent-encoding kept). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
}

export type Handler = (request: ReceivedRequest, segments: readonly string[]) => Reply;

/** A planned failure: the next `times` requests whose path contains `pathContains` get `status`. */
export interface Fault {
  readonly status: number;
  readonly times?: number;
  readonly pathContains?: string;
}

export interface EmulatedApi {
  /** The API's base URL on loopback, base path included (https://HOST/api/v3 stands as http://127.0.0.1:PORT/api/v3). */
  readonly url: string;
  readonly received: ReceivedRequest[];
  fail(fault: Fault): void;
  /** Drops every planned failure that is left: the service is back. */
  recover(): void;
  close(): Promise<void>;
}

/**
 * A small JSON API on a free loopback port, for the GitHub and GitLab
 * emulators: it keeps every request, splits the path (after `basePath`) into
 * decoded segments for the handler, and answers planned faults first.
 */
export async function startApi(basePath: string, handle: Handler): Promise<EmulatedApi> {
  const received: ReceivedRequest[] = [];
  const faults: { status: number; left: number; pathContains?: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      const request: ReceivedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body };
      received.push(request);
      const reply = answer(request);
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });

  const answer = (request: ReceivedRequest): Reply => {
    const path = request.url.split('?')[0] ?? '';
    const fault = faults.find((candidate) => candidate.left > 0 && (candidate.pathContains === undefined || path.includes(candidate.pathContains)));
    if (fault) {
      fault.left -= 1;
      return { status: fault.status, body: { message: `emulated failure ${fault.status}` } };
    }
    if (!path.startsWith(basePath)) return { status: 404, body: { message: 'Not Found' } };
    const segments = path.slice(basePath.length).split('/').filter((part) => part !== '').map(decodeURIComponent);
    try {
      return handle(request, segments);
    } catch (error) {
      return { status: 500, body: { message: error instanceof Error ? error.message : String(error) } };
    }
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the emulated API has no port');
  return {
    url: `http://127.0.0.1:${address.port}${basePath}`,
    received,
    fail: (fault) => faults.push({ status: fault.status, left: fault.times ?? 1, ...(fault.pathContains !== undefined ? { pathContains: fault.pathContains } : {}) }),
    recover: () => faults.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
