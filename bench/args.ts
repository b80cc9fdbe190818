import type { ZipSource } from './bundles';

export const SCENARIO_IDS = ['account-100', 'account-1000', 'account-5000', 'throttled', 'org-1000', 'pipeline', 'pipeline-200x100'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** Other names accepted by --scenarios. */
const ALIASES: Readonly<Record<string, ScenarioId>> = { org: 'org-1000', 'pipeline-50x100': 'pipeline' };

/** The scenarios that take minutes per repetition: one repetition unless --reps or --reps-large say otherwise. */
export const LARGE_SCENARIOS: ReadonlySet<ScenarioId> = new Set(['account-5000', 'pipeline', 'pipeline-200x100']);

export interface BenchOptions {
  readonly scenarios: readonly ScenarioId[];
  /** Repetitions per scenario; undefined: the defaults below. */
  readonly reps?: number;
  /** Repetitions of the scenarios that take minutes each (account-5000, pipeline), when --reps is not given. */
  readonly repsLarge?: number;
  readonly quick: boolean;
  readonly zips: ZipSource;
  readonly out: string;
  /** Write docs/performance.md from the results. */
  readonly page: boolean;
  /** Render the report from an existing results file instead of measuring. */
  readonly reportOnly: boolean;
  readonly throttleRate: number;
  /** Run the per-user baseline in the 200-account pipeline too (off by default: it alone takes ten to thirty minutes, and is linear in users). */
  readonly largeBaseline: boolean;
}

export const USAGE = `npm run bench -- [options]
  --scenarios a,b     any of ${SCENARIO_IDS.join(', ')} (also 100, 1000, 5000, org); default all
  --reps N            repetitions of every scenario (default 3, but 1 for ${[...LARGE_SCENARIOS].join(', ')})
  --reps-large N      repetitions of ${[...LARGE_SCENARIOS].join(', ')} only (each takes minutes per repetition)
  --quick             one repetition of small versions (100 users; organization of 100 accounts;
                      pipelines of 5 accounts x 50 users and 10 x 50 without baseline)
  --large-baseline    also run the per-user baseline in pipeline-200x100 (20,000 users one call at a time:
                      ten minutes on an idle 2-core machine, over half an hour on a busy one)
  --zips build|dist   bundle the handlers now (default, same code as npm run build) or use dist/Lambda
  --throttle-rate R   share of IAM requests throttled in the throttled scenario (default 0.2)
  --out FILE          results file (default bench/results.json)
  --page              write docs/performance.md (the whole page) from the results (--readme: the same)
  --report-only       print (and with --page, write) the report of the existing results file; measure nothing`;

/** Default repetitions: enough for a median where a run takes seconds, one where it takes minutes. */
export function repsFor(options: BenchOptions, scenario: ScenarioId): number {
  if (options.reps !== undefined) return options.reps;
  if (options.quick) return 1;
  return LARGE_SCENARIOS.has(scenario) ? (options.repsLarge ?? 1) : 3;
}

function normalize(name: string): ScenarioId {
  const id = /^\d+$/.test(name) ? `account-${name}` : (ALIASES[name] ?? name);
  if (!(SCENARIO_IDS as readonly string[]).includes(id)) throw new Error(`unknown scenario "${name}"\n${USAGE}`);
  return id as ScenarioId;
}

function positiveInteger(option: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${option} must be a positive integer, got "${raw}"`);
  return n;
}

export function parseArgs(argv: readonly string[], defaultOut: string): BenchOptions {
  let scenarios: ScenarioId[] = [...SCENARIO_IDS];
  let reps: number | undefined;
  let repsLarge: number | undefined;
  let quick = false;
  let zips: ZipSource = 'build';
  let out = defaultOut;
  let page = false;
  let reportOnly = false;
  let throttleRate = 0.2;
  let largeBaseline = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    switch (arg) {
      case '--scenarios':
        scenarios = value().split(',').map((s) => normalize(s.trim()));
        break;
      case '--reps':
        reps = positiveInteger(arg, value());
        break;
      case '--reps-large':
        repsLarge = positiveInteger(arg, value());
        break;
      case '--quick':
        quick = true;
        break;
      case '--zips': {
        const v = value();
        if (v !== 'build' && v !== 'dist') throw new Error(`--zips must be build or dist`);
        zips = v;
        break;
      }
      case '--throttle-rate':
        throttleRate = Number(value());
        if (!(throttleRate >= 0 && throttleRate < 1)) throw new Error('--throttle-rate must be in [0, 1)');
        break;
      case '--out':
        out = value();
        break;
      case '--page':
      case '--readme':
        page = true;
        break;
      case '--large-baseline':
        largeBaseline = true;
        break;
      case '--report-only':
        reportOnly = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option "${arg}"\n${USAGE}`);
    }
  }
  return { scenarios, reps, repsLarge, quick, zips, out, page, reportOnly, throttleRate, largeBaseline };
}
