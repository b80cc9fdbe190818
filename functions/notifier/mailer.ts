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
