import type { FunctionKey } from '../contract/names';
import type { BundleFigures } from './bundles';
import type { Summary } from './stats';

/** One side of a comparison (the baseline scanner or the product), summarized over repetitions. */
export interface SideFigures {
  readonly label: string;
  readonly reps: number;
  /** Wall seconds of the scan: the baseline's whole run; the product's dry run (observe + plan + report). */
  readonly scanSeconds?: Summary;
  /** Wall seconds of the whole run (the product in enforce mode, or the whole pipeline). */
  readonly runSeconds?: Summary;
  readonly totalCalls: Summary;
  readonly callsByOperation: Record<string, Summary>;
  readonly callsPerUser: Summary;
  /** Calls not charged to a due user, per user with nothing due. */
  readonly callsPerIdleUser?: Summary;
  /** Calls naming a user with nothing due (ListAccessKeys of a user the key ledger could not name, and the like). */
  readonly callsOnIdleUsers?: Summary;
  /** Calls naming a due user (by name, ARN, secret or key id), per due user. */
  readonly callsPerDueUser?: Summary;
  /** Calls naming no user at all (whole run: every account's, and the inventory's and notifier's). */
  readonly accountWideCalls?: Summary;
  /** Requests sent including SDK retries, when they differ from the calls made. */
  readonly attempts?: Summary;
  readonly attemptsByOperation?: Record<string, Summary>;
  readonly injectedThrottles?: Summary;
  /** Per repetition: did the account end up exactly as a correct run leaves it? */
  readonly correct: readonly boolean[];
  readonly problems: readonly string[];
  /** Stages of a pipeline run, in wall seconds. */
  readonly stageSeconds?: Record<string, Summary>;
  /** Per function in a pipeline run: what Lambda would bill and what CloudWatch Logs would ingest. */
  readonly functions?: Partial<Record<FunctionKey, FunctionRunFigures>>;
}

/** One function's share of a pipeline run, invoked as its event source mapping would invoke it. */
export interface FunctionRunFigures {
  readonly invocations: Summary;
  /** Sum of the invocations' durations: the billed duration, on moto. */
  readonly seconds: Summary;
  /** The longest invocation (the one closest to the function's timeout). */
  readonly maxSeconds: Summary;
  /** Bytes written to stdout and stderr at the deployed log level. */
  readonly logBytes: Summary;
  readonly logLines: Summary;
}

export interface MemoryFigures {
  /** Peak resident memory of a fresh node process that required the bundle and ran one invocation. */
  readonly maxRssMb: Summary;
  readonly rssAfterRequireMb: Summary;
  readonly invokeSeconds: Summary;
  readonly mode: string;
}

/** One inventory run over an Organization (no users: what listing the accounts and enqueuing them costs). */
export interface InventoryFigures {
  readonly scope: string;
  /** Accounts the inventory must enqueue: one message each. */
  readonly accountsInScope: number;
  readonly seconds: Summary;
  readonly totalCalls: Summary;
  readonly callsByOperation: Record<string, Summary>;
  /** Bytes the inventory logged at the deployed level. */
  readonly logBytes: Summary;
  readonly correct: readonly boolean[];
  readonly problems: readonly string[];
}

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly accounts: number;
  readonly usersPerAccount: number;
  readonly dueUsers: number;
  /** "measured", or why not (a handler that has not landed yet): never a made-up figure. */
  readonly status: string;
  readonly seedSeconds?: number;
  readonly baseline?: SideFigures;
  /** One account: its runs after the first, whose key ledger names the idle users' keys (the targets judge these). */
  readonly product?: SideFigures;
  /** One account: its first run ever (audit mode, empty key ledger: every idle user with keys is listed once); no target. */
  readonly firstRun?: SideFigures;
  readonly memory?: MemoryFigures;
  /** The organization scenarios: the inventory alone. */
  readonly inventory?: InventoryFigures;
  readonly notes: readonly string[];
}

export interface Target {
  readonly name: string;
  readonly verdict: 'PASS' | 'FAIL' | 'NOT MEASURED';
  readonly detail: string;
}

/** How long one scenario (or the bundle measurement) took on this machine, seeding included. */
export interface ScenarioTiming {
  readonly scenario: string;
  readonly seconds: number;
}

export interface BenchResults {
  readonly command: string;
  readonly startedAt: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly memoryGb: number; readonly node: string };
  /** The commit measured. */
  readonly source: string;
  readonly options: Record<string, unknown>;
  readonly totalSeconds: number;
  readonly scenarios: readonly ScenarioResult[];
  /** Absent in results written before the scale work. */
  readonly timings?: readonly ScenarioTiming[];
  readonly bundles: readonly BundleFigures[];
  readonly targets: readonly Target[];
}
