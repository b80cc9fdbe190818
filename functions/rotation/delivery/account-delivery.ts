import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { targetId, targetLabel } from '../../core/delivery/config/describe';
import { targetsOf, type DeliveryConfig, type DeliveryTarget } from '../../core/delivery/config/types';
import { Deliverer, type NewKey } from '../../core/delivery/deliver';
import type { Send } from '../../core/delivery/http';
import { failureName, type DeliveryOutcome } from '../../core/delivery/outcome';
import { currentKey, byCreation } from '../../core/lifecycle/keys';
import type { AccessKeyState, DeliveryState } from '../../core/lifecycle/types';
import type { Logger } from '../../core/log/logger';
import type { ResultDelivery } from '../../core/messages/notification';
import type { PendingCopies } from './pending-copy';
import type { Redelivery } from './redelivered';
import type { DeliveryRecordEntry, DeliveryRecordStore } from './records';

export interface AccountDeliveryOptions {
  readonly accountId: string;
  readonly config: DeliveryConfig;
  readonly records: DeliveryRecordStore;
  readonly pending: PendingCopies;
  readonly secretName: (userName: string) => string;
  readonly tokenSecrets: (region: string) => SecretsManagerClient;
  readonly ssm: (region: string) => SSMClient;
  readonly now: Date;
  readonly logger: Logger;
  readonly send?: Send;
}

/**
 * A user delivery may look at (exempt and held users are never given to
 * this): its keys when they were read; without them, the current key is the
 * one its failed records name, which only this tool's rotation wrote.
 */
export interface DeliveryCandidate {
  readonly userName: string;
  readonly keys?: readonly AccessKeyState[];
}

/**
 * Delivery within one account run (issue 21): before planning, each user's
 * current key is sent again to the targets that lack it (from its pending
 * copy), and the plan learns which still do; after a rotation the new key
 * goes to every target of its user. Every outcome is recorded and kept for
 * the report and the metrics. Never throws: a failure is an outcome.
 */
export class AccountDelivery {
  private readonly deliverer: Deliverer;
  /** Every attempt of this run, in order: the metrics and the digest count them. */
  readonly outcomes: DeliveryOutcome[] = [];
  /** Lines for the admin's report: retries that still fail, records that could not be read or written. */
  readonly notes: string[] = [];
  /** Retries of this run that reached a target: told to the key's owner as a DELIVER action (redelivered.ts). */
  readonly redelivered: Redelivery[] = [];

  constructor(private readonly options: AccountDeliveryOptions) {
    this.deliverer = new Deliverer({ config: options.config, tokenSecrets: options.tokenSecrets, ssm: options.ssm, now: options.now, ...(options.send ? { send: options.send } : {}) });
  }

  targets(userName: string): readonly DeliveryTarget[] {
    return targetsOf(this.options.config, this.options.accountId, userName);
  }

  /**
   * The delivery state of each user with targets, after trying again the
   * deliveries of its current key that failed at an earlier run. Only
   * targets with a failed record for the current key are pending: a key that
   * predates the configuration was never this tool's to deliver.
   */
  async prepare(users: readonly DeliveryCandidate[]): Promise<ReadonlyMap<string, DeliveryState>> {
    const states = new Map<string, DeliveryState>();
    for (const user of users) {
      const targets = this.targets(user.userName);
      if (targets.length === 0) continue;
      const current = user.keys ? currentKey(byCreation(user.keys))?.id : undefined;
      try {
        states.set(user.userName, await this.retry(user.userName, targets, user.keys === undefined, current));
      } catch (error) {
        // The record or the copy could not be read: nothing is known to be missing, so nothing is held back.
        this.options.logger.error('delivery records unreadable', { userName: user.userName, error: error instanceof Error ? error.name : String(error) });
        this.notes.push(`${user.userName}: delivery records could not be read (${error instanceof Error ? error.name : 'error'}); tried again at the next run`);
        states.set(user.userName, { targets: targets.length, pending: [] });
      }
    }
    return states;
  }

  private async retry(userName: string, targets: readonly DeliveryTarget[], keysUnknown: boolean, current: string | undefined): Promise<DeliveryState> {
    if (!keysUnknown && current === undefined) return { targets: targets.length, pending: [] };
    const records = await this.options.records.read(userName, current);
    const keyId = current ?? latestFailed(records);
    if (keyId === undefined) return { targets: targets.length, pending: [] };
    const lacking = targets.filter((target) => {
      const entry = records.get(targetId(target));
      return entry !== undefined && entry.keyId === keyId && !entry.delivered;
    });
    if (lacking.length === 0) return { targets: targets.length, pending: [] };
    const secretName = this.options.secretName(userName);
    const key = await this.options.pending.get(secretName, keyId);
    if (!key) {
      // Without the copy the key cannot be sent again; the owner must copy it from the secret, and the record says why.
      return { targets: targets.length, pending: lacking.map((target) => ({ target: targetLabel(target), failure: `${failureOf(records.get(targetId(target)))}; no copy left to send again` })) };
    }
    const outcomes = await this.send(userName, lacking, key);
    const failed = outcomes.filter((outcome) => !outcome.delivered);
    const pending = failed.map((outcome) => ({ target: outcome.label, failure: failureName(outcome) }));
    const reached = outcomes.filter((outcome) => outcome.delivered);
    // A target reached is the owner's news: a DELIVER action, which also names the targets still failing. A retry that
    // reached none is a note for the admin and the account contact; its POSTPONE (DELIVERY_PENDING) tells the owner, once.
    if (reached.length > 0) this.redelivered.push({ userName, keyId, deliveries: reached.map(toResultAction), pending });
    else for (const item of pending) this.notes.push(`${userName}: key ${keyId} still not delivered to ${item.target} on a later run (${item.failure})`);
    if (failed.length === 0) await this.options.pending.drop(secretName);
    return { targets: targets.length, pending };
  }

  /**
   * Right after a new key is stored: to every target of the user. A target
   * that already has this key id (a redelivered event) is not written again.
   * What failed is kept in a pending copy for the next run.
   */
  async afterRotation(userName: string, key: NewKey): Promise<readonly ResultDelivery[]> {
    const targets = this.targets(userName);
    if (targets.length === 0) return [];
    const secretName = this.options.secretName(userName);
    let records: ReadonlyMap<string, DeliveryRecordEntry> = new Map();
    try {
      records = await this.options.records.read(userName, key.accessKeyId);
    } catch {
      // Unknown: deliver to all; writing the same key twice is harmless, missing a target is not.
    }
    const done = targets.filter((target) => {
      const entry = records.get(targetId(target));
      return entry?.keyId === key.accessKeyId && entry.delivered;
    });
    const outcomes = await this.send(userName, targets.filter((target) => !done.includes(target)), key);
    const reported: ResultDelivery[] = [
      ...done.map((target) => ({ target: targetLabel(target), kind: target.kind, delivered: true, at: records.get(targetId(target))?.at ?? this.options.now.toISOString() })),
      ...outcomes.map(toResultAction),
    ];
    try {
      // A stale copy (an earlier key) is replaced or dropped: only the current key is ever sent again.
      if (outcomes.some((outcome) => !outcome.delivered)) await this.options.pending.put(secretName, userName, key);
      else await this.options.pending.drop(secretName);
    } catch (error) {
      this.notes.push(`${userName}: the copy for a later delivery could not be kept (${error instanceof Error ? error.name : 'error'}); copy the key from its secret to the failing targets`);
    }
    return reported;
  }

  /** The key ledger could not be saved at the end of the run: its store keeps this run's outcomes elsewhere. */
  async ledgerNotSaved(): Promise<readonly string[]> {
    return (await this.options.records.ledgerNotSaved?.()) ?? [];
  }

  private async send(userName: string, targets: readonly DeliveryTarget[], key: NewKey): Promise<DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = [];
    for (const target of targets) {
      const outcome = await this.deliverer.deliver(target, key, userName);
      outcomes.push(outcome);
      const log = { userName, target: outcome.label, keyId: outcome.keyId, ...(outcome.status !== undefined ? { status: outcome.status } : {}), ...(outcome.code ? { code: outcome.code } : {}) };
      if (outcome.delivered) this.options.logger.info('key delivered', log);
      else this.options.logger.error('key delivery failed', { ...log, error: outcome.error });
    }
    this.outcomes.push(...outcomes);
    try {
      await this.options.records.write(userName, outcomes.map(toEntry));
    } catch (error) {
      this.notes.push(`${userName}: delivery outcomes could not be recorded (${error instanceof Error ? error.name : 'error'})`);
    }
    return outcomes;
  }
}

function toEntry(outcome: DeliveryOutcome): DeliveryRecordEntry {
  return {
    target: outcome.target,
    label: outcome.label,
    keyId: outcome.keyId,
    at: outcome.at,
    delivered: outcome.delivered,
    ...(outcome.status !== undefined ? { status: outcome.status } : {}),
    ...(outcome.code !== undefined ? { code: outcome.code } : {}),
  };
}

function toResultAction(outcome: DeliveryOutcome): ResultDelivery {
  return {
    target: outcome.label,
    kind: outcome.kind,
    delivered: outcome.delivered,
    at: outcome.at,
    ...(outcome.delivered ? {} : { failure: failureName(outcome), ...(outcome.error ? { error: outcome.error } : {}) }),
  };
}

function failureOf(entry: DeliveryRecordEntry | undefined): string {
  if (!entry) return 'not delivered';
  return entry.code ?? (entry.status !== undefined ? `HTTP ${entry.status}` : 'failed');
}

/** The key id of the most recent failed record: the key a quiet day's retry is for. */
function latestFailed(records: ReadonlyMap<string, DeliveryRecordEntry>): string | undefined {
  return [...records.values()].filter((entry) => !entry.delivered).sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))[0]?.keyId;
}
