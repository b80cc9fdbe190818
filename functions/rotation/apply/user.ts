import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  UpdateAccessKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { PlannedAction, UserPlan } from '../../core/lifecycle/types';
import type { Logger } from '../../core/log/logger';
import type { ActionOutcome, ReportedAction, ReportedUser } from '../../core/messages/notification';
import { scrubber } from '../../core/scrub/scrub';
import { InvariantViolationError, describeError } from '../errors';
import type { ObservedUser } from '../observe/account';
import { storeAccessKey, type SecretSpec } from './secret-store';

export interface ApplyContext {
  readonly iam: IAMClient;
  /** Lazy: central mode assumes the central role only when a key is actually stored. */
  readonly secrets: () => Promise<SecretsManagerClient>;
  readonly secretSpec: (observed: ObservedUser) => SecretSpec;
  /**
   * Central mode: the member account's reader policy. Across accounts a
   * secret's resource policy is not enough; the user also needs an identity
   * policy allowing the read, and this is the only one the role may attach.
   */
  readonly readerPolicyArn?: string;
  readonly dryRun: boolean;
  readonly logger: Logger;
}

/**
 * Carries out one user's plan in its order (make room, rotate, retire). The
 * first failure stops the user's remaining actions: they were planned on the
 * assumption that the earlier ones succeeded (e.g. deleting a never-used key
 * is only safe once its replacement is stored).
 */
export async function applyUserPlan(context: ApplyContext, observed: ObservedUser, plan: UserPlan): Promise<ReportedUser> {
  const userName = observed.user.userName;
  const log = context.logger.child({ userName });
  const active = new Set(observed.keys.filter((key) => key.status === 'Active').map((key) => key.id));
  const reported: ReportedAction[] = [];
  let failure: string | undefined;

  for (const action of plan.actions) {
    if (action.type === 'WARN' || context.dryRun) {
      reported.push(toReported(action, 'PLANNED'));
      continue;
    }
    if (failure !== undefined) {
      reported.push(toReported(action, 'FAILED', { error: `not attempted: ${failure}` }));
      continue;
    }
    try {
      switch (action.type) {
        case 'ROTATE': {
          const result = await rotate(context, observed, action, log);
          reported.push(toReported(action, result.outcome, result.details));
          if (result.outcome === 'DONE' && result.details.newKeyId) active.add(result.details.newKeyId);
          else failure = `rotation of ${action.keyId} failed`;
          break;
        }
        case 'DEACTIVATE':
          keepsAnActiveKey(active, action.keyId, userName);
          await context.iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: action.keyId, Status: 'Inactive' }));
          active.delete(action.keyId);
          reported.push(toReported(action, 'DONE'));
          break;
        case 'DELETE':
          keepsAnActiveKey(active, action.keyId, userName);
          await context.iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: action.keyId }));
          active.delete(action.keyId);
          reported.push(toReported(action, 'DONE'));
          break;
      }
    } catch (error) {
      failure = `${action.type} of ${action.keyId} failed: ${describeError(error)}`;
      log.error('action failed', { action: action.type, keyId: action.keyId, error: describeError(error) });
      reported.push(toReported(action, 'FAILED', { error: describeError(error) }));
    }
  }
  return { userName, actions: reported, ...(failure !== undefined ? { failure } : {}) };
}

interface RotateResult {
  readonly outcome: ActionOutcome;
  readonly details: { readonly newKeyId?: string; readonly secretName?: string; readonly error?: string };
}

async function rotate(context: ApplyContext, observed: ObservedUser, action: PlannedAction, log: Logger): Promise<RotateResult> {
  const userName = observed.user.userName;
  const spec = context.secretSpec(observed);
  if (context.readerPolicyArn) {
    // Before the key exists: if the user could not read its secret, no key is made (idempotent when already attached).
    try {
      await context.iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: context.readerPolicyArn }));
    } catch (error) {
      log.error('AttachUserPolicy failed', { policyArn: context.readerPolicyArn, error: describeError(error) });
      return { outcome: 'FAILED', details: { error: `AttachUserPolicy failed: ${describeError(error)}` } };
    }
  }
  let created;
  try {
    created = (await context.iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
  } catch (error) {
    log.error('CreateAccessKey failed', { keyId: action.keyId, error: describeError(error) });
    return { outcome: 'FAILED', details: { error: `CreateAccessKey failed: ${describeError(error)}` } };
  }
  // Before anything can echo it (an error, a log line): every later output of this container is cleaned of it.
  if (created?.SecretAccessKey) scrubber.remember(created.SecretAccessKey);
  const newKeyId = created?.AccessKeyId;
  if (!newKeyId || !created?.SecretAccessKey) {
    return { outcome: 'FAILED', details: { error: 'CreateAccessKey returned no key' } };
  }
  try {
    const secrets = await context.secrets();
    await storeAccessKey(secrets, spec, {
      AccessKeyId: newKeyId,
      SecretAccessKey: created.SecretAccessKey,
      UserName: userName,
      Status: created.Status ?? 'Active',
      CreateDate: (created.CreateDate ?? new Date()).toISOString(),
    });
    log.info('key rotated', { replacedKeyId: action.keyId, newKeyId, storedAs: spec.name });
    return { outcome: 'DONE', details: { newKeyId, secretName: spec.name } };
  } catch (storeError) {
    // Invariant 3: a key whose secret was not stored must not survive the run.
    const rollback = await deleteWithOneRetry(context.iam, userName, newKeyId);
    const stored = describeError(storeError);
    if (rollback === undefined) {
      log.error('storing the new key failed; new key deleted again', { newKeyId, error: stored });
      return { outcome: 'ROLLED_BACK', details: { newKeyId, secretName: spec.name, error: stored } };
    }
    log.error('storing the new key failed and the new key could not be deleted: delete it by hand', {
      newKeyId,
      error: stored,
      rollbackError: rollback,
    });
    return {
      outcome: 'FAILED',
      details: { newKeyId, secretName: spec.name, error: `${stored}; rollback failed, delete key ${newKeyId} by hand: ${rollback}` },
    };
  }
}

/** undefined when deleted; the error otherwise. One retry of our own on top of the SDK's, because leaving the key is the worst outcome. */
async function deleteWithOneRetry(iam: IAMClient, userName: string, keyId: string): Promise<string | undefined> {
  let last: string | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: keyId }));
      return undefined;
    } catch (error) {
      if (error instanceof Error && error.name === 'NoSuchEntityException') return undefined;
      last = describeError(error);
    }
  }
  return last;
}

/** Defence in depth for invariant 4, whatever the plan says: never take away a user's last active key. */
function keepsAnActiveKey(active: ReadonlySet<string>, keyId: string, userName: string): void {
  if (active.has(keyId) && active.size === 1) {
    throw new InvariantViolationError(`refusing to retire ${keyId}: it is the last active key of ${userName}`);
  }
}

function toReported(
  action: PlannedAction,
  outcome: ActionOutcome,
  details: { readonly newKeyId?: string; readonly secretName?: string; readonly error?: string } = {},
): ReportedAction {
  return {
    type: action.type,
    keyId: action.keyId,
    reason: action.reason,
    severity: action.severity,
    dueAt: action.dueAt.toISOString(),
    ...(action.announces ? { announces: action.announces } : {}),
    outcome,
    ...details,
  };
}
