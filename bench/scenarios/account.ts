import { baselineScan } from '../baseline';
import type { Bundle } from '../bundles';
import { UserAttribution } from '../attribution';
import { CallRecorder, callsOnDueUsers, callsOnIdleUsers, callsPerIdleUser, type CallSnapshot } from '../calls';
import type { Queue } from '../../emulator/deployment';
import { freshOrganization, purge, type BenchEnvironment } from '../environment';
import { ThrottleInjector } from '../faults';
import { measureInvocation } from '../memory';
import { dueUserNames, population } from '../population';
import type { Invoke, Product } from '../product';
import type { FunctionRunFigures, MemoryFigures, ScenarioResult, SideFigures } from '../results';
import { FUNCTION_KEYS } from '../../scripts/lib/functions';
import type { FunctionKey } from '../../contract/names';
import { Samples, summarizeOperations } from '../samples';
import { seedAccount, type SeededAccount } from '../seed';
import { restoreAccount, verifyAccount } from '../state';
import { summarize, type Summary } from '../stats';

export interface AccountScenarioInput {
  readonly env: BenchEnvironment;
  readonly product: Product;
  readonly notificationQueue: () => Promise<Queue>;
  readonly rotationBundle: Bundle | string;
  readonly size: number;
  readonly reps: number;
  /** Also run the product with this share of IAM requests throttled, as a second scenario on the same data. */
  readonly throttleRate?: number;
  readonly log: (line: string) => void;
}

/** Accumulates one side's repetitions. */
export class Side {
  readonly samples = new Samples();
  readonly snapshots: CallSnapshot[] = [];
  readonly correct: boolean[] = [];
  readonly problems: string[] = [];

  constructor(readonly label: string) {}

  /**
   * `idle.due` names the due users; `idle.dueCount` counts them (more than the
   * names in the pipeline, where every account has users of the same names).
   */
  record(snapshot: CallSnapshot, users: number, idle?: { due: ReadonlySet<string>; count: number; dueCount?: number }): void {
    this.snapshots.push(snapshot);
    this.samples.add('calls', snapshot.totalCalls);
    this.samples.add('attempts', snapshot.totalAttempts);
    this.samples.add('callsPerUser', snapshot.totalCalls / users);
    this.samples.add('accountWideCalls', snapshot.accountWide);
    if (idle) {
      this.samples.add('callsPerIdleUser', callsPerIdleUser(snapshot, idle.due, idle.count));
      this.samples.add('callsOnIdleUsers', callsOnIdleUsers(snapshot, idle.due));
      const dueCount = idle.dueCount ?? idle.due.size;
      if (dueCount > 0) this.samples.add('callsPerDueUser', callsOnDueUsers(snapshot, idle.due) / dueCount);
    }
  }

  verdict(ok: boolean, problems: readonly string[]): void {
    this.correct.push(ok);
    for (const p of problems) if (this.problems.length < 10) this.problems.push(p);
  }

  figures(): SideFigures | undefined {
    const totalCalls = this.samples.summary('calls');
    const callsPerUser = this.samples.summary('callsPerUser');
    if (!totalCalls || !callsPerUser) return undefined;
    const attempts = this.samples.summary('attempts');
    const retried = attempts !== undefined && this.snapshots.some((s) => s.totalAttempts !== s.totalCalls);
    const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
      value === undefined ? {} : ({ [key]: value } as Record<K, V>);
    const stages = ['inventory', 'rotation', 'notifier'].filter((s) => this.samples.has(`stage.${s}`));
    const functions = FUNCTION_KEYS.filter((key) => this.samples.has(`fn.${key}.invocations`));
    const metric = (key: FunctionKey, name: keyof FunctionRunFigures): Summary => this.samples.summary(`fn.${key}.${name}`) ?? summarize([0]);
    return {
      label: this.label,
      reps: this.snapshots.length,
      ...optional('scanSeconds', this.samples.summary('scanSeconds')),
      ...optional('runSeconds', this.samples.summary('runSeconds')),
      totalCalls,
      callsByOperation: summarizeOperations(this.snapshots, 'calls'),
      callsPerUser,
      ...optional('callsPerIdleUser', this.samples.summary('callsPerIdleUser')),
      ...optional('callsOnIdleUsers', this.samples.summary('callsOnIdleUsers')),
      ...optional('callsPerDueUser', this.samples.summary('callsPerDueUser')),
      ...optional('accountWideCalls', this.samples.summary('accountWideCalls')),
      ...(retried ? { attempts, attemptsByOperation: summarizeOperations(this.snapshots, 'attempts') } : {}),
      ...optional('injectedThrottles', this.samples.summary('injected')),
      correct: this.correct,
      problems: this.problems,
      ...(stages.length > 0
        ? { stageSeconds: Object.fromEntries(stages.map((s) => [s, this.samples.summary(`stage.${s}`) ?? summarize([0])])) }
        : {}),
      ...(functions.length > 0
        ? {
            functions: Object.fromEntries(
              functions.map((key) => [
                key,
                {
                  invocations: metric(key, 'invocations'),
                  seconds: metric(key, 'seconds'),
                  maxSeconds: metric(key, 'maxSeconds'),
                  logBytes: metric(key, 'logBytes'),
                  logLines: metric(key, 'logLines'),
                },
              ]),
            ),
          }
        : {}),
    };
  }
}

async function timed<T>(action: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await action();
  return { value, seconds: (performance.now() - started) / 1000 };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Runs the product once on the account with the recorder (and injector) as plugins; returns the seconds taken. */
async function runProduct(
  side: Side,
  rotation: (plugins: AwsPluginsInput) => Invoke,
  event: Record<string, unknown>,
  plugins: AwsPluginsInput,
): Promise<{ seconds: number; error?: string }> {
  try {
    const { seconds } = await timed(() => rotation(plugins)(event));
    return { seconds };
  } catch (error) {
    side.verdict(false, [`handler failed: ${errorText(error)}`]);
    return { seconds: NaN, error: errorText(error) };
  }
}

type AwsPluginsInput = { recorder: CallRecorder; throttle?: ThrottleInjector };

export async function runAccountScenario(input: AccountScenarioInput): Promise<ScenarioResult[]> {
  const { env, size, reps, log } = input;
  const users = population(size);
  const due = dueUserNames(users);
  const idle = { due, count: size - due.size };
  const id = `account-${size}`;
  const title = `1 account, ${size.toLocaleString('en-US')} users`;
  const throttledId = `${id}-throttled`;
  const throttledTitle = `${title}, ${Math.round((input.throttleRate ?? 0) * 100)} % of IAM calls throttled`;

  const [account] = await freshOrganization(env, 1);
  if (!account) throw new Error('no member account created');
  const queue = await input.notificationQueue();
  log(`${id}: seeding ${size} users (${due.size} due)`);
  const seeded: SeededAccount = await seedAccount(env.moto, account.id, account.credentials, users, new Date());
  log(`${id}: seeded in ${seeded.seconds.toFixed(1)} s`);
  // Checks the seeding, and has moto generate its credential report now: IAM keeps one for four
  // hours, so a daily run usually finds one; the first run's wait for it would be a cold-start artefact.
  const seededRight = await verifyAccount(env.moto, seeded, new Set());
  if (!seededRight.ok) throw new Error(`${id}: seeding went wrong: ${seededRight.problems.join('; ')}`);

  // The seeded keys' owners, so a call naming only a key id is charged to its user.
  const attribution = new UserAttribution();
  for (const key of seeded.keys.values()) attribution.learnKey(key.accessKeyId, key.userName);

  const factory = input.product.factories.rotation;
  const rotation = factory
    ? (p: AwsPluginsInput): Invoke => factory({ plugins: p.throttle ? [p.recorder.plugin, p.throttle.plugin] : [p.recorder.plugin] })
    : undefined;
  const event = { account: account.id, name: account.name, email: account.email };
  const baseline = new Side('baseline (per-user scan)');
  const product = new Side('product, later runs');
  const firstRun = new Side('product, first run (empty key ledger)');
  const throttled = new Side('product, throttled');
  const memory = new Samples();

  for (let rep = 1; rep <= reps; rep++) {
    const recorder = new CallRecorder(attribution);
    const scan = await timed(() => baselineScan(env.moto, account.id, { plugins: [recorder.plugin] }, new Date()));
    baseline.record(recorder.snapshot(), size, idle);
    baseline.samples.add('scanSeconds', scan.seconds);
    baseline.samples.add('runSeconds', scan.seconds);
    const missed = [...due].filter((u) => !scan.value.due.includes(u));
    baseline.verdict(missed.length === 0 && scan.value.due.length === due.size, missed.map((u) => `baseline missed ${u}`));
    log(`${id} rep ${rep}: baseline ${scan.seconds.toFixed(1)} s, ${recorder.snapshot().totalCalls} calls`);
    if (!rotation) continue;

    const dryRecorder = new CallRecorder(attribution);
    const dry = await runProduct(product, rotation, { ...event, dryrun: true }, { recorder: dryRecorder });
    // The account's first run ever: its key ledger is empty, so each idle user with keys is listed once (docs/ledger.md).
    // Every run after it (the enforce runs recorded below) names idle users' keys from the ledger.
    if (rep === 1 && !dry.error) firstRun.record(dryRecorder.snapshot(), size, idle);
    if (!dry.error) {
      product.samples.add('scanSeconds', dry.seconds);
      if (rep === 1) {
        firstRun.samples.add('scanSeconds', dry.seconds);
        firstRun.samples.add('runSeconds', dry.seconds);
      }
    }
    const unchanged = await verifyAccount(env.moto, seeded, new Set());
    if (!unchanged.ok) product.verdict(false, unchanged.problems.map((p) => `dry run changed: ${p}`));
    if (rep === 1) firstRun.verdict(!dry.error && unchanged.ok, unchanged.problems.map((p) => `first run changed: ${p}`));
    await purge(env, queue);

    const enforceRecorder = new CallRecorder(attribution);
    const run = await runProduct(product, rotation, event, { recorder: enforceRecorder });
    product.record(enforceRecorder.snapshot(), size, idle);
    if (!run.error) {
      product.samples.add('runSeconds', run.seconds);
      const verdict = await verifyAccount(env.moto, seeded, due);
      product.verdict(verdict.ok && unchanged.ok, verdict.problems);
    }
    await restoreAccount(env.moto, seeded, due);
    await purge(env, queue);
    log(`${id} rep ${rep}: product scan ${dry.seconds.toFixed(2)} s, run ${run.seconds.toFixed(2)} s, ${enforceRecorder.snapshot().totalCalls} calls`);

    if (input.throttleRate !== undefined) {
      const throttleRecorder = new CallRecorder(attribution);
      const injector = new ThrottleInjector(input.throttleRate, 'IAMClient', 1000 + rep);
      const hit = await runProduct(throttled, rotation, event, { recorder: throttleRecorder, throttle: injector });
      throttled.record(throttleRecorder.snapshot(), size, idle);
      throttled.samples.add('injected', injector.total);
      if (!hit.error) {
        throttled.samples.add('runSeconds', hit.seconds);
        const verdict = await verifyAccount(env.moto, seeded, due);
        throttled.verdict(verdict.ok, verdict.problems);
      }
      await restoreAccount(env.moto, seeded, due);
      await purge(env, queue);
      const s = throttleRecorder.snapshot();
      log(`${id} rep ${rep}: throttled run ${hit.seconds.toFixed(2)} s, ${s.totalCalls} calls, ${s.totalAttempts} requests, ${injector.total} throttled`);
    }

    if (typeof input.rotationBundle !== 'string') {
      // The shipped artifact, cold, in enforce mode: its peak memory, and whether it too leaves the account right.
      const sample = await measureInvocation(input.rotationBundle, event).catch((error: Error) => error);
      if (sample instanceof Error) product.verdict(false, [`bundled handler: ${sample.message}`]);
      else {
        memory.add('maxRssMb', sample.maxRssMb);
        memory.add('rssLoadedMb', sample.rssLoadedMb);
        memory.add('invokeSeconds', sample.seconds);
        const verdict = await verifyAccount(env.moto, seeded, due);
        product.verdict(verdict.ok, verdict.problems.map((p) => `bundled handler: ${p}`));
        log(`${id} rep ${rep}: bundled handler peak RSS ${sample.maxRssMb.toFixed(0)} MB`);
      }
      await restoreAccount(env.moto, seeded, due);
      await purge(env, queue);
    }
  }

  const status = rotation ? 'measured' : `product not measured: ${input.product.missing.rotation ?? 'no rotation handler'}`;
  const memoryFigures = memoryOf(memory);
  const base: Omit<ScenarioResult, 'id' | 'title' | 'product' | 'memory'> = {
    accounts: 1,
    usersPerAccount: size,
    dueUsers: due.size,
    status,
    seedSeconds: seeded.seconds,
    notes: [],
  };
  const results: ScenarioResult[] = [
    {
      ...base,
      id,
      title,
      baseline: baseline.figures(),
      product: product.figures(),
      ...optionalFirstRun(firstRun.figures()),
      ...(memoryFigures ? { memory: memoryFigures } : {}),
      notes: [
        ...(rotation
          ? ["first run: the account's first run ever (audit mode, empty key ledger: each idle user with keys is listed once), measured in the first repetition; later runs (enforce mode) name idle users' keys from the ledger"]
          : []),
        ...(typeof input.rotationBundle === 'string' && rotation ? [`memory not measured: ${input.rotationBundle}`] : []),
      ],
    },
  ];
  if (input.throttleRate !== undefined) {
    results.push({
      ...base,
      id: throttledId,
      title: throttledTitle,
      baseline: baseline.figures(),
      product: throttled.figures(),
      notes: ['baseline: the same scanner without throttling, on the same data'],
    });
  }
  return results;
}

export function optionalFirstRun(figures: SideFigures | undefined): Pick<ScenarioResult, 'firstRun'> {
  return figures ? { firstRun: figures } : {};
}

function memoryOf(samples: Samples): MemoryFigures | undefined {
  const maxRssMb = samples.summary('maxRssMb');
  const rssAfterRequireMb = samples.summary('rssLoadedMb');
  const invokeSeconds = samples.summary('invokeSeconds');
  if (!maxRssMb || !rssAfterRequireMb || !invokeSeconds) return undefined;
  return { maxRssMb, rssAfterRequireMb, invokeSeconds, mode: 'bundled handler, fresh node process, one enforce invocation' };
}
