import { scrubber } from '../core/scrub/scrub';

/** A rendered email, ready for either transport. */
export interface OutgoingEmail {
  readonly to: readonly string[];
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface Mailer {
  readonly transport: 'ses' | 'smtp';
  /** Resolves to the provider's message id; rejects with a SendError that says whether to retry. */
  send(email: OutgoingEmail): Promise<string>;
}

/**
 * The last step before a mail leaves: subject, both bodies and the
 * addresses pass the one scrubber. The messages were scrubbed when queued;
 * this also covers what the notifier itself adds (an error it reports, a
 * value of a console payload).
 */
export function scrubbingMailer(mailer: Mailer): Mailer {
  return {
    transport: mailer.transport,
    send: (email) => mailer.send(scrubber.value(email)),
  };
}
