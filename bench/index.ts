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
import { BEFORE_COMMIT, loadBundlesAt } from './bundles-before';
import { applyEnvironment, handlerEnvironment, pipelineQueues, prepareNotifier, type Queue } from '../emulator/deployment';
import { startEnvironment, type BenchEnvironment } from './environment';
import { loadProduct } from './product';
import { writeReadmeSection } from './readme';
import { markdownReport } from './report';
import type { BenchResults, ScenarioResult, ScenarioTiming } from './results';
import { runAccountScenario } from './scenarios/account';
import { runOrganizationScenario } from './scenarios/organization';
import { runPipelineScenario } from './scenarios/pipeline';
import { evaluateTargets } from './targets';

/** Measured on 2026-12-01 on the project's 2-core machine while five other engineers used it (load average 8); the timings table shows the run at hand. */
const DEFAULT_RUN_NOTE =
  'A default `npm run bench` (one repetition of the large scenarios) took 35 minutes on 2 busy cores (the 200-account pipeline 12 of them, 9 of which seeding moto); `--large-baseline` added 44 minutes there; `--quick` took 2.';

const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

/** After every moto reset: the queues again, and the functions' environment pointing at them. */
async function queuesAndEnvironment(env: BenchEnvironment): Promise<{ rotation: Queue; notification: Queue }> {
  const queues = await pipelineQueues(env.sqs);
  applyEnvironment(handlerEnvironment({ rotation: queues.rotation.url, notification: queues.notification.url }));
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
    applyEnvironment(handlerEnvironment({ rotation: queues.rotation.url, notification: queues.notification.url }));
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
    const results = JSON.parse(await readFile(options.out, 'utf8')) as BenchResults;
    console.log(markdownReport(results));
    if (options.readme) await writeReadmeSection(readmeBody(markdownReport(results, { brief: true })));
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
    let bundlesBefore: BenchResults['bundlesBefore'];
    if (options.bundlesBefore) {
      log(`bundles before: building ${BEFORE_COMMIT} with its own build code (once per machine) and timing require`);
      await timedScenario(timings, `bundles of ${BEFORE_COMMIT}`, async () => {
        bundlesBefore = { commit: BEFORE_COMMIT, figures: await measureBundles(await loadBundlesAt(BEFORE_COMMIT, log), requireReps, process.env) };
        return [];
      });
    }
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
      ...(bundlesBefore ? { bundlesBefore } : {}),
      targets: evaluateTargets(scenarios, bundleFigures),
    };
    await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
    const report = markdownReport(results);
    console.log(report);
    if (options.readme) await writeReadmeSection(readmeBody(markdownReport(results, { brief: true })));
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

function readmeBody(report: string): string {
  return [
    '`npm run bench` measures the product against a per-user baseline scanner (what the classic solution does:',
    'list users, then per user list keys and tags, per key get last-used) on the same moto data in the same run.',
    'Every figure below comes from the command named under it; all figures, calls by operation of every',
    'scenario included, are in `bench/results.json`. moto runs on the same 2 cores as the bench (shared with',
    'other work), so seconds are relative: compare the ratios, measured in the same run, not the seconds.',
    'moto pages like AWS (`emulator/moto_paging.py`): IAM lists 100 items a page unless asked for up to 1,000,',
    'Organizations 20 a page, so every page a real run would fetch is a call counted here.',
    '',
    'Scenarios: one account of 100, 1,000 and 5,000 users with 2 % of keys due (nobody in a warning window); the',
    "1,000-user account again with 20 % of IAM requests failing with ThrottlingException below the SDK's retry;",
    'the inventory of an Organization of 1,000 accounts in 64 nested OUs, whole and scoped to its top-level OUs;',
    'and 50 and 200 accounts of 100 users through inventory, rotation queue, rotation, notification queue and',
    "notifier (the bench drains the queues in the mappings' batch sizes; Lambda cannot run in moto; the baseline",
    'runs at 200 accounts only with `--large-baseline`: 60,000 calls one at a time, linear in users). After every',
    'run the bench checks the accounts (the due users have a new key stored in their secret, nobody else',
    'changed) and restores them for the next repetition; an inventory must enqueue each account in scope once.',
    'The peak memory is that of a fresh `node` process running the bundled handler from its zip once, cold.',
    'The time and cost models scale the largest pipeline\'s per-account figures; their assumptions follow them.',
    '',
    `${DEFAULT_RUN_NOTE} \`npm run bench -- --help\` lists the options.`,
    '',
    report,
  ].join('\n');
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
