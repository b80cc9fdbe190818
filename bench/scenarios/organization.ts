import { INVENTORY_ENV } from '../../contract/env/inventory';
import { pipelineQueues, type Queue } from '../../emulator/deployment';
import { scheduledEvent } from '../events';
import { CallRecorder } from '../calls';
import { purge, queueDepth, type BenchEnvironment } from '../environment';
import { atDeployedLogLevel, LogMeter } from '../log-meter';
import { organizationTree } from '../org-tree';
import type { Product } from '../product';
import type { InventoryFigures, ScenarioResult } from '../results';
import { Samples, summarizeOperations } from '../samples';
import { seedOrganization } from '../seed-organization';
import type { CallSnapshot } from '../calls';

export interface OrganizationInput {
  readonly env: BenchEnvironment;
  readonly product: Product;
  readonly accounts: number;
  readonly reps: number;
  readonly onQueues: (queues: { rotation: Queue; notification: Queue }) => void;
  readonly log: (line: string) => void;
}

interface Scope {
  readonly id: string;
  readonly label: string;
  /** ORGANIZATIONAL_UNITS: empty for the whole Organization. */
  readonly units: readonly string[];
  readonly expected: number;
}

/**
 * The inventory over an Organization of `accounts` members in nested OUs
 * (bench/org-tree.ts): once for the whole Organization (ListAccounts, 20 a
 * page) and once scoped to the top-level OUs (a walk of the tree: accounts
 * and child OUs of every OU, 20 a page). Each run must enqueue exactly one
 * message per account in scope, which the bench counts on the queue.
 */
export async function runOrganizationScenario(input: OrganizationInput): Promise<ScenarioResult[]> {
  const { env, log } = input;
  const id = `org-${input.accounts}`;
  const tree = organizationTree(input.accounts);
  log(`${id}: creating ${input.accounts} accounts in ${tree.length - 1} nested OUs`);
  const seeded = await seedOrganization(env.moto, tree);
  log(`${id}: seeded in ${seeded.seconds.toFixed(1)} s`);
  const queues = await pipelineQueues(env.sqs);
  input.onQueues(queues);

  const topUnits = tree.flatMap((node, index) => (node.parent === 0 ? [seeded.parentIds[index] ?? ''] : []));
  const rootAccounts = tree[0]?.accounts ?? 0;
  const scopes: Scope[] = [
    // The management account is a member of the Organization too.
    { id, label: 'whole Organization', units: [], expected: input.accounts + 1 },
    { id: `${id}-ous`, label: `${topUnits.length} top-level OUs, recursively`, units: topUnits, expected: input.accounts - rootAccounts },
  ];
  const factory = input.product.factories.inventory;
  const results: ScenarioResult[] = [];
  for (const scope of scopes) {
    const samples = new Samples();
    const snapshots: CallSnapshot[] = [];
    const correct: boolean[] = [];
    const problems: string[] = [];
    for (let rep = 1; rep <= input.reps && factory; rep++) {
      const recorder = new CallRecorder();
      const meter = new LogMeter();
      const scopeEnv = { ...process.env, [INVENTORY_ENV.organizationalUnits]: scope.units.join(',') };
      let result: unknown;
      const started = performance.now();
      try {
        result = await atDeployedLogLevel(() => {
          const handler = factory({ plugins: [recorder.plugin] }, scopeEnv);
          return meter.during(() => handler(scheduledEvent(`bench-${scope.id}-${rep}`)));
        });
      } catch (error) {
        problems.push(`inventory failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
      const seconds = (performance.now() - started) / 1000;
      const enqueued = (result as { enqueued?: number } | undefined)?.enqueued;
      const depth = await queueDepth(env, queues.rotation);
      const ok = enqueued === scope.expected && depth === scope.expected;
      if (!ok) problems.push(`rep ${rep}: expected ${scope.expected} messages, the inventory said ${enqueued ?? 'nothing'} and the queue holds ${depth}`);
      correct.push(ok);
      const snapshot = recorder.snapshot();
      snapshots.push(snapshot);
      samples.add('seconds', seconds);
      samples.add('calls', snapshot.totalCalls);
      samples.add('logBytes', meter.bytes);
      await purge(env, queues.rotation);
      log(`${scope.id} rep ${rep}: inventory of ${scope.label} ${seconds.toFixed(2)} s, ${snapshot.totalCalls} calls, ${depth} messages`);
    }
    const seconds = samples.summary('seconds');
    const calls = samples.summary('calls');
    const logBytes = samples.summary('logBytes');
    const inventory: InventoryFigures | undefined =
      seconds && calls && logBytes
        ? { scope: scope.label, accountsInScope: scope.expected, seconds, totalCalls: calls, callsByOperation: summarizeOperations(snapshots, 'calls'), logBytes, correct, problems }
        : undefined;
    results.push({
      id: scope.id,
      title: `Organization of ${input.accounts.toLocaleString('en-US')} accounts in ${tree.length - 1} nested OUs, inventory of the ${scope.label}`,
      accounts: input.accounts,
      usersPerAccount: 0,
      dueUsers: 0,
      status: factory ? 'measured' : `product not measured: ${input.product.missing.inventory ?? 'no inventory handler'}`,
      seedSeconds: seeded.seconds,
      ...(inventory ? { inventory } : {}),
      notes: scope.units.length === 0 ? ['the whole Organization includes the management account, as in AWS'] : [],
    });
  }
  return results;
}
