import { ProblemError } from '../../functions/core/errors/named-error';

/** A flag or combination of flags the command cannot run with; the message names the flag. */
export class PlanUsageError extends ProblemError {
  override readonly name = 'PlanUsageError';
}

/** A setting the rotation function would refuse at cold start; the message names the parameter and its flag. */
export class PlanSettingError extends ProblemError {
  override readonly name = 'PlanSettingError';
}

/** The command tried to send an AWS request that is not a read; it was stopped before it was sent. */
export class ReadOnlyViolationError extends ProblemError {
  override readonly name = 'ReadOnlyViolationError';
}

/** The stack named by --stack could not be read, or is not the main stack. */
export class StackReadError extends ProblemError {
  override readonly name = 'StackReadError';
}
