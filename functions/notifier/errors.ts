/**
 * Named failures of the notifier. The distinction that matters is whether a
 * retry can help: a transient failure returns the SQS message to the queue
 * (batch item failure), a permanent one is logged and counted and the message
 * is dropped, so one bad address cannot loop until the DLQ fills.
 */

import { describeError as describe } from '../core/errors/describe';
import { ObjectStepError, ProblemError, StepError } from '../core/errors/named-error';

/** The invocation event (or one field of it) is malformed; thrown before any AWS call. */
export class NotifierEventError extends ProblemError {
  override readonly name = 'NotifierEventError';
  get field(): string {
    return this.subject;
  }
}

/** A queued NotificationMessage does not match the contract; `field` is the offending path. */
export class NotificationMessageError extends ProblemError {
  override readonly name = 'NotificationMessageError';
  get field(): string {
    return this.subject;
  }
}

export type FailureKind = 'transient' | 'permanent';

/** Sending failed; `kind` says whether the same mail may succeed later. */
export class SendError extends StepError {
  override readonly name = 'SendError';
  constructor(
    readonly kind: FailureKind,
    readonly code: string,
    readonly recipients: readonly string[],
    options: { cause: unknown },
  ) {
    super(recipients.join(', '), `${kind} failure sending to ${recipients.join(', ')}`, options);
  }
}

/** The template could not be read for a reason other than its absence (e.g. S3 throttling). */
export class TemplateLoadError extends StepError {
  override readonly name = 'TemplateLoadError';
  constructor(
    readonly key: string,
    options: { cause: unknown },
  ) {
    super(key, `could not read email template s3 key ${key}`, options);
  }
}

/** Reading a closed run's digest from S3 failed; the message is retried. */
export class DigestStoreError extends ObjectStepError {
  override readonly name = 'DigestStoreError';
}

/** The SMTP credentials could not be read from SSM (VPC mode). */
export class SmtpCredentialsError extends StepError {
  override readonly name = 'SmtpCredentialsError';
  constructor(
    readonly parameter: string,
    options: { cause: unknown },
  ) {
    super(parameter, `could not read SSM parameter ${parameter}`, options);
  }
}

export { describe };

/** The AWS error code of an SDK exception (its name), or the Node error code of a socket error. */
export function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'Unknown';
  const record = error as { name?: unknown; code?: unknown };
  if (typeof record.code === 'string' && record.code.length > 0 && record.name === 'Error') return record.code;
  if (typeof record.name === 'string' && record.name.length > 0) return record.name;
  return 'Unknown';
}
