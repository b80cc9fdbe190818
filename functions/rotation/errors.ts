/**
 * Named failures of the rotation function. Event and configuration errors stop
 * an invocation before any AWS call; account-level errors fail that account's
 * message (SQS retries it, then the dead-letter queue and its alarm take over);
 * user-level errors are reported and never stop the other users.
 */

import { describeError } from '../core/errors/describe';
/** The invocation event (or one SQS message body) is malformed. `field` names the offending key. */
export class RotationEventError extends Error {
  override readonly name = 'RotationEventError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** The role in the member (or central) account could not be assumed: nothing in that account was examined. */
export class AssumeRoleError extends Error {
  override readonly name = 'AssumeRoleError';
  constructor(
    readonly roleArn: string,
    options: { cause: unknown },
  ) {
    super(`could not assume ${roleArn}: ${describeError(options.cause)}`, options);
  }
}

/** Listing users, keys or the credential report failed: a partial view must never pass for a complete one. */
export class ObserveError extends Error {
  override readonly name = 'ObserveError';
  constructor(
    readonly operation: string,
    problem: string,
    options?: { cause: unknown },
  ) {
    super(`${operation} failed: ${problem}`, options);
  }
}

/** The credential report could not be had within the bounded wait; the caller falls back to per-user listing. */
export class CredentialReportUnavailableError extends Error {
  override readonly name = 'CredentialReportUnavailableError';
}

/** A planned action would leave a user that had an active key without one (DESIGN.md invariant 4). */
export class InvariantViolationError extends Error {
  override readonly name = 'InvariantViolationError';
}

/** Storing a new key failed; the key was deleted again. */
export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
  constructor(
    readonly step: string,
    options: { cause: unknown },
  ) {
    super(`${step} failed: ${describeError(options.cause)}`, options);
  }
}

/** Queuing the notifications failed after retries; the run's outcome is in the log. */
export class NotificationQueueError extends Error {
  override readonly name = 'NotificationQueueError';
}

export { describeError };

/** The SDK error code (`name`) of anything thrown, for branching on service errors. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
