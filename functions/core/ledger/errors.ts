import { StepError } from '../errors/named-error';

/** The ledger could not be read or written for a reason other than its absence or a broken body. */
export class LedgerStoreError extends StepError {
  override readonly name = 'LedgerStoreError';
  constructor(operation: string, key: string, options: { cause: unknown }) {
    super(key, `${operation} ${key}`, options);
  }
}
