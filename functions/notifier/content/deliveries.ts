import type { ResultAction, ResultDelivery } from '../../core/messages/notification';
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

/** For the table: where the new key went, or which targets lack it. */
export function deliveryDetail(action: ResultAction): string | undefined {
  if (action.deliveries && action.deliveries.length > 0) {
    return `delivered: ${action.deliveries.map((item) => (item.delivered ? item.target : `${item.target} FAILED (${item.failure ?? 'error'})`)).join(', ')}`;
  }
  if (action.pendingDeliveries && action.pendingDeliveries.length > 0) {
    return `new key not yet at: ${action.pendingDeliveries.map((item) => `${item.target} (${item.failure})`).join(', ')}`;
  }
  return undefined;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

/** "06:00 UTC": the time of the first delivery (one run delivers within seconds). */
function clock(items: readonly ResultDelivery[]): string {
  return `${(items[0]?.at ?? '').slice(11, 16)} UTC`;
}
