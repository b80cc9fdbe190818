/** Size and timeout of each function. */
import type { FunctionKey } from '../../contract/names';

export interface FunctionSettings {
  readonly description: string;
  readonly memory: number;
  /** Seconds. */
  readonly timeout: number;
}

export const FUNCTION_SETTINGS: Record<FunctionKey, FunctionSettings> = {
  // One account per invocation: thousands of users, a credential report, throttled IAM calls.
  rotation: { description: 'Observes, plans and rotates the IAM user access keys of one account (SQS or console event).', memory: 512, timeout: 900 },
  // Lists the Organization and enqueues one message per account.
  inventory: { description: 'Lists the Organization\'s active accounts daily and enqueues one rotation message per account.', memory: 256, timeout: 300 },
  // Renders and sends a batch of emails.
  notifier: { description: 'Emails account owners, key owners and the administrator what rotation did and will do.', memory: 256, timeout: 120 },
};

/** Lambda runtime and handler shared by the three bundles (CommonJS, `handler` exported from index.js). */
export const RUNTIME = { runtime: 'nodejs22.x', architecture: 'arm64', handler: 'index.handler' } as const;

/** Accounts processed at once is a parameter; emails are sent by at most this many notifiers (SES rate). */
export const NOTIFIER_MAX_CONCURRENCY = 2;
