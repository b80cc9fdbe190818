import type { ResultAction, ResultDelivery, ResultUser } from '../../core/messages/notification';

/** A retry of this run that reached one or more targets its key had failed to reach at an earlier run. */
export interface Redelivery {
  readonly userName: string;
  /** The key delivered: the user's current key. */
  readonly keyId: string;
  /** The targets reached at this run. */
  readonly deliveries: readonly ResultDelivery[];
  /** The targets retried at this run that still lack it. */
  readonly pending: readonly { readonly target: string; readonly failure: string }[];
}

/**
 * The run's reported users with a DELIVER action for each retry that reached
 * a target: the owner who was told "could not be delivered" hears that it
 * was, and the admin's report says it once, as an action. No plan decides a
 * retry, so this is added to the plan's results, and a user with nothing
 * else to say is reported for it. Pure.
 */
export function withRedeliveries(users: readonly ResultUser[], redelivered: readonly Redelivery[], now: Date): ResultUser[] {
  const out = [...users];
  for (const retry of redelivered) {
    const action: ResultAction = {
      type: 'DELIVER',
      keyId: retry.keyId,
      reason: 'DELIVERY_RETRIED',
      severity: 'INFO',
      dueAt: now.toISOString(),
      outcome: 'DONE',
      deliveries: retry.deliveries,
      ...(retry.pending.length > 0 ? { pendingDeliveries: retry.pending } : {}),
    };
    const index = out.findIndex((user) => user.userName === retry.userName);
    const user = out[index];
    if (user) out[index] = { ...user, actions: [action, ...user.actions] };
    else out.push({ userName: retry.userName, actions: [action] });
  }
  return out;
}
