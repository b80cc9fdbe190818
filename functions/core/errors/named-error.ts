import { describeError } from './describe';

/**
 * The one shape of this project's errors. `name` is what logs, alarms and
 * tests match on; `subject` is the thing at fault, in the words of whoever
 * has to fix it (an event field, an environment variable, a role ARN, an AWS
 * call, a user); the message says what went wrong with it. Each function
 * names its own errors by extending one of the two forms below.
 */
export abstract class NamedError extends Error {
  abstract override readonly name: string;

  protected constructor(
    readonly subject: string,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** Something is wrong with one named thing: the message is `<subject>: <problem>`. */
export abstract class ProblemError extends NamedError {
  constructor(subject: string, problem: string, options?: { cause: unknown }) {
    super(subject, `${subject}: ${problem}`, options);
  }
}

/** A step failed because a call it made threw: the message is `<what>: <the cause, described>`. */
export abstract class StepError extends NamedError {
  constructor(subject: string, what: string, options: { cause: unknown }) {
    super(subject, `${what}: ${describeError(options.cause)}`, options);
  }
}

/** A call on one stored object (an S3 key) threw: the message is `<operation> <key> failed: <the cause>`. */
export abstract class ObjectStepError extends StepError {
  constructor(
    readonly operation: string,
    readonly key: string,
    options: { cause: unknown },
  ) {
    super(key, `${operation} ${key} failed`, options);
  }
}
