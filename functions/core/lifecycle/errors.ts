import { ProblemError } from '../errors/named-error';
import type { SettingName } from './settings';

/** A lifecycle setting is not usable; `setting` is the template parameter's name, and so is the message's first word. */
export class InvalidSettingError extends ProblemError {
  override readonly name = 'InvalidSettingError';
  constructor(
    readonly setting: SettingName,
    problem: string,
  ) {
    super(setting, problem);
  }
}

/** Errors about one user's keys: the message starts with the user's name. */
abstract class UserProblemError extends ProblemError {
  constructor(userName: string, problem: string) {
    super(userName, problem);
  }

  get userName(): string {
    return this.subject;
  }
}

/**
 * The keys handed to the engine cannot describe a real IAM user (more than two
 * keys, a repeated id, an invalid date). The engine refuses rather than guess:
 * a guess here could delete a key someone depends on.
 */
export class InvalidPlanInputError extends UserProblemError {
  override readonly name = 'InvalidPlanInputError';
}

/** A plan cannot be carried out on the given keys (it names a key that is not there, or would exceed the two-key limit). */
export class PlanSimulationError extends UserProblemError {
  override readonly name = 'PlanSimulationError';
}

/**
 * The engine produced a plan that breaks one of its own invariants (DESIGN.md
 * section 4). It is a bug; throwing stops that user's plan from ever being applied.
 */
export class LifecycleInvariantError extends UserProblemError {
  override readonly name = 'LifecycleInvariantError';
}
