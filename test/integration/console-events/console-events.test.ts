/**
 * Every Lambda console test event, fed to the function its file name gives
 * (issue 10), in-process on moto as the Lambda console would run it: each one
 * is accepted and does what its name says; the other functions refuse it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CONSOLE_EVENTS } from '../../../console-events';
import type { FunctionKey } from '../../../contract/names';
import { createQueue, prepareNotifier } from '../../../emulator/deployment';
import { emulatedEnvironment } from '../../../scripts/lib/function-environment';
import { seedUser } from '../../../emulator/iam-users';
import { createOrganization, credentialsIn } from '../../../emulator/organization';
import { createInventoryHandler } from '../../../functions/inventory/handler';
import { createLogger } from '../../../functions/core/log/logger';
import { createNotifierHandler } from '../../../functions/notifier/handler';
import { createRotationHandler } from '../../../functions/rotation';
import { useMoto } from '../../harness/moto';

const moto = useMoto();
const DIR = path.join(__dirname, '..', '..', '..', 'console-events');
/** The account the shipped events name. */
const EVENT_ACCOUNT = '111122223333';
const NOW = new Date(Date.UTC(2026, 10, 28, 9, 0, 0));
const quiet = (name: string) => createLogger(name, { sink: () => undefined });

type Invoke = (event: unknown) => Promise<unknown>;
let handlers: Record<FunctionKey, Invoke>;

beforeAll(async () => {
  await moto.reset();
  await createOrganization(moto);
  const sqs = new SQSClient(moto.config());
  await prepareNotifier(moto);
  const queues = { rotation: await createQueue(sqs, 'console-rotation'), notification: await createQueue(sqs, 'console-notification') };
  const env = emulatedEnvironment({ queues });
  // The account the events name, with the user the forced rotation names (moto needs no role to exist to assume it).
  const account = await credentialsIn(moto, EVENT_ACCOUNT);
  await seedUser(moto, account, { name: 'svc-deploy', keys: [{ ageDays: 30, lastUsedDaysAgo: 1 }] }, NOW);
  await seedUser(moto, account, { name: 'legacy', keys: [{ ageDays: 200, lastUsedDaysAgo: 1 }] }, NOW);
  await moto.clock.set(NOW);
  const inventory = createInventoryHandler({ env, region: 'us-east-1', logger: quiet('inventory') });
  handlers = {
    rotation: createRotationHandler({ env, now: () => NOW, logger: quiet('rotation'), polling: { delaysMs: [0, 0, 0], sleep: async () => undefined } }),
    inventory: (event) => inventory(event, { awsRequestId: 'console-test' }),
    notifier: createNotifierHandler({ env, region: 'us-east-1', logger: quiet('notifier') }),
  };
});

const read = async (file: string): Promise<unknown> => JSON.parse(await readFile(path.join(DIR, file), 'utf8')) as unknown;

/**
 * What the function returns for the events shipped so far (run in file-name
 * order, as below): the audit plans the 200-day-old key's rotation, the forced
 * rotation rotates svc-deploy and that key; the emergency rotation of every
 * user finds both new keys less than a day old (not rotated again) and
 * deactivates the old ones (DeactivateOld); Reactivate switches svc-deploy's
 * old key back on and holds the user, so a plain run then finds nothing due.
 * An event not listed here must still be accepted.
 */
const EXPECTED: Record<string, object> = {
  'Audit One Account (Use with AccessKeyRotateLambdaFunction).json': { accountId: EVENT_ACCOUNT, dryRun: true, actions: { ROTATE: { PLANNED: 1 } } },
  'Force Rotation of IAM Key (Use with AccessKeyRotateLambdaFunction).json': { accountId: EVENT_ACCOUNT, dryRun: false, actions: { ROTATE: { DONE: 2 } } },
  'Force Rotation of IAM Keys of All Users, Old Keys Deactivated (Use with AccessKeyRotateLambdaFunction).json': {
    accountId: EVENT_ACCOUNT,
    dryRun: false,
    actions: { DEACTIVATE: { DONE: 2 } },
  },
  // With its name, so the owner's and the admin's mails about it are labelled with the account's name, not just its id.
  'Reactivate a Key the Tool Deactivated (Use with AccessKeyRotateLambdaFunction).json': { accountId: EVENT_ACCOUNT, accountName: 'Workload Account', dryRun: false, actions: { REACTIVATE: { DONE: 1 } }, failures: [] },
  'Rotate One Account (Use with AccessKeyRotateLambdaFunction).json': { accountId: EVENT_ACCOUNT, dryRun: false, actions: {} },
  // The sample ids are not accounts of moto's Organization (moto picks its own ids): reported, not enqueued.
  'Inventory Selected Accounts in Audit Mode (Use with AccountInventoryLambdaFunction).json': { source: 'console', dryrun: true, enqueued: 0, requestedNotFound: ['111122223333', '444455556666'] },
  'Force Notification (Use with NotifierLambdaFunction).json': { sent: 1, to: ['workload-owner@example.com'] },
};

describe('console test events on moto', () => {
  test('the events this test knows are all still shipped', () => {
    expect(Object.keys(EXPECTED).filter((file) => !CONSOLE_EVENTS.some((e) => e.file === file))).toEqual([]);
  });

  test.each(CONSOLE_EVENTS.map((e) => [e.file, e.target] as const))('%s is accepted by the %s function', async (file, target) => {
    if (target === undefined) throw new Error(`${file} names no function`);
    await expect(handlers[target](await read(file))).resolves.toMatchObject(EXPECTED[file] ?? {});
  });

  test.each(CONSOLE_EVENTS.flatMap((e) => (['rotation', 'inventory', 'notifier'] as const).filter((fn) => fn !== e.target).map((fn) => [e.file, fn] as const)))(
    '%s is refused by the %s function',
    async (file, other) => {
      await expect(handlers[other](await read(file))).rejects.toThrow();
    },
  );
});
