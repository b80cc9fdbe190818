/**
 * Named failures of the run's state and of closing a run. None of them fails
 * the account that triggered it once its result is stored: a run that could
 * not be closed now is closed at its straggler deadline (docs/run.md).
 */
import { ObjectStepError, ProblemError, StepError } from '../core/errors/named-error';

/** Reading, writing or listing a run's account results in S3 failed. */
export class RunStoreError extends ObjectStepError {
  override readonly name = 'RunStoreError';
}

/** A stored account result does not match the contract; `field` is the offending path. */
export class StoredResultError extends ProblemError {
  override readonly name = 'StoredResultError';
}

/** The run's key report (reports/<date>/keys.csv or keys.json) could not be written. */
export class AuditorFilesError extends StepError {
  override readonly name = 'AuditorFilesError';
  constructor(
    readonly key: string,
    options: { cause: unknown },
  ) {
    super(key, `could not write the key report to s3 key ${key}`, options);
  }
}

/** The digest message could not be put on the notification queue. */
export class DigestQueueError extends StepError {
  override readonly name = 'DigestQueueError';
  constructor(
    readonly runId: string,
    options: { cause: unknown },
  ) {
    super(runId, `could not queue the digest of run ${runId}`, options);
  }
}
