import type { NotificationMessage } from '../../core/messages/notification';

/** The digest's delivery line (issue 21): how many deliveries of new keys were done and how many fail, and which. */
export interface DigestDeliveries {
  /** "Deliveries: 3 done, 1 failing"; empty when the run delivered nothing (no section then). */
  readonly summary: string;
  /** One line per failing delivery: account, user, target and why. */
  readonly failing: readonly string[];
}

export function digestDeliveries(reports: readonly NotificationMessage[], accountLabel: (report: NotificationMessage) => string): DigestDeliveries {
  let done = 0;
  const failing: string[] = [];
  for (const report of reports) {
    for (const user of report.users) {
      for (const action of user.actions) {
        // A ROTATE's deliveries, and a DELIVER's (targets reached at a later run); a POSTPONE's pending targets are told in its own row.
        if (action.type !== 'ROTATE' && action.type !== 'DELIVER') continue;
        for (const delivery of action.deliveries ?? []) {
          if (delivery.delivered) done += 1;
          else failing.push(`${accountLabel(report)} / ${user.userName}: ${delivery.target}: ${delivery.failure ?? 'failed'}`);
        }
      }
    }
  }
  if (done === 0 && failing.length === 0) return { summary: '', failing: [] };
  return { summary: `Deliveries: ${done} done, ${failing.length} failing`, failing };
}
