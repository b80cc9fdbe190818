import { UpdateAccessKeyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { USER_TAGS } from '../../../contract/names';
import type { AccessKeyState } from '../../core/lifecycle/types';
import { DAY_MS } from '../../core/lifecycle/time';
import type { Logger } from '../../core/log/logger';
import type { ActionOutcome, ResultAction, ResultUser } from '../../core/messages/notification';
import { describeError } from '../errors';
import type { UserFacts } from '../observe/user-facts';
import { DeactivationRecord, writeUserTag } from './record';

export interface ReactivateContext {
  readonly iam: IAMClient;
  readonly now: Date;
  readonly dryRun: boolean;
  /** G: the hold lasts as long as a recovery grace period. */
  readonly recoveryGracePeriodDays: number;
  readonly logger: Logger;
}

/**
 * Operator event `Reactivate`: switches back on the key this tool most
 * recently deactivated for the user, if it still exists, and holds the user
 * for G days (tag IAMKeyRotationHold) so the next run does not switch it off
 * again before its owner has moved on. A key the tool did not deactivate (not
 * in its record) is never touched. The hold is set first: once the key is
 * active, nothing must deactivate it the same night; the record entry goes
 * last, so a failure on the way leaves the event safe to send again.
 */
export async function reactivateUser(context: ReactivateContext, userName: string, keys: readonly AccessKeyState[], facts: UserFacts): Promise<ResultUser> {
  const status = new Map(keys.map((key) => [key.id, key.status]));
  const recorded = [...facts.record.entries].sort((a, b) => b.at.getTime() - a.at.getTime());
  const target = recorded.find((entry) => status.get(entry.keyId) === 'Inactive');
  if (target === undefined) {
    const again = recorded.find((entry) => status.get(entry.keyId) === 'Active');
    const why = again
      ? `key ${again.keyId}, which this tool deactivated, is already active`
      : recorded.length > 0
        ? `the keys this tool deactivated (${recorded.map((entry) => entry.keyId).join(', ')}) no longer exist`
        : `no key of ${userName} was deactivated by this tool (tag ${USER_TAGS.deactivated} is empty); keys it did not deactivate are not touched`;
    return { userName, actions: [], failure: `Reactivate: ${why}; nothing changed` };
  }
  const holdUntil = new Date(context.now.getTime() + context.recoveryGracePeriodDays * DAY_MS);
  const report = (outcome: ActionOutcome, error?: string): ResultAction => ({
    type: 'REACTIVATE',
    keyId: target.keyId,
    reason: 'REACTIVATION_REQUESTED',
    severity: 'WARNING',
    dueAt: context.now.toISOString(),
    outcome,
    holdUntil: holdUntil.toISOString(),
    ...(error ? { error } : {}),
  });
  if (context.dryRun) return { userName, actions: [report('PLANNED')] };

  const log = context.logger.child({ userName, keyId: target.keyId });
  try {
    await writeUserTag(context.iam, userName, USER_TAGS.hold, holdUntil.toISOString());
  } catch (error) {
    const problem = `setting ${USER_TAGS.hold} failed, so the key was left inactive: ${describeError(error)}`;
    log.error('reactivation failed', { error: describeError(error) });
    return { userName, actions: [report('FAILED', problem)], failure: `Reactivate: ${problem}` };
  }
  try {
    await context.iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: target.keyId, Status: 'Active' }));
  } catch (error) {
    const problem = `UpdateAccessKey failed: ${describeError(error)}; the key is still inactive and the user on hold until ${holdUntil.toISOString()}: send the event again`;
    log.error('reactivation failed', { error: describeError(error) });
    return { userName, actions: [report('FAILED', problem)], failure: `Reactivate: ${problem}` };
  }
  const record = new DeactivationRecord(context.iam, userName, keys, facts.record.entries, facts.recordValue);
  record.forget(target.keyId);
  try {
    await record.save();
  } catch (error) {
    // The key is active and the user held: done. The stale entry is ignored (the key is active) and cleaned at the next change.
    log.warn('reactivated; the deactivation record could not be updated', { error: describeError(error) });
    return { userName, actions: [report('DONE')], failure: `updating tag ${USER_TAGS.deactivated} failed: ${describeError(error)}` };
  }
  log.info('key reactivated', { holdUntil: holdUntil.toISOString() });
  return { userName, actions: [report('DONE')] };
}
