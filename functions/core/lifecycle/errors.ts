import { ProblemError } from '../errors/named-error';
import type { SettingName } from './constraints';

/**
 * A lifecycle setting, or a combination of them, is not usable. `settings`
 * names the template parameters involved (the one most likely wrong first),
 * and so does the start of the message: that is what users edit.
 */
export class InvalidSettingError extends ProblemError {
  override readonly name = 'InvalidSettingError';
  readonly settings: readonly SettingName[];

  constructor(settings: SettingName | readonly SettingName[], problem: string) {
    const names = typeof settings === 'string' ? [settings] : [...settings];
    super(names.join(', '), problem);
    this.settings = names;
  }

  /** The first parameter named. */
  get setting(): SettingName {
    return this.settings[0] as SettingName;
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
 * The engine produced a plan that breaks one of its own invariants
 * (docs/design.md#4-key-lifecycle). It is a bug; throwing stops that user's
 * plan from ever being applied.
 */
export class LifecycleInvariantError extends UserProblemError {
  override readonly name = 'LifecycleInvariantError';
}
