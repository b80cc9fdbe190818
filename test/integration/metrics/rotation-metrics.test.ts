import { ACTION_METRICS, METRICS_NAMESPACE, RUN_METRICS, STANDING_METRICS } from '../../../contract/metrics';
import { DEFAULT_EXEMPTION_TAG_KEY } from '../../../contract/names';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { createLogger } from '../../../functions/core/log/logger';
import { createRotationHandler, type RunSummary } from '../../../functions/rotation';
import { seedUser } from '../../../emulator/iam-users';
import { isEmf, parseEmf, stdoutOf, type EmfLine } from '../../harness/emf';
import { useMoto } from '../../harness/moto';
import { FaultInjector } from '../../harness/sdk-plugins';
import { sqsEvent, sqsRecord } from '../../harness/sqs-event';
import { createWorld, keysOf, type World } from '../rotation/fixture';

/**
 * The rotation function's metrics as CloudWatch would read them: the EMF
 * lines the real handler writes on stdout (Powertools Metrics), parsed, and
 * compared with what the run did to the keys on moto.
 */
const moto = useMoto();
const NOW = new Date(Date.UTC(2025, 8, 1, 9, 0, 0));
const EVERY_ACTION_METRIC = Object.values(ACTION_METRICS).sort();

async function invoke(world: World, event: unknown, options: { env?: Record<string, string>; faults?: FaultInjector } = {}): Promise<EmfLine[]> {
  const handler = createRotationHandler({
    env: { ...world.env, ...options.env },
    now: () => NOW,
    plugins: options.faults ? [options.faults.plugin] : [],
    // The log goes elsewhere: stdout then holds only what Powertools Metrics writes.
    logger: createLogger('rotation', { sink: () => undefined }),
    polling: { delaysMs: [0, 0, 0], sleep: async () => undefined },
  });
  const { lines } = await stdoutOf(() => handler(event).catch((error: unknown) => error));
  expect(lines.every(isEmf)).toBe(true);
  return lines.map(parseEmf);
}

const scheduled = (world: World, runId = 'run-2025-09-01') => sqsEvent(sqsRecord({ account: world.memberId, runId, expectedAccounts: 1 }));

describe('rotation metrics (EMF on stdout)', () => {
  let world: World;

  beforeEach(async () => {
    await moto.reset();
    world = await createWorld(moto);
    await moto.clock.set(NOW);
    await seedUser(moto, world.member, { name: 'due', keys: [{ ageDays: 95, lastUsedDaysAgo: 1 }] }, NOW);
    await seedUser(moto, world.member, { name: 'overdue', keys: [{ ageDays: 150, lastUsedDaysAgo: 1 }] }, NOW);
    await seedUser(moto, world.member, { name: 'exempt', tags: { [DEFAULT_EXEMPTION_TAG_KEY]: 'true' }, keys: [{ ageDays: 200, lastUsedDaysAgo: 1 }] }, NOW);
    await seedUser(moto, world.member, { name: 'fresh', keys: [{ ageDays: 10, lastUsedDaysAgo: 1 }] }, NOW);
    await seedUser(moto, world.member, { name: 'retired', keys: [{ ageDays: 40, status: 'Inactive', lastUsedDaysAgo: 45 }, { ageDays: 30, lastUsedDaysAgo: 1 }] }, NOW);
  });

  test('a scheduled run in enforce mode: a line of actions (Mode=enforce), one of standings, one of the invocation', async () => {
    const lines = await invoke(world, scheduled(world));
    expect(lines).toHaveLength(3);
    const [actions, standings, invocation] = lines as [EmfLine, EmfLine, EmfLine];

    expect(actions.namespace).toBe(METRICS_NAMESPACE);
    expect(actions.dimensionSets).toEqual([['service', 'Mode']]);
    expect(actions.dimensions).toEqual({ service: 'rotation', Mode: 'enforce' });
    expect(Object.keys(actions.values).sort()).toEqual(EVERY_ACTION_METRIC);
    // What happened on moto: "due" and "overdue" have a new key each, "retired" lost its inactive one.
    expect((await keysOf(moto, world.member, 'due')).length).toBe(2);
    expect((await keysOf(moto, world.member, 'overdue')).length).toBe(2);
    expect((await keysOf(moto, world.member, 'retired')).map((key) => key.Status)).toEqual(['Active']);
    expect(actions.values).toMatchObject({ KeysRotated: 2, KeysDeactivated: 0, KeysDeleted: 1, KeysPostponed: 0, KeyActionsFailed: 0, UsersFailed: 0 });
    expect(new Set(Object.values(actions.units))).toEqual(new Set(['Count']));

    expect(standings.namespace).toBe(METRICS_NAMESPACE);
    expect(standings.dimensionSets).toEqual([['service']]);
    expect(standings.values).toEqual({
      [STANDING_METRICS.compliant]: 2,
      [STANDING_METRICS.rotationDue]: 1,
      [STANDING_METRICS.overdue]: 1,
      [STANDING_METRICS.exempt]: 1,
      [STANDING_METRICS.inGrace]: 1,
      [STANDING_METRICS.held]: 0,
      [STANDING_METRICS.replaced]: 0,
    });

    // Written however the invocation ends, zero included: a day without failures is a zero on the dashboard, not a gap.
    expect(invocation.dimensionSets).toEqual([['service']]);
    expect(invocation.values).toEqual({ [RUN_METRICS.accountsFailed]: 0 });
  });

  test('the same run in audit mode counts what enforce mode would do, under Mode=audit', async () => {
    const lines = await invoke(world, scheduled(world), { env: { [ROTATION_ENV.dryRun]: 'True' } });
    const actions = lines.find((line) => line.dimensions.Mode !== undefined);
    expect(actions?.dimensions).toEqual({ service: 'rotation', Mode: 'audit' });
    expect(actions?.values.KeysRotated).toBe(2);
  });

  test('a console run writes its actions but no standings: one account on request is not a census', async () => {
    const lines = await invoke(world, { account: world.memberId });
    // The console path has no batch: no AccountRunsFailed line either when the run succeeds.
    expect(lines.map((line) => line.dimensionSets)).toEqual([[['service', 'Mode']]]);
    expect(lines[0]?.values.KeysRotated).toBe(2);
  });

  test('a rotation rolled back counts as a failed action and a failed user', async () => {
    const lines = await invoke(world, scheduled(world), { faults: new FaultInjector().failNext('PutSecretValue', 10) });
    const actions = lines.find((line) => line.dimensions.Mode === 'enforce');
    expect(actions?.values.KeyActionsFailed).toBe(2);
    expect(actions?.values.UsersFailed).toBe(2);
    expect(actions?.values.KeysRotated).toBe(0);
  });

  test('an account run that fails as a whole is counted once per invocation, and writes no account line', async () => {
    const lines = await invoke(world, scheduled(world), { faults: new FaultInjector().failNext('AssumeRole', 10) });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.namespace).toBe(METRICS_NAMESPACE);
    expect(lines[0]?.dimensionSets).toEqual([['service']]);
    expect(lines[0]?.values).toEqual({ [RUN_METRICS.accountsFailed]: 1 });
  });

  test('the summary a console caller gets carries the same standings', async () => {
    const handler = createRotationHandler({
      env: world.env,
      now: () => NOW,
      logger: createLogger('rotation', { sink: () => undefined }),
      polling: { delaysMs: [0, 0, 0], sleep: async () => undefined },
    });
    const { result } = await stdoutOf(() => handler({ account: world.memberId }));
    expect((result as RunSummary).keys).toEqual({ compliant: 2, rotationDue: 1, overdue: 1, exempt: 1, inGrace: 1, held: 0, postponed: 0, replaced: 0 });
  });
});
