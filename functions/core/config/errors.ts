import { ProblemError } from '../errors/named-error';

/** A configuration value is missing or malformed; the message names the environment variable. */
export class ConfigError extends ProblemError {
  override readonly name = 'ConfigError';
  constructor(variable: string, problem: string) {
    super(variable, problem);
  }

  get variable(): string {
    return this.subject;
  }
}
