import { startPassThrough } from '../../emulator/pass-through';

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
  const proxy = await startPassThrough(moto, ({ request, body, status }) => {
    if (status === 200 && request.method === 'POST' && SEND_EMAIL.test(request.url ?? '')) mails.push(recorded(recorder.day, body));
  });
  return Object.assign(recorder, { endpoint: proxy.endpoint, mails, close: () => proxy.close() });
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
