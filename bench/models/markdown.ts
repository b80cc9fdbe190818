import type { Deployed } from '../deployed';
import { markdownTable } from '../table';
import { COST_ACCOUNTS, costModel, monthlyTotals, type CostAssumptions } from './cost-model';
import type { ModelInputs } from './inputs';
import { PRICE_NOTE, type Prices } from './prices';
import type { TimeAssumptions, TimeModel } from './time-model';

export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

const dollars = (n: number): string => (n < 0.005 ? '$0.00' : n < 100 ? `$${n.toFixed(2)}` : `$${Math.round(n).toLocaleString('en-US')}`);
const thousands = (n: number): string => n.toLocaleString('en-US');
/** A list price as AWS writes it: cents always shown, tiny prices in full. */
const price = (n: number): string => `$${n >= 0.01 ? n.toFixed(2) : String(n)}`;

function measuredLine(inputs: ModelInputs): string {
  const per = inputs.perAccount;
  return (
    `Measured (${inputs.source}, accounts of ${inputs.usersPerAccount} users, ${(inputs.dueShare * 100).toFixed(0)} % due): ` +
    `per account ${per.rotationSeconds.toFixed(2)} s of rotation on moto (longest ${per.rotationMaxSeconds.toFixed(2)} s), ` +
    `${per.rotationCalls.toFixed(1)} AWS calls (${per.iamCalls.toFixed(1)} IAM, ${per.stsCalls.toFixed(1)} STS), ${per.emails.toFixed(2)} emails; ` +
    `inventory ${(inputs.inventory.secondsPerAccount * 1000).toFixed(1)} ms and ${inputs.inventory.callsPerAccount.toFixed(2)} calls per account (${inputs.inventory.source}).`
  );
}

export function timeModelMarkdown(model: TimeModel, inputs: ModelInputs, deployed: Deployed, a: TimeAssumptions): string {
  const concurrencyLabel = (c: number): string =>
    `rotation, C = ${thousands(c)}${c === model.defaultConcurrency ? ' (default)' : c === deployed.mappings.rotation.concurrency.max ? ' (max)' : ''}`;
  const header = ['accounts', 'inventory', ...model.concurrencies.map(concurrencyLabel), `emails at ${a.sesEmailsPerSecond}/s`, 'daily run at the default C'];
  const rows = model.rows.map((row) => [
    thousands(row.accounts),
    duration(row.inventorySeconds),
    ...model.concurrencies.map((c) => duration(row.rotationSeconds.get(c) ?? 0)),
    duration(row.emailSeconds),
    duration(row.dailyRunSeconds) + (row.problems.length > 0 ? ` (${row.problems.join('; ')})` : ''),
  ]);
  const rotation = deployed.functions.rotation;
  const largest = inputs.largestAccount;
  const assumptions = [
    measuredLine(inputs),
    `One account in AWS: ${model.accountSeconds.toFixed(1)} s (${model.accountBound === 'latency' ? 'set by latency' : 'set by the IAM rate'}) = the time on moto + ${a.apiLatencySeconds * 1000} ms per call, every call taken as sequential (the function overlaps some: this errs long) + ${a.reportWaitSeconds} s waiting for IAM to generate the credential report; or its IAM calls at ${a.iamRequestsPerSecond} per second, if longer. IAM publishes no per-account request rate (its API is throttled by token buckets whose sizes AWS does not document); ${a.iamRequestsPerSecond}/s is an assumption. IAM throttles per member account, and only one invocation works in an account at a time, so concurrency does not add up against it.`,
    `Rotation: one invocation per account (batch size ${deployed.mappings.rotation.batchSize}), C at once (RotationMaxConcurrency, default ${model.defaultConcurrency}, at most ${thousands(deployed.mappings.rotation.concurrency.max)}; Lambda's default of ${thousands(a.lambdaConcurrency)} concurrent executions per Region caps it too). The management account is rotated as well. Lambda's ramp-up of the mapping is ignored.`,
    `STS: every AssumeRole comes from the solution account; at the highest C the run makes ${model.stsRateAtMax.toFixed(0)} per second against an assumed ${a.stsRequestsPerSecond} per second (not found in the documentation here: an assumption).`,
    `Notifier: mails while rotation runs, at most ${deployed.mappings.notifier.concurrency.max} at once; the SES sending rate (assumed ${a.sesEmailsPerSecond} per second, a production account's usual start; the sandbox allows 1) bounds it.`,
    `Timeouts: each rotation invocation has ${rotation.timeoutSeconds} s; an account like the pipeline's needs ${model.accountSeconds.toFixed(1)} s` +
      (largest && model.largestAccountSeconds !== undefined
        ? `, the largest measured (${largest.id}, ${thousands(largest.users)} users) ${largest.seconds.toFixed(1)} s on moto and about ${Math.round(model.largestAccountSeconds)} s by these assumptions`
        : '') +
      `. The inventory has ${deployed.functions.inventory.timeoutSeconds} s for the whole Organization.`,
  ];
  return `${markdownTable(header, rows, new Set(header.map((_, i) => i)))}\n\n${assumptions.map((line) => `- ${line}`).join('\n')}`;
}

export function costModelMarkdown(inputs: ModelInputs, deployed: Deployed, prices: Prices, a: CostAssumptions, model: TimeModel): string {
  const lines = costModel(inputs, deployed, prices, a);
  const totals = monthlyTotals(lines);
  const header = ['item', ...COST_ACCOUNTS.map((n) => `${thousands(n)} accounts`), 'basis'];
  const rows = [
    ...lines.map((line) => [line.item, ...line.dollars.map((d, i) => `${dollars(d)} (${line.quantities[i] ?? ''})`), line.basis]),
    ['**total per month**', ...totals.map((t) => `**${dollars(t)}**`), ''],
  ];
  // Lambda bills AWS durations, which the time model estimates longer than moto's.
  const awsCompute = COST_ACCOUNTS.map((n) => (a.runsPerMonth * model.accountSeconds * (n + 1) * deployed.functions.rotation.memoryMb) / 1024);
  const secrets = lines.find((line) => line.item === 'Secrets Manager secrets')?.dollars ?? [];
  const notes = [
    `The secrets are almost all of it: ${price(prices.secretPerMonth)} a month for every user whose key has been rotated; everything else comes to ${totals
      .map((total, i) => `${dollars(total - (secrets[i] ?? 0))} at ${thousands(COST_ACCOUNTS[i] ?? 0)}`)
      .join(', ')} accounts a month.`,
    `Prices: ${PRICE_NOTE}. Lambda ${deployed.functions.rotation.architecture} ${price(prices.lambdaArmGbSecond)} per GB-s and ${price(prices.lambdaRequestsPerMillion)} per million requests (no free tier deducted); SQS ${price(prices.sqsRequestsPerMillion)} per million (first million a month free, as if this were the account's only SQS use); Secrets Manager ${price(prices.secretPerMonth)} per secret-month (each replica counts) and ${price(prices.secretsApiCallsPer10k)} per 10,000 calls; KMS ${price(prices.kmsKeyPerMonth)} per key-month and ${price(prices.kmsRequestsPer10k)} per 10,000 requests; CloudWatch Logs ${price(prices.logsIngestedPerGb)} per GB ingested and ${price(prices.logsStoredPerGbMonth)} per GB-month stored; custom metrics ${price(prices.customMetricPerMonth)}, alarms ${price(prices.alarmPerMonth)} a month; SES ${price(prices.sesPer1000Emails)} per 1,000 emails; EventBridge scheduled rules, STS, IAM and Organizations calls free. S3 requests of the notifier (a few per run) are not priced.`,
    `Assumptions: ${a.runsPerMonth} daily runs a month; ${a.usersPerAccount} users per account, each with one key, ${(a.rotatingPerDay * 100).toFixed(2)} % of them rotated per run (1 in 90); every user has a secret once rotated (steady state after the first rotation period; no replica Regions); ${a.readsPerRotation} GetSecretValue per rotation; emails per account and run as measured (the bench's accounts have nobody in a warning window, so a real month sends more: at $0.10 per 1,000 it stays small).`,
    `Lambda with the AWS durations of the time model (${model.accountSeconds.toFixed(1)} s per account instead of ${inputs.perAccount.rotationSeconds.toFixed(2)} s): rotation compute ${awsCompute.map((gbs, i) => `${dollars(gbs * prices.lambdaArmGbSecond)} at ${thousands(COST_ACCOUNTS[i] ?? 0)}`).join(', ')} a month.`,
    'Central mode (StoreSecretsInCentralAccount) adds its KMS key ($1 a month) and one KMS request per secret write and read; the secrets cost the same wherever they are stored.',
  ];
  return `${markdownTable(header, rows, new Set([1, 2, 3]))}\n\n${notes.map((n) => `- ${n}`).join('\n')}`;
}
