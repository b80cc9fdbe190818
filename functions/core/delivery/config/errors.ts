import { ProblemError } from '../../errors/named-error';

/** The delivery configuration is wrong: the message names the field and its line, so a reviewer can find it. */
export class DeliveryConfigError extends ProblemError {
  override readonly name = 'DeliveryConfigError';
  constructor(
    readonly field: string,
    readonly line: number | undefined,
    problem: string,
  ) {
    super(line === undefined ? field : `${field} (line ${line})`, problem);
  }
}
