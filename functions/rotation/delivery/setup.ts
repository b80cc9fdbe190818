import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient, type SecretsManagerClient as SecretsClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentity } from '@smithy/types';
import { secretName } from '../../../contract/names';
import { targetId } from '../../core/delivery/config/describe';
import { DeliveryConfigError } from '../../core/delivery/config/errors';
import type { DeliveryConfig } from '../../core/delivery/config/types';
import { withPlugins, type AwsDependencies } from '../../core/aws/plugins';
import { readUserTags } from '../../core/lifecycle/tags';
import type { LifecycleSettings } from '../../core/lifecycle/types';
import type { Logger } from '../../core/log/logger';
import type { RotationConfig } from '../config/config';
import { describeError } from '../errors';
import type { AccountObservation } from '../observe/account';
import type { RunSummary } from '../result/summary';
import { AccountDelivery, type DeliveryCandidate } from './account-delivery';
import { loadDeliveryConfig } from './config-source';
import { PendingCopies } from './pending-copy';
import type { Ledger } from '../../core/ledger/schema';
import { LedgerRecordStore } from './ledger-records';
import { SecretTagRecordStore } from './records';

/** The delivery configuration of a run, or why there is none. */
export interface RunDeliveryConfig {
  readonly config?: DeliveryConfig;
  /** For the admin: the file could not be read or is wrong (field and line); nothing is delivered this run. */
  readonly note?: string;
  /** S3 could not be read (not a wrong file): the next account of the run reads it again. */
  readonly unreadable?: true;
}

/**
 * Reads delivery.yaml for one account run. Audit mode and a stack without
 * the setting deliver nothing and read nothing. A broken file never stops the
 * rotation: the run goes on without delivery, and the admin is told why.
 */
export async function runDeliveryConfig(config: RotationConfig, dryRun: boolean, aws: AwsDependencies, logger: Logger): Promise<RunDeliveryConfig> {
  const source = config.delivery;
  if (dryRun || !source) return {};
  try {
    const loaded = await loadDeliveryConfig(withPlugins(new S3Client({ region: config.region }), aws), source.bucket, source.key, source.ssmPathPrefix);
    return loaded ? { config: loaded } : {};
  } catch (error) {
    const wrongFile = error instanceof DeliveryConfigError;
    const problem = wrongFile ? error.message : describeError(error);
    logger.error('delivery configuration unusable; no key is delivered in this run', { error: problem });
    const note = `delivery.yaml: ${problem}; no key was delivered in this run (rotations went on), fix the file and upload it again`;
    return wrongFile ? { note } : { note, unreadable: true };
  }
}

export interface AccountDeliveryDeps {
  readonly accountId: string;
  readonly config: RotationConfig;
  readonly delivery: DeliveryConfig;
  readonly aws: AwsDependencies;
  readonly now: Date;
  readonly logger: Logger;
  /** Where key secrets are written (member account, or central), as the apply step uses it. */
  readonly secrets: () => Promise<SecretsClient>;
  /** The role those secrets are written with: the only reader of a pending copy. */
  readonly writerArn: string;
  /** The run's working copy of the account's key ledger, when there is one: the delivery records live there. */
  readonly ledger?: Ledger;
}

/**
 * The run's delivery for one account, with SSM in the member account and its
 * records in the key ledger, or without one beside the key secrets.
 */
export function accountDelivery(deps: AccountDeliveryDeps, memberCredentials: AwsCredentialIdentity): AccountDelivery {
  const { accountId, config, delivery, aws } = deps;
  const nameOf = (userName: string): string => secretName(accountId, userName);
  const targetIds = (userName: string): readonly string[] =>
    (delivery.users.find((entry) => entry.account === accountId && entry.user === userName)?.targets ?? []).map(targetId);
  const tokenClients = new Map<string, SecretsManagerClient>();
  const ssmClients = new Map<string, SSMClient>();
  const tags = new SecretTagRecordStore(deps.secrets, nameOf, targetIds);
  const ledger = deps.ledger;
  const records = ledger ? new LedgerRecordStore(ledger, tags, (line) => made.notes.push(line)) : tags;
  const made: AccountDelivery = new AccountDelivery({
    accountId,
    config: delivery,
    records,
    pending: new PendingCopies(deps.secrets, deps.writerArn),
    secretName: nameOf,
    tokenSecrets: (region) => memo(tokenClients, region, () => withPlugins(new SecretsManagerClient({ region: region || config.region }), aws)),
    ssm: (region) => memo(ssmClients, region, () => withPlugins(new SSMClient({ region, credentials: memberCredentials }), aws)),
    now: deps.now,
    logger: deps.logger,
  });
  return made;
}

/**
 * The users delivery may look at: never exempt or held ones. Examined users
 * come with their keys; the others (nothing due today) with the keys listed,
 * if any, so that a failed delivery is tried again on a quiet day too.
 */
export function deliveryCandidates(observation: AccountObservation, settings: LifecycleSettings, now: Date): DeliveryCandidate[] {
  const examined = observation.examined.filter((observed) => readUserTags(observed.facts.tags, settings, now).holdUntil === undefined);
  const skip = new Set([...observation.examined.map((observed) => observed.user.userName), ...observation.exempt.keys(), ...observation.held.map((user) => user.userName), ...observation.failures.map((problem) => problem.userName)]);
  const quiet = observation.users
    .filter((user) => !skip.has(user.userName))
    .map((user): DeliveryCandidate => {
      const listed = observation.listed.get(user.userName);
      return listed ? { userName: user.userName, keys: listed } : { userName: user.userName };
    });
  return [...examined.map((observed): DeliveryCandidate => ({ userName: observed.user.userName, keys: observed.keys })), ...quiet];
}

/** Counts by target kind, for the summary and the metrics. */
export function deliveryCounts(delivery: AccountDelivery | undefined): Pick<RunSummary, 'deliveries'> {
  if (!delivery || delivery.outcomes.length === 0) return {};
  const counts: Record<string, { succeeded: number; failed: number }> = {};
  for (const outcome of delivery.outcomes) {
    const entry = (counts[outcome.kind] ??= { succeeded: 0, failed: 0 });
    if (outcome.delivered) entry.succeeded += 1;
    else entry.failed += 1;
  }
  return { deliveries: counts };
}

function memo<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let found = cache.get(key);
  if (found === undefined) {
    found = make();
    cache.set(key, found);
  }
  return found;
}
