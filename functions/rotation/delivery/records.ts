import { createHash } from 'node:crypto';
import { DescribeSecretCommand, TagResourceCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DeliveryOutcome } from '../../core/delivery/outcome';

/** What is kept of one delivery: enough to know whether a target has a key, and why not (the label only where there is room). */
export type DeliveryRecordEntry = Pick<DeliveryOutcome, 'target' | 'keyId' | 'at' | 'delivered' | 'status' | 'code'> & Partial<Pick<DeliveryOutcome, 'label'>>;

/**
 * Where each user's delivery outcomes are kept: the account's key ledger
 * (ledger-records.ts) or, without one, tags beside the key's secret (below).
 */
export interface DeliveryRecordStore {
  /** The latest outcome per target, by target id; `keyId`: the key the caller asks about, when known. */
  read(userName: string, keyId?: string): Promise<ReadonlyMap<string, DeliveryRecordEntry>>;
  /** Replaces the latest outcome of each target given. */
  write(userName: string, outcomes: readonly DeliveryRecordEntry[]): Promise<void>;
  /** The key ledger could not be saved: keeps this run's outcomes where the next run looks. Returns notes for the admin. */
  ledgerNotSaved?(): Promise<readonly string[]>;
}

export const DELIVERY_TAG_PREFIX = 'IAMKeyRotationDelivery:';

/**
 * Outcomes as tags on the user's key secret, one per target: the key is a
 * hash of the target's id (tag keys are short, and the config knows the ids),
 * the value `<key id> <time> <status or code> <OK|FAILED>`, readable in the
 * console. The records of an account without a key ledger, the ones written
 * before the ledger existed, and the fallback when the ledger cannot be saved.
 */
export class SecretTagRecordStore implements DeliveryRecordStore {
  constructor(
    private readonly secrets: () => Promise<SecretsManagerClient>,
    private readonly secretName: (userName: string) => string,
    /** The ids of the targets the configuration names, to turn tag keys back into ids. */
    private readonly targetIds: (userName: string) => readonly string[],
  ) {}

  async read(userName: string): Promise<ReadonlyMap<string, DeliveryRecordEntry>> {
    const sm = await this.secrets();
    let tags: readonly { Key?: string; Value?: string }[];
    try {
      tags = (await sm.send(new DescribeSecretCommand({ SecretId: this.secretName(userName) }))).Tags ?? [];
    } catch (error) {
      // No secret yet: no key was ever stored, so none was ever delivered.
      if (error instanceof Error && error.name === 'ResourceNotFoundException') return new Map();
      throw error;
    }
    const byKey = new Map(this.targetIds(userName).map((id) => [tagKey(id), id]));
    const out = new Map<string, DeliveryRecordEntry>();
    for (const tag of tags) {
      const target = tag.Key === undefined ? undefined : byKey.get(tag.Key);
      const entry = target === undefined ? undefined : parseEntry(target, tag.Value ?? '');
      if (entry) out.set(entry.target, entry);
    }
    return out;
  }

  async write(userName: string, outcomes: readonly DeliveryRecordEntry[]): Promise<void> {
    if (outcomes.length === 0) return;
    const sm = await this.secrets();
    await sm.send(new TagResourceCommand({ SecretId: this.secretName(userName), Tags: outcomes.map((entry) => ({ Key: tagKey(entry.target), Value: formatEntry(entry) })) }));
  }
}

export function tagKey(targetId: string): string {
  return `${DELIVERY_TAG_PREFIX}${createHash('sha256').update(targetId).digest('hex').slice(0, 16)}`;
}

export function formatEntry(entry: DeliveryRecordEntry): string {
  const result = entry.code ?? (entry.status !== undefined ? String(entry.status) : '-');
  return `${entry.keyId} ${entry.at} ${result} ${entry.delivered ? 'OK' : 'FAILED'}`;
}

export function parseEntry(target: string, value: string): DeliveryRecordEntry | undefined {
  const [keyId, at, result, state] = value.split(' ');
  if (!keyId || !at || !result || (state !== 'OK' && state !== 'FAILED')) return undefined;
  const status = /^\d{3}$/.test(result) ? { status: Number(result) } : result === '-' ? {} : { code: result };
  return { target, keyId, at, delivered: state === 'OK', ...status };
}
