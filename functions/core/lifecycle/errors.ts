import type { SettingName } from './settings';

/** A lifecycle setting is not usable; `setting` is the template parameter's name, and so is the message's first word. */
export class InvalidSettingError extends Error {
  override readonly name = 'InvalidSettingError';
  constructor(
    readonly setting: SettingName,
    problem: string,
  ) {
    super(`${setting}: ${problem}`);
  }
}

/**
 * The keys handed to the engine cannot describe a real IAM user (more than two
 * keys, a repeated id, an invalid date). The engine refuses rather than guess:
 * a guess here could delete a key someone depends on.
 */
export class InvalidPlanInputError extends Error {
  override readonly name = 'InvalidPlanInputError';
  constructor(
    readonly userName: string,
    problem: string,
  ) {
    super(`${userName}: ${problem}`);
  }
}

/** A plan cannot be carried out on the given keys (it names a key that is not there, or would exceed the two-key limit). */
export class PlanSimulationError extends Error {
  override readonly name = 'PlanSimulationError';
  constructor(
    readonly userName: string,
    problem: string,
  ) {
    super(`${userName}: ${problem}`);
  }
}

/**
 * The engine produced a plan that breaks one of its own invariants (DESIGN.md
 * section 4). It is a bug; throwing stops that user's plan from ever being applied.
 */
export class LifecycleInvariantError extends Error {
  override readonly name = 'LifecycleInvariantError';
  constructor(
    readonly userName: string,
    problem: string,
  ) {
    super(`${userName}: ${problem}`);
  }
}
