import { ObjectStepError } from '../errors/named-error';

/** Reading or writing a claim-once record in S3 failed; whatever asked for it is retried or tries again later. */
export class ClaimStoreError extends ObjectStepError {
  override readonly name = 'ClaimStoreError';
}

/** The AWS error code of an S3 SDK exception (its name). */
export function s3ErrorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'Unknown';
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && name.length > 0 ? name : 'Unknown';
}
