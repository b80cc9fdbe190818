import type { Deployed } from '../deployed';
import type { ModelInputs } from './inputs';

/**
 * What the model assumes about AWS, where the bench cannot measure: moto
 * answers on the same machine in a millisecond, AWS over the network.
 */
export interface TimeAssumptions {
  /** Seconds per AWS API call from Lambda; every call of an account is taken as sequential (the function overlaps some, so this errs long). */
  readonly apiLatencySeconds: number;
  /** Seconds a daily run waits for IAM to generate the credential report (the one from yesterday is past IAM's four hours). */
  readonly reportWaitSeconds: number;
  /** Sustained IAM requests per second per member account (IAM publishes no figure). */
  readonly iamRequestsPerSecond: number;
  /** AssumeRole requests per second per account and Region of the caller (the solution account). */
  readonly stsRequestsPerSecond: number;
  /** SES sending rate of the solution account (a production account's starting quota; the sandbox allows 1). */
  readonly sesEmailsPerSecond: number;
  /** Lambda concurrent executions per Region (the account default; the mapping cannot use more). */
  readonly lambdaConcurrency: number;
}

export const TIME_ASSUMPTIONS: TimeAssumptions = {
  apiLatencySeconds: 0.05,
  reportWaitSeconds: 3,
  iamRequestsPerSecond: 10,
  stsRequestsPerSecond: 600,
  sesEmailsPerSecond: 14,
  lambdaConcurrency: 1000,
};

export const MODEL_ACCOUNTS = [100, 1000, 5000] as const;

export interface TimeRow {
  readonly accounts: number;
  readonly inventorySeconds: number;
  /** Wall seconds of the rotation stage at each modelled maximum concurrency. */
  readonly rotationSeconds: ReadonlyMap<number, number>;
  readonly emailSeconds: number;
  /** Inventory, then rotation and mail side by side, at the template's default concurrency. */
  readonly dailyRunSeconds: number;
  readonly problems: readonly string[];
}

export interface TimeModel {
  /** One account's rotation in AWS by the assumptions: seconds, and which bound set it. */
  readonly accountSeconds: number;
  readonly accountBound: 'latency' | 'IAM rate';
  readonly concurrencies: readonly number[];
  readonly defaultConcurrency: number;
  readonly rows: readonly TimeRow[];
  /** The largest single account measured, estimated the same way, against the rotation timeout. */
  readonly largestAccountSeconds?: number;
  /** AssumeRole requests per second the rotation stage makes at the highest concurrency. */
  readonly stsRateAtMax: number;
}

/** Seconds of one account in AWS: moto's measured time plus network time per call and the report wait, or IAM's rate, whichever is longer. */
export function awsAccountSeconds(
  measuredSeconds: number,
  calls: number,
  iamCalls: number,
  a: TimeAssumptions,
): { seconds: number; bound: 'latency' | 'IAM rate' } {
  const latency = measuredSeconds + calls * a.apiLatencySeconds + a.reportWaitSeconds;
  const rate = iamCalls / a.iamRequestsPerSecond;
  return rate > latency ? { seconds: rate, bound: 'IAM rate' } : { seconds: latency, bound: 'latency' };
}

/**
 * The wall time of a daily run at 100, 1,000 and 5,000 accounts like the
 * pipeline's. One rotation invocation per account (batch size 1), at most C
 * at once (the mapping's maximum concurrency, itself capped by Lambda's
 * Region concurrency and by the STS rate of the solution account); the
 * notifier mails while rotation runs, at SES's rate.
 */
export function timeModel(inputs: ModelInputs, deployed: Deployed, a: TimeAssumptions = TIME_ASSUMPTIONS): TimeModel {
  const per = inputs.perAccount;
  const account = awsAccountSeconds(per.rotationSeconds, per.rotationCalls, per.iamCalls, a);
  const mapping = deployed.mappings.rotation.concurrency;
  const concurrencies = [...new Set([mapping.default, 50, mapping.max])].filter((c) => c <= mapping.max).sort((x, y) => x - y);
  const stsPerAccountSecond = per.stsCalls / account.seconds;
  const effective = (c: number): number => Math.max(1, Math.min(c, a.lambdaConcurrency, Math.floor(a.stsRequestsPerSecond / stsPerAccountSecond)));
  const rows = MODEL_ACCOUNTS.map((accounts): TimeRow => {
    // The management account is inventoried and rotated too.
    const invocations = accounts + 1;
    const inventoryCalls = inputs.inventory.callsPerAccount * invocations;
    const inventorySeconds = inputs.inventory.secondsPerAccount * invocations + inventoryCalls * a.apiLatencySeconds;
    const rotationSeconds = new Map(concurrencies.map((c) => [c, Math.ceil(invocations / effective(c)) * account.seconds]));
    const emailSeconds = (per.emails * accounts) / a.sesEmailsPerSecond;
    const atDefault = rotationSeconds.get(mapping.default) ?? 0;
    const problems: string[] = [];
    const inventoryTimeout = deployed.functions.inventory.timeoutSeconds;
    if (inventorySeconds > inventoryTimeout) problems.push(`the inventory needs ${Math.round(inventorySeconds)} s, over its ${inventoryTimeout} s timeout`);
    return { accounts, inventorySeconds, rotationSeconds, emailSeconds, dailyRunSeconds: inventorySeconds + Math.max(atDefault, emailSeconds), problems };
  });
  const largest = inputs.largestAccount;
  return {
    accountSeconds: account.seconds,
    accountBound: account.bound,
    concurrencies,
    defaultConcurrency: mapping.default,
    rows,
    ...(largest ? { largestAccountSeconds: awsAccountSeconds(largest.seconds, largest.calls, largest.calls, a).seconds } : {}),
    stsRateAtMax: effective(mapping.max) * stsPerAccountSecond,
  };
}
