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
import type { ActionOutcome, ResultAction, ResultDelivery, ResultUser } from '../../core/messages/notification';
import { scrubber } from '../../core/scrub/scrub';
import { DeactivationRecordError, InvariantViolationError, describeError } from '../errors';
import type { ObservedUser } from '../observe/account';
import { DeactivationRecord } from './record';
import { storeAccessKey, type SecretSpec } from './secret-store';
import { smtpPassword } from './smtp-password';

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
  readonly now: Date;
  readonly logger: Logger;
  /** Delivery of the new key to the user's targets; undefined: no delivery configured. */
  readonly afterStore?: AfterStore;
}

type Details = Pick<ResultAction, 'newKeyId' | 'secretName' | 'secretArn' | 'error' | 'smtpRegions' | 'deliveries'>;

/** Called once a new key is stored, with its value (delivery, issue 21); says where it went. Never throws. */
export type AfterStore = (userName: string, key: { readonly accessKeyId: string; readonly secretAccessKey: string }) => Promise<readonly ResultDelivery[]>;

/**
 * Carries out one user's plan in its order (make room, rotate, retire). The
 * first failure stops the user's remaining actions: they were planned on the
 * assumption that the earlier ones succeeded (e.g. deactivating a replaced key
 * is only safe once its replacement is stored). Every deactivation is recorded
 * on the user before it is made (see DeactivationRecord).
 */
export async function applyUserPlan(context: ApplyContext, observed: ObservedUser, plan: UserPlan): Promise<ResultUser> {
  const userName = observed.user.userName;
  const log = context.logger.child({ userName });
  const active = new Set(observed.keys.filter((key) => key.status === 'Active').map((key) => key.id));
  const record = new DeactivationRecord(context.iam, userName, observed.keys, observed.facts.record.entries, observed.facts.recordValue);
  const reported: ResultAction[] = [];
  let failure: string | undefined;

  for (const action of plan.actions) {
    if (action.type === 'WARN' || context.dryRun) {
      reported.push(toResultAction(action, 'PLANNED'));
      continue;
    }
    if (failure !== undefined) {
      reported.push(toResultAction(action, 'FAILED', { error: `not attempted: ${failure}` }));
      continue;
    }
    try {
      switch (action.type) {
        case 'POSTPONE':
          // A decision, not a call: the key stays as it is, and the report says where it is still used.
          reported.push(toResultAction(action, 'DONE'));
          break;
        case 'ROTATE': {
          const result = await rotate(context, observed, action, log);
          reported.push(toResultAction(action, result.outcome, result.details));
          if (result.outcome === 'DONE' && result.details.newKeyId) active.add(result.details.newKeyId);
          else failure = `rotation of ${action.keyId} failed`;
          break;
        }
        case 'DEACTIVATE': {
          keepsAnActiveKey(active, action.keyId, userName);
          const commit = await recordFirst(record, action, context.now);
          await context.iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: action.keyId, Status: 'Inactive' }));
          commit();
          active.delete(action.keyId);
          reported.push(toResultAction(action, 'DONE'));
          break;
        }
        case 'DELETE':
          // Invariant 5, whatever the plan says: only an inactive key is ever deleted.
          if (active.has(action.keyId)) {
            throw new InvariantViolationError('invariant 5', `refusing to delete ${action.keyId} of ${userName}: it is active, and only an inactive key is ever deleted`);
          }
          await context.iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: action.keyId }));
          record.forget(action.keyId);
          reported.push(toResultAction(action, 'DONE'));
          break;
      }
    } catch (error) {
      failure = `${action.type} of ${action.keyId} failed: ${describeError(error)}`;
      log.error('action failed', { action: action.type, keyId: action.keyId, error: describeError(error) });
      reported.push(toResultAction(action, 'FAILED', { error: describeError(error) }));
    }
  }
  if (!context.dryRun) {
    try {
      await record.save();
    } catch (error) {
      // The keys are as reported; only the record lags (it is written again at the user's next change).
      const problem = `updating tag IAMKeyRotationDeactivated failed: ${describeError(error)}`;
      log.error('deactivation record not updated', { error: describeError(error) });
      failure = failure === undefined ? problem : `${failure}; ${problem}`;
    }
  }
  return { userName, actions: reported, ...(failure !== undefined ? { failure } : {}) };
}

/** Writes the record entry for a deactivation; a failure to write it is the deactivation's failure (nothing was changed). */
async function recordFirst(record: DeactivationRecord, action: PlannedAction, now: Date): Promise<() => void> {
  try {
    return await record.recordBefore({ keyId: action.keyId, at: now, ...(action.madeRoomFor ? { madeRoomFor: action.madeRoomFor } : {}) });
  } catch (error) {
    throw new DeactivationRecordError(action.keyId, { cause: error });
  }
}

interface RotateResult {
  readonly outcome: ActionOutcome;
  readonly details: Details;
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
  const smtpRegions = observed.facts.smtpRegions;
  const smtp = smtpRegions ? smtpPasswords(created.SecretAccessKey, smtpRegions) : undefined;
  try {
    const secrets = await context.secrets();
    const stored = await storeAccessKey(secrets, spec, {
      AccessKeyId: newKeyId,
      SecretAccessKey: created.SecretAccessKey,
      UserName: userName,
      Status: created.Status ?? 'Active',
      CreateDate: (created.CreateDate ?? new Date()).toISOString(),
      ...(smtp ? { SmtpPasswords: smtp } : {}),
    });
    log.info('key rotated', { replacedKeyId: action.keyId, newKeyId, storedAs: spec.name, ...(smtpRegions ? { smtpRegions } : {}) });
    // Stored first, delivered after: a failed delivery never undoes the rotation; it holds the old key instead.
    const deliveries = context.afterStore ? await context.afterStore(userName, { accessKeyId: newKeyId, secretAccessKey: created.SecretAccessKey }) : [];
    return {
      outcome: 'DONE',
      details: {
        newKeyId,
        secretName: spec.name,
        ...(stored.arn ? { secretArn: stored.arn } : {}),
        ...(smtpRegions ? { smtpRegions } : {}),
        ...(deliveries.length > 0 ? { deliveries } : {}),
      },
    };
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

/** The SMTP passwords of an SES SMTP user's new key; secrets as much as the key, so every output is scrubbed of them. */
function smtpPasswords(secretAccessKey: string, regions: readonly string[]): Record<string, string> {
  const passwords: Record<string, string> = {};
  for (const region of regions) {
    passwords[region] = smtpPassword(secretAccessKey, region);
    scrubber.remember(passwords[region]);
  }
  return passwords;
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
    throw new InvariantViolationError('invariant 4', `refusing to retire ${keyId}: it is the last active key of ${userName}`);
  }
}

export function toResultAction(action: PlannedAction, outcome: ActionOutcome, details: Details = {}): ResultAction {
  return {
    type: action.type,
    keyId: action.keyId,
    reason: action.reason,
    severity: action.severity,
    dueAt: action.dueAt.toISOString(),
    ...(action.announces ? { announces: action.announces } : {}),
    ...(action.milestone !== undefined ? { milestone: action.milestone } : {}),
    outcome,
    ...(action.inUse !== undefined ? { inUse: action.inUse } : {}),
    ...(action.lastUse
      ? {
          lastUse: {
            at: action.lastUse.at.toISOString(),
            ...(action.lastUse.service ? { service: action.lastUse.service } : {}),
            ...(action.lastUse.region ? { region: action.lastUse.region } : {}),
          },
        }
      : {}),
    ...(action.deadline ? { deadline: action.deadline.toISOString() } : {}),
    ...(action.pendingDeliveries ? { pendingDeliveries: action.pendingDeliveries.map((item) => ({ ...item })) } : {}),
    ...details,
  };
}
