/**
 * `npm run bench`: what the product costs in AWS calls, time and memory as the
 * Organization grows, against a per-user baseline scanner measured in the
 * same run on the same data. Prints markdown, writes bench/results.json.
 * Not part of `npm test`: these are figures, not assertions.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, repsFor, type BenchOptions, type ScenarioId } from './args';
import { loadBundles, measureBundles, type BundleFigures } from './bundles';
import { applyEnvironment, ensureStackBucket, pipelineQueues, prepareNotifier, type Queue } from '../emulator/deployment';
import { emulatedEnvironment } from '../scripts/lib/function-environment';
import { startEnvironment, type BenchEnvironment } from './environment';
import { loadProduct } from './product';
import { writePerformancePage } from './performance-page';
import { markdownReport } from './report';
import type { BenchResults, ScenarioResult, ScenarioTiming } from './results';
import { runAccountScenario } from './scenarios/account';
import { runOrganizationScenario } from './scenarios/organization';
import { runPipelineScenario } from './scenarios/pipeline';
import { evaluateTargets } from './targets';

const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

/** After every moto reset: the queues again, and the functions' environment pointing at them. */
async function queuesAndEnvironment(env: BenchEnvironment): Promise<{ rotation: Queue; notification: Queue }> {
  const queues = await pipelineQueues(env.sqs);
  // The rotation function's key ledger and run state live in the stack's bucket, as deployed.
  await ensureStackBucket(env.moto);
  applyEnvironment(emulatedEnvironment({ queues }));
  return queues;
}

/** Runs one scenario and records how long it took on this machine, seeding included. */
async function timedScenario(timings: ScenarioTiming[], id: string, run: () => Promise<ScenarioResult[]>): Promise<ScenarioResult[]> {
  const started = performance.now();
  const results = await run();
  timings.push({ scenario: id, seconds: (performance.now() - started) / 1000 });
  return results;
}

async function runScenarios(env: BenchEnvironment, options: BenchOptions, timings: ScenarioTiming[]): Promise<ScenarioResult[]> {
  const product = loadProduct();
  const bundles = await loadBundles(options.zips);
  const rotationBundle = bundles.get('rotation') ?? 'no rotation bundle';
  const results: ScenarioResult[] = [];
  const sizes: ReadonlyArray<readonly [number, ScenarioId]> = [
    [100, 'account-100'],
    [1000, 'account-1000'],
    [5000, 'account-5000'],
  ];
  const throttledSize = options.quick ? 100 : 1000;
  for (const [size, id] of options.quick ? sizes.slice(0, 1) : sizes) {
    const wanted = options.scenarios.includes(id);
    const withThrottle = size === throttledSize && options.scenarios.includes('throttled');
    if (!wanted && !withThrottle) continue;
    const label = withThrottle ? (wanted ? `${id} + throttled` : 'throttled') : id;
    results.push(
      ...(await timedScenario(timings, label, () =>
        runAccountScenario({
          env,
          product,
          rotationBundle,
          notificationQueue: async () => (await queuesAndEnvironment(env)).notification,
          size,
          reps: Math.max(repsFor(options, id), withThrottle ? repsFor(options, 'throttled') : 1),
          ...(withThrottle ? { throttleRate: options.throttleRate } : {}),
          log,
        }),
      )),
    );
  }
  const onQueues = (queues: { rotation: Queue; notification: Queue }): void =>
    applyEnvironment(emulatedEnvironment({ queues }));
  if (options.scenarios.includes('org-1000')) {
    const accounts = options.quick ? 100 : 1000;
    results.push(
      ...(await timedScenario(timings, `org-${accounts}`, () =>
        runOrganizationScenario({ env, product, accounts, reps: repsFor(options, 'org-1000'), onQueues, log }),
      )),
    );
  }
  const pipelines: ReadonlyArray<readonly [ScenarioId, number, number, boolean]> = options.quick
    ? [
        ['pipeline', 5, 50, true],
        ['pipeline-200x100', 10, 50, false],
      ]
    : [
        ['pipeline', 50, 100, true],
        ['pipeline-200x100', 200, 100, options.largeBaseline],
      ];
  for (const [id, accounts, usersPerAccount, baseline] of pipelines) {
    if (!options.scenarios.includes(id)) continue;
    results.push(
      ...(await timedScenario(timings, `pipeline-${accounts}x${usersPerAccount}`, async () => [
        await runPipelineScenario({
          env,
          product,
          accounts,
          usersPerAccount,
          reps: repsFor(options, id),
          baseline,
          prepareNotifier: () => prepareNotifier(env.moto),
          onQueues,
          log,
        }),
      ])),
    );
  }
  return results;
}

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseArgs(process.argv.slice(2), path.join(__dirname, 'results.json'));
  if (options.reportOnly) {
    const stored = JSON.parse(await readFile(options.out, 'utf8')) as BenchResults;
    // The targets as this code judges them, from the stored figures: a dropped target is not reported again.
    const results: BenchResults = { ...stored, targets: evaluateTargets(stored.scenarios, stored.bundles) };
    console.log(markdownReport(results));
    if (options.page) await writePerformancePage(results);
    return;
  }
  const env = await startEnvironment();
  try {
    // Bundles load configuration at require time, so they need the functions' environment first.
    await queuesAndEnvironment(env);
    const timings: ScenarioTiming[] = [];
    const requireReps = options.quick ? 1 : 5;
    log('bundling and timing require of each zip');
    let bundleFigures: BundleFigures[] = [];
    await timedScenario(timings, 'bundles', async () => {
      bundleFigures = await measureBundles(await loadBundles(options.zips), requireReps, process.env);
      return [];
    });
    const scenarios = await runScenarios(env, options, timings);
    const cpus = os.cpus();
    const results: BenchResults = {
      command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model.trim() ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      source: sourceVersion(),
      options: { ...options },
      totalSeconds: (performance.now() - started) / 1000,
      scenarios,
      timings,
      bundles: bundleFigures,
      targets: evaluateTargets(scenarios, bundleFigures),
    };
    await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
    const report = markdownReport(results);
    console.log(report);
    if (options.page) await writePerformancePage(results);
    log(`done in ${results.totalSeconds.toFixed(0)} s; results in ${path.relative(process.cwd(), options.out)}`);
  } finally {
    await env.server.stop();
  }
}

/** The commit measured, and whether the functions had uncommitted changes (others work in this checkout). */
function sourceVersion(): string {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', 'functions', 'contract').length > 0;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes in functions/' : ''}`;
  } catch {
    return 'unknown';
  }
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
