import { baselineScan } from '../baseline';
import { UserAttribution } from '../attribution';
import { scheduledEvent } from '../events';
import { CallRecorder } from '../calls';
import { DEPLOYED } from '../deployed';
import { atDeployedLogLevel, LogMeter } from '../log-meter';
import { pipelineQueues, type Queue } from '../../emulator/deployment';
import { freshOrganization, purge, queueDepth, type BenchEnvironment } from '../environment';
import { dueUserNames, population } from '../population';
import type { HandlerFactory, Invoke, Product } from '../product';
import type { AwsDependencies } from '../../functions/core/aws/plugins';
import type { ScenarioResult } from '../results';
import { seedAccounts } from '../seed';
import { restoreAccount, verifyAccount } from '../state';
import { drainQueue } from '../../scripts/demo/sqs-driver';
import { FUNCTION_NAMES, type FunctionKey } from '../../contract/names';
import { optionalFirstRun, Side } from './account';

export interface PipelineInput {
  readonly env: BenchEnvironment;
  readonly product: Product;
  readonly accounts: number;
  readonly usersPerAccount: number;
  readonly reps: number;
  /** Also run the per-user baseline scanner (at 200 accounts it alone takes ten to thirty minutes). */
  readonly baseline: boolean;
  /** Prepares what the notifier needs beyond the queues (sender identity, email templates). */
  readonly prepareNotifier: () => Promise<void>;
  readonly onQueues: (queues: { rotation: Queue; notification: Queue }) => void;
  readonly log: (line: string) => void;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return (performance.now() - started) / 1000;
}

const FUNCTIONS: readonly FunctionKey[] = ['inventory', 'rotation', 'notifier'];

/** What Lambda would bill and ship to CloudWatch Logs for one function in one run. */
class FunctionMeter {
  readonly durations: number[] = [];
  readonly logs = new LogMeter();

  /** The handler, timed and with its output counted, per invocation as Lambda bills it. */
  wrap(handler: Invoke): Invoke {
    return async (event) => {
      const started = performance.now();
      try {
        return await this.logs.during(() => handler(event));
      } finally {
        this.durations.push((performance.now() - started) / 1000);
      }
    };
  }
}

interface PipelineRun {
  readonly stage: Record<FunctionKey, number>;
  readonly meters: Record<FunctionKey, FunctionMeter>;
  readonly problems: string[];
}

/**
 * One daily run as deployed: the functions log at their default level, and
 * each queue's mapping delivers its batch size. `accountsInOrganization`
 * rotation requests are expected.
 */
async function runPipelineOnce(
  env: BenchEnvironment,
  queues: { rotation: Queue; notification: Queue },
  factories: Record<FunctionKey, HandlerFactory>,
  deps: AwsDependencies,
  rep: number,
  accountsInOrganization: number,
): Promise<PipelineRun> {
  const meters = Object.fromEntries(FUNCTIONS.map((key) => [key, new FunctionMeter()])) as Record<FunctionKey, FunctionMeter>;
  const problems: string[] = [];
  const stage: Record<FunctionKey, number> = { inventory: 0, rotation: 0, notifier: 0 };
  const drain = async (key: 'rotation' | 'notifier', queue: Queue, handler: Invoke) =>
    drainQueue(env.sqs, queue.url, queue.arn, FUNCTION_NAMES[key], handler, { batchSize: DEPLOYED.mappings[key].batchSize, concurrency: 1 });
  await atDeployedLogLevel(async () => {
    const handlers = Object.fromEntries(FUNCTIONS.map((key) => [key, meters[key].wrap(factories[key](deps))])) as Record<FunctionKey, Invoke>;
    try {
      stage.inventory = await timed(() =>
        handlers.inventory(scheduledEvent(`bench-run-${rep}`)),
      );
      stage.rotation = await timed(async () => {
        const drained = await drain('rotation', queues.rotation, handlers.rotation);
        if (drained.delivered !== accountsInOrganization) problems.push(`rotation handled ${drained.delivered} of ${accountsInOrganization} requests`);
      });
      stage.notifier = await timed(async () => {
        const drained = await drain('notifier', queues.notification, handlers.notifier);
        if (drained.failed > 0) problems.push(`notifier failed ${drained.failed} messages`);
      });
    } catch (error) {
      problems.push(`pipeline failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  });
  return { stage, meters, problems };
}

/**
 * The whole daily run over an Organization: inventory enqueues one request per
 * account, the rotation function drains that queue, the notifier drains the
 * notification queue. The bench plays Lambda's event source mappings (in their
 * deployed batch sizes, one invocation at a time; Lambda cannot run in moto),
 * so the wall time is that of a maximum concurrency of 1: an upper bound. The
 * time model (bench/models) scales it to the deployed concurrency.
 */
export async function runPipelineScenario(input: PipelineInput): Promise<ScenarioResult> {
  const { env, log } = input;
  const id = `pipeline-${input.accounts}x${input.usersPerAccount}`;
  const users = population(input.usersPerAccount);
  const due = dueUserNames(users);
  const totalUsers = input.accounts * input.usersPerAccount;
  // User names repeat in every account, so the due set names the due users of all of them.
  const idle = { due, count: totalUsers - due.size * input.accounts, dueCount: due.size * input.accounts };

  log(`${id}: creating ${input.accounts} accounts`);
  // Seeding counts from the first account created.
  const started = performance.now();
  const members = await freshOrganization(env, input.accounts);
  const queues = await pipelineQueues(env.sqs);
  input.onQueues(queues);
  const seeded = await seedAccounts(
    env.moto,
    members.map((m) => ({ accountId: m.id, credentials: m.credentials })),
    users,
    new Date(),
  );
  for (const account of seeded) {
    // Checks the seeding and has moto generate the account's credential report (see the account scenario).
    const verdict = await verifyAccount(env.moto, account, new Set());
    if (!verdict.ok) throw new Error(`${id}: seeding ${account.accountId} went wrong: ${verdict.problems.join('; ')}`);
  }
  const seedSeconds = (performance.now() - started) / 1000;
  log(`${id}: created ${input.accounts} accounts and seeded ${totalUsers} users in ${seedSeconds.toFixed(1)} s`);

  // Every seeded key's owner, so a call naming only a key id is charged to its user.
  const attribution = new UserAttribution();
  for (const account of seeded) for (const key of account.keys.values()) attribution.learnKey(key.accessKeyId, key.userName);

  const { inventory, rotation, notifier } = input.product.factories;
  const missing = (['inventory', 'rotation', 'notifier'] as const).filter((k) => !input.product.factories[k]);
  const baseline = new Side('baseline (per-user scan, account by account)');
  const product = new Side('product pipeline, later runs');
  if (missing.length === 0) await input.prepareNotifier();

  // The Organization's first daily run fills every account's key ledger (each idle user with keys is listed once);
  // every daily run after it names idle users' keys from the ledger. The reps measure those later runs, which the
  // time and cost models scale; the first one is reported as a row of its own.
  const firstRun = new Side('product pipeline, first run (empty key ledgers)');
  if (inventory && rotation && notifier) {
    const recorder = new CallRecorder(attribution);
    const { stage, problems } = await runPipelineOnce(env, queues, { inventory, rotation, notifier }, { plugins: [recorder.plugin] }, 0, input.accounts + 1);
    firstRun.record(recorder.snapshot(), totalUsers, idle);
    firstRun.samples.add('runSeconds', stage.inventory + stage.rotation + stage.notifier);
    for (const account of seeded) {
      const verdict = await verifyAccount(env.moto, account, due);
      problems.push(...verdict.problems.map((p) => `${account.accountId}: ${p}`));
      await restoreAccount(env.moto, account, due);
    }
    firstRun.verdict(problems.length === 0, problems);
    await purge(env, queues.rotation);
    await purge(env, queues.notification);
    log(`${id} first run: product ${(stage.inventory + stage.rotation + stage.notifier).toFixed(1)} s, ${recorder.snapshot().totalCalls} calls`);
  }

  for (let rep = 1; rep <= input.reps; rep++) {
    if (input.baseline) {
      const recorder = new CallRecorder(attribution);
      const baselineSeconds = await timed(async () => {
        for (const account of seeded) await baselineScan(env.moto, account.accountId, { plugins: [recorder.plugin] }, new Date());
      });
      baseline.record(recorder.snapshot(), totalUsers, idle);
      baseline.samples.add('scanSeconds', baselineSeconds);
      baseline.samples.add('runSeconds', baselineSeconds);
      baseline.verdict(true, []);
      log(`${id} rep ${rep}: baseline ${baselineSeconds.toFixed(1)} s, ${recorder.snapshot().totalCalls} calls`);
    }
    if (!inventory || !rotation || !notifier) continue;
    // The management account is in the Organization too (with no users): one request more.

    const productRecorder = new CallRecorder(attribution);
    const handlers = { inventory, rotation, notifier };
    const { stage, meters, problems } = await runPipelineOnce(env, queues, handlers, { plugins: [productRecorder.plugin] }, rep, input.accounts + 1);
    product.record(productRecorder.snapshot(), totalUsers, idle);
    for (const key of FUNCTIONS) {
      const durations = meters[key].durations;
      product.samples.add(`fn.${key}.invocations`, durations.length);
      product.samples.add(`fn.${key}.seconds`, durations.reduce((a, b) => a + b, 0));
      product.samples.add(`fn.${key}.maxSeconds`, Math.max(0, ...durations));
      product.samples.add(`fn.${key}.logBytes`, meters[key].logs.bytes);
      product.samples.add(`fn.${key}.logLines`, meters[key].logs.lines);
    }
    product.samples.add('runSeconds', stage.inventory + stage.rotation + stage.notifier);
    for (const [name, seconds] of Object.entries(stage)) product.samples.add(`stage.${name}`, seconds);
    for (const queue of [queues.rotation, queues.notification]) {
      const depth = await queueDepth(env, queue);
      if (depth > 0) problems.push(`${depth} messages left on ${queue.url.split('/').pop() ?? queue.url}`);
    }
    for (const account of seeded) {
      const verdict = await verifyAccount(env.moto, account, due);
      problems.push(...verdict.problems.map((p) => `${account.accountId}: ${p}`));
      await restoreAccount(env.moto, account, due);
    }
    product.verdict(problems.length === 0, problems);
    await purge(env, queues.rotation);
    await purge(env, queues.notification);
    log(`${id} rep ${rep}: product ${(stage.inventory + stage.rotation + stage.notifier).toFixed(1)} s, ${productRecorder.snapshot().totalCalls} calls`);
  }

  return {
    id,
    title: `${input.accounts} accounts × ${input.usersPerAccount} users, whole pipeline`,
    accounts: input.accounts,
    usersPerAccount: input.usersPerAccount,
    dueUsers: due.size * input.accounts,
    status: missing.length === 0 ? 'measured' : `product not measured: ${missing.map((k) => input.product.missing[k] ?? k).join('; ')}`,
    seedSeconds,
    baseline: baseline.figures(),
    product: product.figures(),
    ...optionalFirstRun(firstRun.figures()),
    notes: [
      'first run: the Organization\'s first daily run (every key ledger empty: each idle user with keys is listed once); later runs (the repetitions, which the time and cost models scale) name idle users\' keys from the ledgers',
      input.baseline ? 'baseline: the per-user scanner run account by account; it sends no notifications' : 'baseline: not run at this size (it is linear in users: see the smaller pipeline; --large-baseline runs it)',
      `product: queues drained by the bench (no Lambda in moto) in the deployed batch sizes (rotation ${DEPLOYED.mappings.rotation.batchSize}, notifier ${DEPLOYED.mappings.notifier.batchSize}), one invocation at a time: wall time is an upper bound`,
      'the inventory also enqueues the management account (no IAM users in moto), as it would in AWS',
    ],
  };
}
