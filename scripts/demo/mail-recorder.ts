import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One email the notifier sent and SES (moto) accepted, both parts as sent. */
export interface RecordedMail {
  /** The demo day it went out on (0 = the demo start). */
  readonly day: number;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface MailRecorder {
  /** Where the SES v2 client should send its requests (AWS_ENDPOINT_URL_SESV2). */
  readonly endpoint: string;
  readonly mails: RecordedMail[];
  /** The demo day that mails from now on belong to. */
  day: number;
  close(): Promise<void>;
}

interface SendEmailBody {
  readonly FromEmailAddress?: string;
  readonly Destination?: { readonly ToAddresses?: readonly string[] };
  readonly Content?: {
    readonly Simple?: {
      readonly Subject?: { readonly Data?: string };
      readonly Body?: { readonly Html?: { readonly Data?: string }; readonly Text?: { readonly Data?: string } };
    };
  };
}

const SEND_EMAIL = /^\/v2\/email\/outbound-emails\/?(\?|$)/;

/**
 * The demo's emails come from moto's SES, which keeps only one body of each
 * mail (the HTML when there is one: GET /moto-api/data.json). To write the
 * text part too, the notifier's SES v2 client is pointed at this pass-through
 * (AWS_ENDPOINT_URL_SESV2): every request goes on to moto unchanged, and a
 * SendEmail that moto accepted is written down as it was sent. moto stays the
 * judge of what was sent (an unverified sender is still refused).
 */
export async function startMailRecorder(moto: string): Promise<MailRecorder> {
  const mails: RecordedMail[] = [];
  const recorder = { day: 0 };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...request.headers };
      delete headers.host;
      fetch(`${moto}${request.url ?? '/'}`, { method: request.method ?? 'GET', headers: headers as Record<string, string>, ...(body.length > 0 ? { body } : {}) })
        .then(async (answer) => {
          const payload = Buffer.from(await answer.arrayBuffer());
          if (answer.ok && request.method === 'POST' && SEND_EMAIL.test(request.url ?? '')) mails.push(recorded(recorder.day, body));
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
  return Object.assign(recorder, {
    endpoint: `http://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

function recorded(day: number, body: Buffer): RecordedMail {
  const request = JSON.parse(body.toString('utf8')) as SendEmailBody;
  const simple = request.Content?.Simple;
  return {
    day,
    from: request.FromEmailAddress ?? '',
    to: request.Destination?.ToAddresses ?? [],
    subject: simple?.Subject?.Data ?? '',
    html: simple?.Body?.Html?.Data ?? '',
    text: simple?.Body?.Text?.Data ?? '',
  };
}
