import { INVENTORY_ENV } from '../../contract/env/inventory';
import { NOTIFIER_ENV } from '../../contract/env/notifier';
import { ROTATION_ENV } from '../../contract/env/rotation';
import type { FunctionKey } from '../../contract/names';
import type { LambdaHandler } from '../../functions/core/lambda/context';

/**
 * One start-up pattern for the three functions (issue 14): importing
 * index.ts does nothing; the first invocation parses the configuration;
 * a bad variable fails every invocation the same way in every function, a
 * ConfigError whose message starts with the variable, and one log line.
 */
const VALID: Record<FunctionKey, Record<string, string>> = {
  rotation: {
    [ROTATION_ENV.assumedRoleName]: 'asa-iam-key-rotation-lambda-assumed-role',
    [ROTATION_ENV.notificationQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/123456789012/notifications',
    [ROTATION_ENV.adminEmail]: 'admin@example.com',
    [ROTATION_ENV.bucketName]: 'rotation-test-artifacts',
  },
  inventory: {
    [INVENTORY_ENV.orgListAccount]: '111122223333',
    [INVENTORY_ENV.orgListRole]: 'asa-iam-key-rotation-list-accounts-role',
    [INVENTORY_ENV.rotationQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/123456789012/rotation',
  },
  notifier: {
    [NOTIFIER_ENV.adminEmail]: 'admin@example.com',
    [NOTIFIER_ENV.bucketName]: 'artifacts-bucket',
    [NOTIFIER_ENV.emailTemplateEnforce]: 'iam-auto-key-rotation-enforcement.html',
    [NOTIFIER_ENV.emailTemplateAudit]: 'iam-auto-key-rotation-audit.html',
  },
};

/** A variable each function requires, and a bad value for it. */
const BROKEN: Record<FunctionKey, readonly [string, string]> = {
  rotation: [ROTATION_ENV.notificationQueueUrl, ''],
  inventory: [INVENTORY_ENV.rotationQueueUrl, ''],
  notifier: [NOTIFIER_ENV.bucketName, 'Not_A_Bucket'],
};

const INDEX: Record<FunctionKey, string> = {
  rotation: '../../functions/rotation/index',
  inventory: '../../functions/inventory/index',
  notifier: '../../functions/notifier/index',
};

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  jest.restoreAllMocks();
});

/** Imports the function's index.ts afresh (a new container) with exactly this environment, and records what it logs. */
async function coldStart(key: FunctionKey, env: Record<string, string>): Promise<{ handler: LambdaHandler<unknown>; lines: Record<string, unknown>[] }> {
  for (const name of [...Object.keys(VALID.rotation), ...Object.keys(VALID.inventory), ...Object.keys(VALID.notifier)]) delete process.env[name];
  Object.assign(process.env, { AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'INFO' }, env);
  const lines: Record<string, unknown>[] = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    return true;
  });
  let handler: LambdaHandler<unknown> | undefined;
  await jest.isolateModulesAsync(async () => {
    handler = ((await import(INDEX[key])) as { handler: LambdaHandler<unknown> }).handler;
  });
  if (!handler) throw new Error(`${INDEX[key]} exports no handler`);
  return { handler, lines };
}

describe.each(['rotation', 'inventory', 'notifier'] as const)('the %s function starts like the others', (key) => {
  test('importing index.ts reads nothing and fails nothing, even with no configuration at all', async () => {
    const { handler, lines } = await coldStart(key, {});
    expect(typeof handler).toBe('function');
    expect(lines).toEqual([]);
  });

  test('a bad variable fails every invocation with a ConfigError naming it, logged once per invocation', async () => {
    const [variable, value] = BROKEN[key];
    const { handler, lines } = await coldStart(key, { ...VALID[key], [variable]: value });
    const context = { awsRequestId: 'req-1', functionName: key };
    const first = await handler({}, context).catch((error: unknown) => error);
    const second = await handler({}, { ...context, awsRequestId: 'req-2' }).catch((error: unknown) => error);
    // The isolated module registry has its own ConfigError class, so compare by name.
    expect(first).toMatchObject({ name: 'ConfigError', variable });
    expect((first as Error).message.startsWith(`${variable}: `)).toBe(true);
    // Parsed once: the container keeps the outcome, and the second invocation gets the same error.
    expect(second).toBe(first);
    expect(lines).toHaveLength(2);
    for (const [index, line] of lines.entries()) {
      expect(line).toMatchObject({
        level: 'ERROR',
        message: 'the function cannot start; nothing was done',
        service: key,
        function_request_id: `req-${index + 1}`,
        error: { name: 'ConfigError', subject: variable, message: (first as Error).message },
      });
    }
  });

  test('POWERTOOLS_SERVICE_NAME names the service in the log when set', async () => {
    const [variable, value] = BROKEN[key];
    const { handler, lines } = await coldStart(key, { ...VALID[key], [variable]: value, POWERTOOLS_SERVICE_NAME: `asa-${key}` });
    await handler({}, { awsRequestId: 'r' }).catch(() => undefined);
    expect(lines[0]).toMatchObject({ service: `asa-${key}` });
  });

  test('POWERTOOLS_LOG_LEVEL above ERROR silences the start-up error line, not the error', async () => {
    const [variable, value] = BROKEN[key];
    const { handler, lines } = await coldStart(key, { ...VALID[key], [variable]: value, POWERTOOLS_LOG_LEVEL: 'CRITICAL' });
    await expect(handler({}, { awsRequestId: 'r' })).rejects.toMatchObject({ name: 'ConfigError' });
    expect(lines).toEqual([]);
  });
});
