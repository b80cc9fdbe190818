import { baselineScan } from '../baseline';
import { CallRecorder } from '../calls';
import { pipelineQueues, type Queue } from '../../emulator/deployment';
import { freshOrganization, purge, queueDepth, type BenchEnvironment } from '../environment';
import { dueUserNames, population } from '../population';
import type { Invoke, Product } from '../product';
import type { ScenarioResult } from '../results';
import { seedAccount, type SeededAccount } from '../seed';
import { restoreAccount, verifyAccount } from '../state';
import { drainQueue } from '../../scripts/demo/sqs-driver';
import { FUNCTION_NAMES } from '../../contract/names';
import { Side } from './account';

export interface PipelineInput {
  readonly env: BenchEnvironment;
  readonly product: Product;
  readonly accounts: number;
  readonly usersPerAccount: number;
  readonly reps: number;
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

/**
 * The whole daily run over an Organization: inventory enqueues one request per
 * account, the rotation function drains that queue, the notifier drains the
 * notification queue. The bench plays Lambda's event source mappings (batches
 * of up to 10, one at a time; Lambda cannot run in moto), so the wall time is
 * that of a mapping with a maximum concurrency of 1: an upper bound.
 */
export async function runPipelineScenario(input: PipelineInput): Promise<ScenarioResult> {
  const { env, log } = input;
  const id = `pipeline-${input.accounts}x${input.usersPerAccount}`;
  const users = population(input.usersPerAccount);
  const due = dueUserNames(users);
  const totalUsers = input.accounts * input.usersPerAccount;
  // User names repeat in every account, so the due set names the due users of all of them.
  const idle = { due, count: totalUsers - due.size * input.accounts };

  log(`${id}: creating ${input.accounts} accounts`);
  const members = await freshOrganization(env, input.accounts);
  const queues = await pipelineQueues(env.sqs);
  input.onQueues(queues);
  const started = performance.now();
  const seeded: SeededAccount[] = [];
  for (const member of members) {
    const account = await seedAccount(env.moto, member.id, member.credentials, users, new Date());
    // Checks the seeding and has moto generate the account's credential report (see the account scenario).
    const verdict = await verifyAccount(env.moto, account, new Set());
    if (!verdict.ok) throw new Error(`${id}: seeding ${member.id} went wrong: ${verdict.problems.join('; ')}`);
    seeded.push(account);
  }
  const seedSeconds = (performance.now() - started) / 1000;
  log(`${id}: seeded ${totalUsers} users in ${seedSeconds.toFixed(1)} s`);

  const { inventory, rotation, notifier } = input.product.factories;
  const missing = (['inventory', 'rotation', 'notifier'] as const).filter((k) => !input.product.factories[k]);
  const baseline = new Side('baseline (per-user scan, account by account)');
  const product = new Side('product pipeline');
  if (missing.length === 0) await input.prepareNotifier();

  for (let rep = 1; rep <= input.reps; rep++) {
    const recorder = new CallRecorder();
    const baselineSeconds = await timed(async () => {
      for (const account of seeded) await baselineScan(env.moto, account.accountId, { plugins: [recorder.plugin] }, new Date());
    });
    baseline.record(recorder.snapshot(), totalUsers, idle);
    baseline.samples.add('scanSeconds', baselineSeconds);
    baseline.samples.add('runSeconds', baselineSeconds);
    baseline.verdict(true, []);
    log(`${id} rep ${rep}: baseline ${baselineSeconds.toFixed(1)} s, ${recorder.snapshot().totalCalls} calls`);
    if (!inventory || !rotation || !notifier) continue;

    const productRecorder = new CallRecorder();
    const deps = { plugins: [productRecorder.plugin] };
    const handlers: Record<'inventory' | 'rotation' | 'notifier', Invoke> = {
      inventory: inventory(deps),
      rotation: rotation(deps),
      notifier: notifier(deps),
    };
    const problems: string[] = [];
    const stage = { inventory: 0, rotation: 0, notifier: 0 };
    try {
      stage.inventory = await timed(() =>
        handlers.inventory(scheduledEvent(`bench-run-${rep}`)),
      );
      stage.rotation = await timed(async () => {
        const drained = await drainQueue(env.sqs, queues.rotation.url, queues.rotation.arn, FUNCTION_NAMES.rotation, handlers.rotation);
        // The management account is in the Organization too (with no users): one request more.
        const expected = input.accounts + 1;
        if (drained.delivered !== expected) problems.push(`rotation handled ${drained.delivered} of ${expected} requests`);
      });
      stage.notifier = await timed(async () => {
        const drained = await drainQueue(env.sqs, queues.notification.url, queues.notification.arn, FUNCTION_NAMES.notifier, handlers.notifier);
        if (drained.failed > 0) problems.push(`notifier failed ${drained.failed} messages`);
      });
    } catch (error) {
      problems.push(`pipeline failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
    product.record(productRecorder.snapshot(), totalUsers, idle);
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
    notes: [
      'baseline: the per-user scanner run account by account; it sends no notifications',
      'product: queues drained one batch at a time by the bench (no Lambda in moto): wall time is an upper bound',
      'the inventory also enqueues the management account (no IAM users in moto), as it would in AWS',
    ],
  };
}

/** Exactly what the EventBridge rule sends (the inventory refuses anything else), from the bench's account and region. */
function scheduledEvent(id: string): Record<string, unknown> {
  const account = '123456789012';
  const region = 'us-east-1';
  return {
    version: '0',
    id,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${account}:rule/asa-iam-key-rotation-schedule`],
    detail: {},
  };
}
