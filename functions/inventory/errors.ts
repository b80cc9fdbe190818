/**
 * Named failures of an inventory run. Each one fails the invocation, so the
 * Lambda error metric and its alarm see it; none of them is ever swallowed
 * (the classic inventory logged listing errors and reported success).
 */

import { describeError as describe } from '../core/errors/describe';
/** The invocation event is malformed; thrown before any AWS call. `field` is the offending key. */
export class InventoryEventError extends Error {
  override readonly name = 'InventoryEventError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** The list-accounts role could not be assumed, so nothing could be listed. */
export class AssumeListRoleError extends Error {
  override readonly name = 'AssumeListRoleError';
  constructor(
    readonly roleArn: string,
    options: { cause: unknown },
  ) {
    super(`could not assume ${roleArn}: ${describe(options.cause)}`, options);
  }
}

/** Listing the Organization failed part way: the inventory is incomplete and nothing was enqueued. */
export class OrganizationListingError extends Error {
  override readonly name = 'OrganizationListingError';
  constructor(
    readonly operation: string,
    readonly target: string | undefined,
    problem: string,
    options?: { cause: unknown },
  ) {
    super(`${operation}${target ? ` (${target})` : ''} failed: ${problem}; nothing was enqueued`, options);
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
export class EnqueueError extends Error {
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
      `${total - enqueued} of ${total} rotation request(s) not enqueued after retries` +
        `${accounts ? `: ${accounts}` : ''}${because}`,
      options,
    );
  }
}

export { describe };
