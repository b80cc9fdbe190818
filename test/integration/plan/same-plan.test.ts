import { SQSClient } from '@aws-sdk/client-sqs';
import { ROLE_NAMES } from '../../../contract/names';
import { createQueue, type Queue } from '../../../emulator/deployment';
import { isoDay, type KeyRow } from '../../../functions/core/compliance';
import { createLogger } from '../../../functions/core/log/logger';
import { createRotationHandler } from '../../../functions/rotation';
import { planOneAccount } from '../../../scripts/plan/account';
import { planClients } from '../../../scripts/plan/clients';
import { templateEnvironments } from '../../../scripts/lib/function-environment';
import { resolvePlanSettings } from '../../../scripts/plan/settings';
import { useMoto } from '../../harness/moto';
import { drainNotifications } from '../rotation/fixture';
import { buildPlanWorld, NOW, plan, type PlanWorld } from './fixture';

const moto = useMoto();
let world: PlanWorld;
let queue: Queue;

beforeAll(async () => {
  world = await buildPlanWorld(moto);
  queue = await createQueue(new SQSClient(moto.config()), 'notifications');
});

const POLLING = { delaysMs: [0, 0, 0], sleep: async () => undefined };

interface Action {
  readonly type: string;
  readonly keyId: string;
  readonly reason: string;
  readonly severity: string;
  readonly dueAt: string;
  readonly announces?: string;
}
const line = (user: string, action: Action): string =>
  `${user} ${action.type}${action.announces ? `(${action.announces})` : ''} ${action.keyId} ${action.reason} ${action.severity} due ${action.dueAt}`;

/** What the deployed rotation function would do: its handler, with the template's environment, in audit mode, its admin message read off the queue. */
async function rotationFunctionPlan(accountId: string): Promise<string[]> {
  const handler = createRotationHandler({
    env: templateEnvironments({ queues: { rotation: queue, notification: queue }, parameters: { DryRunFlag: 'True' } }).rotation,
    now: () => NOW,
    polling: POLLING,
    logger: createLogger('rotation', { sink: () => undefined }),
  });
  await handler({ account: accountId });
  const admin = (await drainNotifications(moto, queue.url)).filter((message) => message.recipient.role === 'ADMIN');
  return admin.flatMap((message) => message.users.flatMap((user) => user.actions.map((action) => line(user.userName, action)))).sort();
}

describe('the plan is the rotation function\'s plan', () => {
  test.each([
    ['Payments', () => world.accounts.payments],
    ['Ledger', () => world.accounts.ledger],
  ])('%s: the same actions, keys, reasons and dates, and the rows say so', async (_name, account) => {
    const accountId = account();
    const expected = await rotationFunctionPlan(accountId);

    const clients = await planClients({});
    const settings = resolvePlanSettings({ flags: {}, region: clients.region });
    const planned = await planOneAccount(
      { id: accountId, name: null, access: { roleArn: `arn:aws:iam::${accountId}:role/${ROLE_NAMES.assumed}` } },
      { settings, clients, now: NOW, keyIds: false, userConcurrency: 8, polling: POLLING },
    );
    const actual = planned.planned.flatMap(({ plan: userPlan }) => userPlan.actions.map((action) => line(userPlan.userName, { ...action, dueAt: action.dueAt.toISOString() }))).sort();
    expect(actual).toEqual(expected);
    // Not a vacuous comparison: both decided something.
    expect(expected.length).toBeGreaterThan(0);

    // The command's rows agree with the function: a key acted on now has that action today, an announced one its date.
    const rows = JSON.parse((await plan(['--account', accountId, '--role', ROLE_NAMES.assumed, '--format', 'json'])).stdout) as KeyRow[];
    for (const { plan: userPlan } of planned.planned) {
      const first = userPlan.actions[0];
      if (!first) continue;
      const row = rows.find((candidate) => candidate.accessKeyId === first.keyId);
      expect(row).toMatchObject(
        first.type === 'WARN'
          ? { nextAction: first.announces, nextActionDate: isoDay(first.dueAt) }
          : { nextAction: first.type, nextActionDate: isoDay(NOW) },
      );
    }
  });

  test('between them, the two accounts exercise rotation and deletion (reminders: test/integration/rotation/lifecycle.test.ts)', async () => {
    const all = [...(await rotationFunctionPlan(world.accounts.payments)), ...(await rotationFunctionPlan(world.accounts.ledger))].join('\n');
    expect(all).toMatch(/legacy ROTATE \S+ ROTATION_DUE/);
    expect(all).toMatch(/retired DELETE \S+ LONE_INACTIVE_EXPIRED/);
  });
});
