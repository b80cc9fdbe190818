/**
 * Named failures of the rotation function. Event and configuration errors stop
 * an invocation before any AWS call; account-level errors fail that account's
 * message (SQS retries it, then the dead-letter queue and its alarm take over);
 * user-level errors are reported and never stop the other users.
 */
import { describeError } from '../core/errors/describe';
import { NamedError, ProblemError, StepError } from '../core/errors/named-error';

/** The invocation event (or one SQS message body) is malformed. `field` names the offending key. */
export class RotationEventError extends ProblemError {
  override readonly name = 'RotationEventError';
  get field(): string {
    return this.subject;
  }
}

/** The role in the member (or central) account could not be assumed: nothing in that account was examined. */
export class AssumeRoleError extends StepError {
  override readonly name = 'AssumeRoleError';
  constructor(roleArn: string, options: { cause: unknown }) {
    super(roleArn, `could not assume ${roleArn}`, options);
  }

  get roleArn(): string {
    return this.subject;
  }
}

/** Listing users, keys or the credential report failed: a partial view must never pass for a complete one. */
export class ObserveError extends NamedError {
  override readonly name = 'ObserveError';
  constructor(operation: string, problem: string, options?: { cause: unknown }) {
    super(operation, `${operation} failed: ${problem}`, options);
  }

  get operation(): string {
    return this.subject;
  }
}

/** The credential report could not be had within the bounded wait; the caller falls back to per-user listing. */
export class CredentialReportUnavailableError extends NamedError {
  override readonly name = 'CredentialReportUnavailableError';
  constructor(message: string, options?: { cause: unknown }) {
    super('credential report', message, options);
  }
}

/** A planned action would break an invariant of docs/design.md#4-key-lifecycle: leave a user without an active key (4), delete an active key (5). */
export class InvariantViolationError extends NamedError {
  override readonly name = 'InvariantViolationError';
  constructor(invariant: string, message: string) {
    super(invariant, message);
  }
}

/** Storing a new key failed; the key was deleted again. */
export class SecretStoreError extends StepError {
  override readonly name = 'SecretStoreError';
  constructor(step: string, options: { cause: unknown }) {
    super(step, `${step} failed`, options);
  }

  get step(): string {
    return this.subject;
  }
}

/** The tool's record of what it deactivated (user tag IAMKeyRotationDeactivated) could not be written; the key stays active. */
export class DeactivationRecordError extends StepError {
  override readonly name = 'DeactivationRecordError';
  constructor(keyId: string, options: { cause: unknown }) {
    super(keyId, `recording the deactivation of ${keyId} on the user (TagUser IAMKeyRotationDeactivated) failed, so the key was left active`, options);
  }
}

/** A Reactivate event could not be carried out; `subject` is the user. */
export class ReactivationError extends ProblemError {
  override readonly name = 'ReactivationError';
}

/** Queuing the notifications failed after retries; the run's outcome is in the log. */
export class NotificationQueueError extends NamedError {
  override readonly name = 'NotificationQueueError';
  constructor(message: string) {
    super('notification queue', message);
  }
}

export { describeError };

/** The SDK error code (`name`) of anything thrown, for branching on service errors. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
