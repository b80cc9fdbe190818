import { StepError } from '../errors/named-error';

/** The ledger could not be read or written for a reason other than its absence or a broken body. */
export class LedgerStoreError extends StepError {
  override readonly name = 'LedgerStoreError';
  constructor(operation: string, key: string, options: { cause: unknown }) {
    super(key, `${operation} ${key}`, options);
  }
}

/**
 * A conditional write found the ledger changed since the run read it (S3 412
 * PreconditionFailed), or another write of it under way (409
 * ConditionalRequestConflict): another run of the same account wrote it.
 */
export class LedgerConflictError extends StepError {
  override readonly name = 'LedgerConflictError';
  constructor(key: string, options: { cause: unknown }) {
    super(key, `PutObject ${key}: another run of the account wrote it since this run read it`, options);
  }
}
