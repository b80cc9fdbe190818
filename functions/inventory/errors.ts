/**
 * Named failures of an inventory run. Each one fails the invocation, so the
 * Lambda error metric and its alarm see it; none of them is ever swallowed
 * (the classic inventory logged listing errors and reported success).
 */
import { describeError as describe } from '../core/errors/describe';
import { NamedError, ProblemError, StepError } from '../core/errors/named-error';

/** The invocation event is malformed; thrown before any AWS call. `field` is the offending key. */
export class InventoryEventError extends ProblemError {
  override readonly name = 'InventoryEventError';
  get field(): string {
    return this.subject;
  }
}

/** The list-accounts role could not be assumed, so nothing could be listed. */
export class AssumeListRoleError extends StepError {
  override readonly name = 'AssumeListRoleError';
  constructor(roleArn: string, options: { cause: unknown }) {
    super(roleArn, `could not assume ${roleArn}`, options);
  }

  get roleArn(): string {
    return this.subject;
  }
}

/** Listing the Organization failed part way: the inventory is incomplete and nothing was enqueued. */
export class OrganizationListingError extends NamedError {
  override readonly name = 'OrganizationListingError';
  constructor(
    readonly operation: string,
    readonly target: string | undefined,
    problem: string,
    options?: { cause: unknown },
  ) {
    super(operation, `${operation}${target ? ` (${target})` : ''} failed: ${problem}; nothing was enqueued`, options);
  }
}

export interface FailedEntry {
  readonly account: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Some rotation requests could not be enqueued, even after retries. The rest
 * were: a rerun enqueues them again, which the rotation function tolerates
 * (it is idempotent).
 */
export class EnqueueError extends NamedError {
  override readonly name = 'EnqueueError';
  constructor(
    /** Entries SQS rejected; with a `cause`, the batches never sent are not listed one by one. */
    readonly failed: readonly FailedEntry[],
    readonly enqueued: number,
    readonly total: number,
    options?: { cause: unknown },
  ) {
    const accounts = failed.map((entry) => `${entry.account} (${entry.code})`).join(', ');
    const because = options ? `; stopped by ${describe(options.cause)}` : '';
    super(
      'rotation queue',
      `${total - enqueued} of ${total} rotation request(s) not enqueued after retries` + `${accounts ? `: ${accounts}` : ''}${because}`,
      options,
    );
  }
}

export { describe };
