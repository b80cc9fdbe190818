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
  /** Operator event: user name(s) to rotate now whatever their keys' age, or "*" for every user that is not exempt. */
  readonly ForceRotate?: string | readonly string[];
  /** With ForceRotate: deactivate the replaced keys in the same run, once the new keys are stored. */
  readonly DeactivateOld?: boolean | string;
  /** Operator event: reactivate the key this tool most recently deactivated for this user, and hold the user. */
  readonly Reactivate?: string;
  /**
   * Set by the inventory when EnforcedScope is: whether the account is inside it
   * (OU membership resolved once per run). It can only ever add audit mode.
   */
  readonly enforcedScope?: 'inside' | 'outside';
  /** Set by the inventory: ties the admin digest of one scheduled run together. */
  readonly runId?: string;
  /** Set by the inventory: how many accounts the run enqueued, so the digest knows when it is complete. */
  readonly expectedAccounts?: number;
}
