/** What moto's SES received, summarised for the demo's closing table. */
interface SentMessage {
  readonly source?: string;
  readonly destinations?: { ToAddresses?: string[] } | string[];
  readonly subject?: string;
}

function recipients(message: SentMessage): string[] {
  const d = message.destinations;
  if (Array.isArray(d)) return d;
  return d?.ToAddresses ?? [];
}

export async function sentEmails(endpoint: string): Promise<SentMessage[]> {
  const response = await fetch(`${endpoint}/moto-api/data.json`);
  const data = (await response.json()) as { ses?: { Message?: SentMessage[] } };
  return data.ses?.Message ?? [];
}

export function summariseEmails(messages: readonly SentMessage[]): string {
  const byRecipient = new Map<string, number>();
  for (const message of messages) {
    for (const to of recipients(message)) byRecipient.set(to, (byRecipient.get(to) ?? 0) + 1);
  }
  const rows = [...byRecipient.entries()].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(9, ...rows.map(([to]) => to.length));
  const subjects = new Map<string, number>();
  for (const message of messages) {
    const subject = (message.subject ?? '').replace(/\d{12}/g, '<account>').replace(/\d{4}-\d{2}-\d{2}/g, '<date>');
    subjects.set(subject, (subjects.get(subject) ?? 0) + 1);
  }
  return [
    `${messages.length} emails sent`,
    ...rows.map(([to, n]) => `  ${to.padEnd(width)}  ${n}`),
    'by subject:',
    ...[...subjects.entries()].sort(([, a], [, b]) => b - a).map(([s, n]) => `  ${String(n).padStart(3)}  ${s}`),
  ].join('\n');
}

export interface EmailTotals {
  readonly total: number;
  readonly digests: number;
  /** The key owner who got the most mail, and how much. */
  readonly busiestOwner?: { readonly email: string; readonly count: number };
}

/** The admin digest's subject, as functions/notifier/subjects.ts writes it. */
const DIGEST_SUBJECT = /^(\[[A-Za-z]+\] )*IAM access key rotation digest /;

export function emailTotals(mails: readonly { readonly to: readonly string[]; readonly subject: string }[], owners: ReadonlySet<string>): EmailTotals {
  const perOwner = new Map<string, number>();
  for (const mail of mails) for (const to of mail.to) if (owners.has(to)) perOwner.set(to, (perOwner.get(to) ?? 0) + 1);
  const busiest = [...perOwner.entries()].sort(([a, m], [b, n]) => n - m || a.localeCompare(b))[0];
  return {
    total: mails.length,
    digests: mails.filter((mail) => DIGEST_SUBJECT.test(mail.subject)).length,
    ...(busiest ? { busiestOwner: { email: busiest[0], count: busiest[1] } } : {}),
  };
}

/** The closing line: how much mail this run sent, and the most one key owner got. */
export function totalsLines(totals: EmailTotals, days: number): string[] {
  const owner = totals.busiestOwner ? `; at most ${totals.busiestOwner.count} to one key owner (${totals.busiestOwner.email})` : '';
  return [`emails: ${totals.total} in ${days} days, ${totals.digests} of them digests${owner}`];
}
