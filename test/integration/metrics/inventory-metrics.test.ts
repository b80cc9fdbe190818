import { INVENTORY_METRICS, METRICS_NAMESPACE } from '../../../contract/metrics';
import { createAccount, createOrganization } from '../../../emulator/organization';
import { createInventoryHandler } from '../../../functions/inventory/handler';
import { isEmf, parseEmf, stdoutOf } from '../../harness/emf';
import { useMoto } from '../../harness/moto';
import { createQueue, drainQueue, inventoryEnv, memoryLogger, scheduledEvent } from '../inventory/fixture';

/** The inventory's one metric, read from stdout as CloudWatch would: the accounts it put on the rotation queue. */
const moto = useMoto();

test('a scheduled run writes AccountsQueued, equal to the requests on the rotation queue', async () => {
  await moto.reset();
  const org = await createOrganization(moto);
  for (const name of ['alpha', 'beta']) await createAccount(moto, { name, email: `${name}@example.com`, rootId: org.rootId });
  const queueUrl = await createQueue(moto);
  const handler = createInventoryHandler({ env: inventoryEnv(queueUrl), logger: memoryLogger().logger, retry: { sleep: async () => undefined } });
  const { lines } = await stdoutOf(() => handler(scheduledEvent('metrics-run'), { awsRequestId: 'metrics-1' }));
  const queued = await drainQueue(moto, queueUrl);
  expect(queued.length).toBeGreaterThanOrEqual(3);
  expect(lines.every(isEmf)).toBe(true);
  expect(lines.map(parseEmf).map((line) => [line.namespace, line.dimensions, line.values])).toEqual([
    [METRICS_NAMESPACE, { service: 'inventory' }, { [INVENTORY_METRICS.accountsQueued]: queued.length }],
  ]);
});
