import type { ResultAction, ResultDelivery } from '../../core/messages/notification';
import { longDate } from './dates';
import type { Todo } from './todo';

/**
 * Where a new key went (issue 21), in the owner's words: "delivered to GitHub
 * acme/app (environment production) and SSM /iam-key-rotation/ci-deployer
 * (us-east-1) at 06:00 UTC", and what is left for them to do.
 */
export function deliveryTodos(name: string, action: ResultAction): Todo[] {
  const deliveries = action.deliveries ?? [];
  if (deliveries.length === 0) return [];
  const done = deliveries.filter((item) => item.delivered);
  const failed = deliveries.filter((item) => !item.delivered);
  const out: Todo[] = [];
  if (done.length > 0) {
    const rest = failed.length === 0 ? ' Nothing is left to copy by hand; switch any other place that uses the old key.' : '';
    out.push({ level: 'info', text: `${name}'s new key was delivered to ${list(done.map((item) => item.target))} at ${clock(done)}.${rest}` });
  }
  if (failed.length > 0) {
    out.push({
      level: 'critical',
      text:
        `${name}'s new key could not be delivered to ${list(failed.map((item) => `${item.target} (${item.failure ?? 'failed'})`))}. ` +
        'The old key stays active while a target lacks the new one, and delivery is tried again at every run; fix the target (its token or permissions) or ask your administrator.',
    });
  }
  return out;
}

/** The replaced key a later run's delivery let go: switched off in the same run, at its date or past it. */
export interface RetiredOldKey {
  readonly keyId: string;
  /** When its deactivation was due. */
  readonly dueAt: string;
  /** When it is deleted (its recovery period ends). */
  readonly deletedOn: string;
}

/**
 * A DELIVER: targets the new key had failed to reach at an earlier run got it
 * at this one. The owner was told to fix them; this tells them it resolved,
 * and what the run did with the old key because of it (only what it did).
 * `pendingTold`: the same mail has the postponement that names the targets
 * still lacking the key (a CRITICAL line, above this one); not said twice.
 */
export function redeliveryTodo(name: string, action: ResultAction, retired: RetiredOldKey | undefined, pendingTold = false): Todo {
  const reached = (action.deliveries ?? []).filter((item) => item.delivered);
  const at = reached[0]?.at ?? action.dueAt;
  const first = `${name}'s new key ${action.keyId} reached ${list(reached.map((item) => item.target))} on a later run, at ${clock(reached)} on ${longDate(at)}.`;
  const pending = action.pendingDeliveries ?? [];
  if (pending.length > 0 && pendingTold) return { level: 'info', text: `${first} The targets that still lack it are named above.` };
  if (pending.length > 0) {
    return {
      level: 'info',
      text: `${first} It still lacks ${list(pending.map((item) => `${item.target} (${item.failure})`))}: the old key stays active while a target lacks the new one, and delivery is tried again at every run.`,
    };
  }
  if (!retired) return { level: 'info', text: `${first} Nothing is left to copy by hand.` };
  const kept = retired.dueAt.slice(0, 10) < at.slice(0, 10);
  const off = kept
    ? `, so the old key ${retired.keyId}, kept on past ${longDate(retired.dueAt)} while a target lacked the new one, was switched off in this run.`
    : `, and the old key ${retired.keyId} was switched off today, as scheduled.`;
  return { level: 'info', text: `${first} Nothing is left to copy by hand${off} It is deleted on ${longDate(retired.deletedOn)}; until then your administrator can switch it back on.` };
}

/** The POSTPONE of a replaced key whose successor has not reached every target. */
export function pendingTodo(name: string, action: ResultAction, longDate: (iso: string) => string): Todo {
  const pending = list((action.pendingDeliveries ?? []).map((item) => `${item.target} (${item.failure})`));
  const latest = action.deadline ? ` It is switched off on ${longDate(action.deadline)} at the latest, delivered or not.` : '';
  return {
    level: 'critical',
    ...(action.deadline ? { by: action.deadline } : {}),
    text: `${name}'s old access key ${action.keyId} was kept on past ${longDate(action.dueAt)}: the new key has not reached ${pending} yet.${latest} Fix that target, or copy the new key there from its secret.`,
  };
}

/** For the table: where the new key went, and which targets (still) lack it. */
export function deliveryDetail(action: ResultAction): string | undefined {
  const parts: string[] = [];
  if (action.deliveries && action.deliveries.length > 0) {
    parts.push(`delivered: ${action.deliveries.map((item) => (item.delivered ? item.target : `${item.target} FAILED (${item.failure ?? 'error'})`)).join(', ')}`);
  }
  // A ROTATE names its failures among its deliveries; a POSTPONE, a DEACTIVATE at its end, and a DELIVER that reached only some targets name the rest here.
  if (action.pendingDeliveries && action.pendingDeliveries.length > 0) {
    parts.push(`new key not yet at: ${action.pendingDeliveries.map((item) => `${item.target} (${item.failure})`).join(', ')}`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** "06:00 UTC": the time of the first delivery (one run delivers within seconds). */
function clock(items: readonly ResultDelivery[]): string {
  return `${(items[0]?.at ?? '').slice(11, 16)} UTC`;
}
