/**
 * What the inventory enqueues for the rotation function, one per account. The
 * same shape (plus ForceRotate) is what users type into the Lambda console,
 * kept from the classic solution.
 */
export interface RotationRequest {
  readonly account: string;
  readonly name?: string;
  readonly email?: string;
  /** Audit mode for this run only: changes nothing, still reports. */
  readonly dryrun?: boolean | string;
  /** Console only: user name(s) to rotate now whatever their keys' age. */
  readonly ForceRotate?: string | readonly string[];
  /** Set by the inventory: ties the admin digest of one scheduled run together. */
  readonly runId?: string;
  /** Set by the inventory: how many accounts the run enqueued, so the digest knows when it is complete. */
  readonly expectedAccounts?: number;
}
