import type { FunctionKey } from '../../contract/names';
import type { ScenarioResult } from '../results';

/** Figures of one run of the pipeline, per member account, that the time and cost models scale. */
export interface PerAccount {
  /** Mean seconds of one rotation invocation (one account), as measured on moto. */
  readonly rotationSeconds: number;
  /** The longest rotation invocation of the run. */
  readonly rotationMaxSeconds: number;
  /** AWS calls the rotation of one account makes (IAM, STS, Secrets Manager, SQS). */
  readonly rotationCalls: number;
  readonly iamCalls: number;
  readonly stsCalls: number;
  /** Emails the notifier sent per account and run. */
  readonly emails: number;
  readonly sqsSends: number;
  readonly notifierInvocations: number;
  readonly notifierSeconds: number;
  /** Bytes logged per account and run, by function. */
  readonly logBytes: Readonly<Record<FunctionKey, number>>;
  readonly logLines: number;
}

export interface InventoryRate {
  /** Where the figures come from (the organization scenario when it ran, else the pipeline's inventory stage). */
  readonly source: string;
  readonly accounts: number;
  readonly secondsPerAccount: number;
  readonly callsPerAccount: number;
}

export interface ModelInputs {
  /** The pipeline scenario the figures come from. */
  readonly source: string;
  readonly accounts: number;
  readonly usersPerAccount: number;
  readonly dueShare: number;
  readonly perAccount: PerAccount;
  /** Secrets Manager calls per rotated user (attributed to the due users). */
  readonly secretsCallsPerRotation: number;
  readonly inventory: InventoryRate;
  /** The largest single account measured, for the timeout check. */
  readonly largestAccount?: { readonly id: string; readonly users: number; readonly seconds: number; readonly calls: number };
}

const median = (value: { median: number } | undefined): number => value?.median ?? 0;

function sumOps(calls: Readonly<Record<string, { median: number }>>, test: (operation: string) => boolean): number {
  return Object.entries(calls)
    .filter(([operation]) => test(operation))
    .reduce((sum, [, summary]) => sum + summary.median, 0);
}

/**
 * The measured figures the models need, from the largest pipeline of the run
 * (and the organization scenario and the largest account, when they ran).
 * Undefined when no pipeline with the product ran: the models then say so
 * instead of inventing figures.
 */
export function modelInputs(scenarios: readonly ScenarioResult[]): ModelInputs | undefined {
  const pipelines = scenarios
    .filter((s) => s.id.startsWith('pipeline') && s.product?.functions?.rotation && s.product.correct.some(Boolean))
    .sort((a, b) => b.accounts * b.usersPerAccount - a.accounts * a.usersPerAccount);
  const pipeline = pipelines[0];
  const product = pipeline?.product;
  const functions = product?.functions;
  if (!pipeline || !product || !functions) return undefined;
  const accounts = pipeline.accounts;
  const calls = product.callsByOperation;
  const rotationInvocations = median(functions.rotation?.invocations) || accounts;
  const notifier = functions.notifier;
  const perAccount: PerAccount = {
    rotationSeconds: median(functions.rotation?.seconds) / rotationInvocations,
    rotationMaxSeconds: median(functions.rotation?.maxSeconds),
    rotationCalls: sumOps(calls, (op) => /^(IAM|STS|SecretsManager|SQS)\./.test(op)) / accounts,
    iamCalls: sumOps(calls, (op) => op.startsWith('IAM.')) / accounts,
    stsCalls: sumOps(calls, (op) => op.startsWith('STS.')) / accounts,
    emails: sumOps(calls, (op) => /^SES(v2)?\.Send/.test(op)) / accounts,
    sqsSends: sumOps(calls, (op) => op.startsWith('SQS.Send')) / accounts,
    notifierInvocations: median(notifier?.invocations) / accounts,
    notifierSeconds: median(notifier?.seconds) / accounts,
    logBytes: {
      inventory: median(functions.inventory?.logBytes) / accounts,
      rotation: median(functions.rotation?.logBytes) / accounts,
      notifier: median(notifier?.logBytes) / accounts,
    },
    logLines:
      (median(functions.inventory?.logLines) + median(functions.rotation?.logLines) + median(notifier?.logLines)) / accounts,
  };
  const secretsCalls = sumOps(calls, (op) => op.startsWith('SecretsManager.'));
  const organization = scenarios.find((s) => s.id.startsWith('org-') && !s.id.endsWith('-ous') && s.inventory?.correct.some(Boolean));
  const inventory: InventoryRate = organization?.inventory
    ? {
        source: organization.id,
        accounts: organization.inventory.accountsInScope,
        secondsPerAccount: organization.inventory.seconds.median / organization.inventory.accountsInScope,
        callsPerAccount: organization.inventory.totalCalls.median / organization.inventory.accountsInScope,
      }
    : {
        source: `${pipeline.id} (inventory stage)`,
        accounts: accounts + 1,
        secondsPerAccount: median(functions.inventory?.seconds) / (accounts + 1),
        callsPerAccount: sumOps(calls, (op) => op.startsWith('Organizations.')) / (accounts + 1),
      };
  const large = scenarios
    .filter((s) => s.id.startsWith('account-') && !s.id.endsWith('-throttled') && s.product?.runSeconds)
    .sort((a, b) => b.usersPerAccount - a.usersPerAccount)[0];
  return {
    source: pipeline.id,
    accounts,
    usersPerAccount: pipeline.usersPerAccount,
    dueShare: pipeline.dueUsers / (accounts * pipeline.usersPerAccount),
    perAccount,
    secretsCallsPerRotation: pipeline.dueUsers > 0 ? secretsCalls / pipeline.dueUsers : 0,
    inventory,
    ...(large?.product?.runSeconds
      ? { largestAccount: { id: large.id, users: large.usersPerAccount, seconds: large.product.runSeconds.median, calls: large.product.totalCalls.median } }
      : {}),
  };
}
