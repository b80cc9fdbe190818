import { CloseAccountCommand, DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { INVENTORY_ENV } from '../../../contract/env/inventory';
import { ROLE_NAMES } from '../../../contract/names';
import type { RotationRequest } from '../../../functions/core/messages/rotation-request';
import { createLogger, type Logger } from '../../../functions/core/log/logger';
import { MANAGEMENT_ACCOUNT_ID, type Moto } from '../../../emulator/moto';
import { createAccount, createOrganization, createOrganizationalUnit } from '../../../emulator/organization';
import { scheduledEvent as scheduled } from '../../harness/scheduled-event';

/**
 * The Organization the inventory tests share: 45 accounts (the management
 * account and 44 members) in three levels of OUs, one member suspended with
 * CloseAccount (moto reports State and Status SUSPENDED) and one that the
 * configuration excludes.
 *
 *   root                 management + 2
 *   ├── Workloads        3
 *   │   ├── Prod         22   (more than a page of 20)
 *   │   │   └── ProdEU   5    (one suspended)
 *   │   └── Dev          4
 *   │       └── Sandbox  3    (one excluded)
 *   └── Security         5
 */
export interface OrgFixture {
  readonly rootId: string;
  readonly ous: Readonly<Record<OuName, string>>;
  /** Every account id by the OU it sits in ('root' for the root). */
  readonly accountsIn: Readonly<Record<OuName | 'root', readonly string[]>>;
  readonly all: readonly string[];
  readonly suspended: string;
  readonly excluded: string;
  readonly names: ReadonlyMap<string, { name: string; email: string }>;
}

export type OuName = 'workloads' | 'prod' | 'prodEu' | 'dev' | 'sandbox' | 'security';

export async function buildOrganization(moto: Moto): Promise<OrgFixture> {
  const org = await createOrganization(moto);
  const rootId = org.rootId;
  const workloads = await createOrganizationalUnit(moto, rootId, 'Workloads');
  const prod = await createOrganizationalUnit(moto, workloads, 'Prod');
  const prodEu = await createOrganizationalUnit(moto, prod, 'ProdEU');
  const dev = await createOrganizationalUnit(moto, workloads, 'Dev');
  const sandbox = await createOrganizationalUnit(moto, dev, 'Sandbox');
  const security = await createOrganizationalUnit(moto, rootId, 'Security');
  const ous = { workloads, prod, prodEu, dev, sandbox, security };
  const sizes: Record<OuName | 'root', number> = { root: 2, workloads: 3, prod: 22, prodEu: 5, dev: 4, sandbox: 3, security: 5 };
  const names = new Map<string, { name: string; email: string }>();
  const management = await new OrganizationsClient(moto.config()).send(new DescribeAccountCommand({ AccountId: MANAGEMENT_ACCOUNT_ID }));
  names.set(MANAGEMENT_ACCOUNT_ID, { name: management.Account?.Name ?? '', email: management.Account?.Email ?? '' });
  const accountsIn = { root: [MANAGEMENT_ACCOUNT_ID] } as Record<OuName | 'root', string[]>;
  for (const [ou, size] of Object.entries(sizes) as [OuName | 'root', number][]) {
    accountsIn[ou] ??= [];
    for (let i = 0; i < size; i++) {
      const name = `${ou}-${i}`;
      const email = `${name}@example.com`;
      const parentId = ou === 'root' ? rootId : ous[ou];
      const id = await createAccount(moto, { name, email, parentId, rootId });
      accountsIn[ou].push(id);
      names.set(id, { name, email });
    }
  }
  const suspended = accountsIn.prodEu[2] as string;
  await new OrganizationsClient(moto.config()).send(new CloseAccountCommand({ AccountId: suspended }));
  return {
    rootId,
    ous,
    accountsIn,
    all: Object.values(accountsIn).flat(),
    suspended,
    excluded: accountsIn.sandbox[1] as string,
    names,
  };
}

let queueCounter = 0;

/** A fresh queue per test, so each test sees exactly the messages its own run sent. */
export async function createQueue(moto: Moto): Promise<string> {
  const sqs = new SQSClient(moto.config());
  const created = await sqs.send(new CreateQueueCommand({ QueueName: `inventory-test-${process.pid}-${++queueCounter}` }));
  if (!created.QueueUrl) throw new Error('moto created a queue without a URL');
  return created.QueueUrl;
}

/** Everything in the queue, received with a long visibility timeout so nothing comes back twice. */
export async function drainQueue(moto: Moto, queueUrl: string): Promise<RotationRequest[]> {
  const sqs = new SQSClient(moto.config());
  const messages: RotationRequest[] = [];
  for (;;) {
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600, WaitTimeSeconds: 0 }),
    );
    const batch = received.Messages ?? [];
    if (batch.length === 0) return messages;
    for (const message of batch) messages.push(JSON.parse(message.Body ?? 'null') as RotationRequest);
  }
}

export function inventoryEnv(queueUrl: string, overrides: Partial<Record<keyof typeof INVENTORY_ENV, string>> = {}): Record<string, string> {
  const values: Partial<Record<keyof typeof INVENTORY_ENV, string>> = {
    orgListAccount: MANAGEMENT_ACCOUNT_ID,
    orgListRole: ROLE_NAMES.listAccounts,
    rotationQueueUrl: queueUrl,
    organizationalUnits: '',
    includeAccounts: '',
    excludeAccounts: '',
    enforcedScope: '',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [INVENTORY_ENV[key as keyof typeof INVENTORY_ENV], value ?? '']));
}

/** A logger that keeps its lines for assertions instead of printing them. */
export function memoryLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  return {
    logger: createLogger('inventory', { level: 'DEBUG', sink: (line) => raw.push(line) }),
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export function scheduledEvent(id: string): Record<string, unknown> {
  return scheduled({ id, account: MANAGEMENT_ACCOUNT_ID });
}
