import type { NotificationMessage, ResultAction, ResultLastUse, ResultUser } from '../../core/messages/notification';
import { dayAfter, longDate, relativeDay } from './dates';
import { usedWhere } from '../../core/text/used-where';
import { deliveryTodos, pendingTodo, redeliveryTodo } from './deliveries';

/**
 * The first lines of a key owner's or account contact's mail: in plain words,
 * what the reader must do and by which date ("Switch alice to its new access
 * key … before 16 January 2026, when the old key … stops working"), what broke
 * and must be fixed now, then what merely happened. The table of actions comes
 * after them; run ids and partitions never appear.
 */
export type TodoLevel = 'critical' | 'action' | 'info';

export interface Todo {
  readonly level: TodoLevel;
  readonly text: string;
  /** When it must be done by (ISO), for the order within a level and the subject; absent: now, or nothing to do. */
  readonly by?: string;
  /** CloudTrail's evidence of where the key is still used, and any advice: lines of their own under the text. */
  readonly evidence?: readonly string[];
}

const ORDER: Readonly<Record<TodoLevel, number>> = { critical: 0, action: 1, info: 2 };

export function todos(message: NotificationMessage): Todo[] {
  const lines = message.users.flatMap((user) => userTodos(user, message));
  return lines
    .map((todo, index) => ({ todo, index }))
    .sort((a, b) => ORDER[a.todo.level] - ORDER[b.todo.level] || (a.todo.by ?? '').localeCompare(b.todo.by ?? '') || a.index - b.index)
    .map(({ todo }) => todo);
}

/** The earliest date something must be done by: the subject's "action needed by". */
export function earliestDeadline(lines: readonly Todo[]): string | undefined {
  return lines.filter((todo) => todo.level !== 'info' && todo.by !== undefined).map((todo) => todo.by as string).sort()[0];
}

function userTodos(user: ResultUser, message: NotificationMessage): Todo[] {
  const out: Todo[] = [];
  const now = message.generatedAt;
  const { inactiveBufferDays, recoveryGracePeriodDays } = message.settings;
  const name = user.userName;
  const rotation = user.actions.find((action) => action.type === 'ROTATE' && action.outcome === 'DONE');
  // A key retired in the run that replaced it is told together with its rotation.
  const retiredWithRotation = (action: ResultAction): boolean =>
    rotation !== undefined && action.type === 'DEACTIVATE' && action.keyId === rotation.keyId && action.outcome === 'DONE';
  // The old key switched off as scheduled once a later run's delivery left no target without the new key: told with that delivery.
  const redelivery = user.actions.find((action) => action.type === 'DELIVER' && action.outcome === 'DONE' && (action.pendingDeliveries ?? []).length === 0);
  const retiredWithDelivery = (action: ResultAction): boolean =>
    redelivery !== undefined &&
    rotation === undefined &&
    action.type === 'DEACTIVATE' &&
    action.outcome === 'DONE' &&
    action.reason === 'DEACTIVATION_DUE' &&
    action.inUse !== true &&
    action.keyId !== redelivery.keyId;

  for (const action of user.actions) {
    if (retiredWithRotation(action) || retiredWithDelivery(action)) continue;
    const key = action.keyId;
    const use = usage(action);
    const from = out.length;
    if (message.dryRun && action.outcome === 'PLANNED') {
      out.push({ level: 'info', text: wouldDo(name, action, use, now) });
      withEvidence(out, from, action);
      continue;
    }
    if (action.outcome === 'FAILED' || action.outcome === 'ROLLED_BACK') {
      const what = action.type === 'ROTATE' ? `The rotation of ${name}'s access key ${key}` : `${verb(action)} ${name}'s access key ${key}`;
      out.push({ level: 'info', text: `${what} failed: nothing changed${action.type === 'ROTATE' ? ', and the key keeps working' : ''}. Your administrator has been told.` });
      continue;
    }
    switch (action.type) {
      case 'ROTATE': {
        const retired = user.actions.find(retiredWithRotation);
        const fresh = action.newKeyId ? ` ${action.newKeyId}` : '';
        const stops = dayAfter(now, inactiveBufferDays);
        const forced = action.reason === 'FORCED_ROTATION' ? 'An operator replaced' : 'The rotation replaced';
        if (retired?.reason === 'NEVER_USED') {
          out.push({ level: 'info', text: `${name}'s access key ${key} was never used, so it was replaced by a new key${fresh} and switched off at once; it is deleted on ${longDate(dayAfter(now, recoveryGracePeriodDays))}. Use the new key if ${name} needs one.` });
        } else if (retired) {
          out.push({ level: 'critical', text: `${forced} ${name}'s access key ${key} with a new key${fresh} and switched the old one off at once, as asked (DeactivateOld). Move every application that used it to the new key now.` });
        } else {
          out.push({ level: 'action', by: stops, text: `Switch ${name} to its new access key${fresh} before ${longDate(stops)}, when the old key ${key} stops working.${action.smtpRegions?.length ? ' Its SMTP password changed too: the new one is in the same secret.' : ''}` });
        }
        out.push(...deliveryTodos(name, action));
        break;
      }
      case 'WARN': {
        const when = `${longDate(action.dueAt)} (${relativeDay(now, action.dueAt)})`;
        if (action.announces === 'DELETE') {
          out.push({ level: 'info', by: action.dueAt, text: `${name}'s switched-off access key ${key} is deleted on ${when}. Nothing to do, unless an application still needs it: then ask your administrator to switch it back on before that day.` });
        } else {
          const still = action.inUse ? ` It is still in use (last used ${use}): move that application to the new key before then.` : use ? ` It was last used ${use}.` : ' It has never been used.';
          out.push({ level: 'action', by: action.dueAt, text: `${name}'s old access key ${key} stops working on ${when}.${still}` });
        }
        break;
      }
      case 'DEACTIVATE': {
        const restore = `until ${longDate(dayAfter(now, recoveryGracePeriodDays))} your administrator can switch it back on (Reactivate)`;
        if (action.reason === 'MAKE_ROOM_LEAST_RECENTLY_USED') {
          const inUse = action.inUse ? ` although it was still in use (last used ${use})` : '';
          out.push({ level: action.inUse ? 'critical' : 'info', text: `${name} had two active access keys and a rotation due: the less recently used one, ${key}, was switched off today${inUse}. The other is replaced at the next run.${action.inUse ? ` Move that application to the other key; ${restore}.` : ''}` });
        } else if (action.inUse || action.reason === 'POSTPONEMENT_ENDED' || action.reason === 'DEACTIVATE_OLD_REQUESTED') {
          const why = action.reason === 'POSTPONEMENT_ENDED' ? 'at the end of its postponement, although still in use' : action.reason === 'DEACTIVATE_OLD_REQUESTED' ? 'as an operator asked (DeactivateOld)' : 'although it was still in use';
          out.push({ level: 'critical', text: `${name}'s old access key ${key} was switched off today, ${why}${use ? ` (last used ${use})` : ''}. Move that application to the new key now; ${restore}.` });
        } else {
          out.push({ level: 'info', text: `${name}'s old access key ${key} was switched off today, as announced. It is deleted on ${longDate(dayAfter(now, recoveryGracePeriodDays))}; until then your administrator can switch it back on.` });
        }
        break;
      }
      case 'DELETE':
        out.push({
          level: 'info',
          text: action.reason === 'MAKE_ROOM_INACTIVE' ? `${name}'s inactive access key ${key} was deleted to make room for its new key (IAM allows two).` : `${name}'s old access key ${key} was deleted. Nothing to do.`,
        });
        break;
      case 'POSTPONE': {
        if (action.reason === 'DELIVERY_PENDING') {
          out.push(pendingTodo(name, action, longDate));
          break;
        }
        const latest = action.deadline ? `, and on ${longDate(action.deadline)} at the latest` : '';
        out.push({
          level: 'critical',
          by: action.deadline,
          text: `${name}'s old access key ${key} is still in use${use ? ` (last used ${use})` : ''}, so it was not switched off on ${longDate(action.dueAt)} as planned. Move that application to the new key: the old key is switched off once it is no longer in use${latest}.`,
        });
        break;
      }
      case 'DELIVER': {
        const retired = action === redelivery ? user.actions.find(retiredWithDelivery) : undefined;
        const pendingTold = user.actions.some((other) => other.type === 'POSTPONE' && other.reason === 'DELIVERY_PENDING');
        out.push(redeliveryTodo(name, action, retired ? { keyId: retired.keyId, dueAt: retired.dueAt, deletedOn: dayAfter(now, recoveryGracePeriodDays) } : undefined, pendingTold));
        break;
      }
      case 'REACTIVATE': {
        const until = action.holdUntil ? ` ${name} is on hold until ${longDate(action.holdUntil)}: nothing changes before then.` : '';
        out.push({ level: 'action', by: action.holdUntil, text: `${name}'s access key ${key} was switched back on.${until} Move the application to the new key before that day.` });
        break;
      }
    }
    withEvidence(out, from, action);
  }
  if (user.failure !== undefined && user.actions.every((action) => action.outcome !== 'FAILED' && action.outcome !== 'ROLLED_BACK')) {
    out.push({ level: 'info', text: `The run could not finish its work on ${name}: ${user.failure}. Your administrator has been told.` });
  }
  return out;
}

/** Audit mode: the same facts, as what enforce mode would do; nothing here asks the reader to act. */
function wouldDo(name: string, action: ResultAction, use: string | undefined, now: string): string {
  switch (action.type) {
    case 'WARN':
      return `${name}'s ${action.announces === 'DELETE' ? 'inactive' : 'old'} access key ${action.keyId} would be ${action.announces === 'DELETE' ? 'deleted' : 'switched off'} on ${longDate(action.dueAt)} (${relativeDay(now, action.dueAt)}).`;
    case 'ROTATE':
      return `${name}'s access key ${action.keyId} would be replaced by a new one (due since ${longDate(action.dueAt)}).`;
    case 'DEACTIVATE':
      return `${name}'s access key ${action.keyId} would be switched off${action.inUse ? `, although it is in use (last used ${use})` : ''}.`;
    case 'DELETE':
      return `${name}'s inactive access key ${action.keyId} would be deleted.`;
    case 'POSTPONE':
      return `${name}'s old access key ${action.keyId} would stay on a while longer: it is in use${use ? ` (last used ${use})` : ''}.`;
    default:
      return `${name}'s access key ${action.keyId}: ${verb(action).toLowerCase()} would be done.`;
  }
}

function verb(action: ResultAction): string {
  return { WARN: 'Reminding about', ROTATE: 'Rotating', DEACTIVATE: 'Switching off', DELETE: 'Deleting', POSTPONE: 'Postponing', REACTIVATE: 'Switching back on', DELIVER: 'Delivering' }[action.type];
}

/** The CloudTrail evidence (where the key is still used, and any advice) under the line about its action. */
function withEvidence(out: Todo[], from: number, action: ResultAction): void {
  const last = out[out.length - 1];
  if (out.length === from || !last) return;
  out[out.length - 1] = { ...last, ...evidenceOf(action) };
}

/** The action's evidence lines for a to-do line; nothing when the key was not looked up. */
export function evidenceOf(action: ResultAction): Pick<Todo, 'evidence'> {
  return action.evidence?.length ? { evidence: action.evidence } : {};
}

/** "on 8 January 2026 by s3 in eu-west-1", or undefined when the key was never used. */
export function usage(action: ResultAction): string | undefined {
  const use: ResultLastUse | undefined = action.lastUse;
  if (!use) return undefined;
  return `on ${longDate(use.at)}${usedWhere(use)}`;
}
