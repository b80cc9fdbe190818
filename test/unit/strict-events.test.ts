import { INVENTORY_ENV } from '../../contract/env/inventory';
import { NOTIFIER_ENV } from '../../contract/env/notifier';
import { ROTATION_ENV } from '../../contract/env/rotation';
import type { FunctionKey } from '../../contract/names';
import type { InvocationContext, LambdaHandler } from '../../functions/core/lambda/context';
import { createLogger } from '../../functions/core/log/logger';
import { createInventoryHandler } from '../../functions/inventory/handler';
import { createNotifierHandler } from '../../functions/notifier/handler';
import { createRotationHandler } from '../../functions/rotation/handler';
import { CallCounter } from '../harness/sdk-plugins';
import { scheduledEvent } from '../harness/scheduled-event';
import { sqsEvent, sqsRecord } from '../harness/sqs-event';

/**
 * Issue 10, "Strict events": every function validates what it is invoked
 * with before anything reaches AWS. A malformed event is rejected with an
 * error naming the field (and the function makes no call at all); a
 * malformed SQS record fails alone, also without a call.
 */
const ACCOUNT = '123456789012';
const CONTEXT: InvocationContext = { awsRequestId: 'req', invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f` };

function build(key: FunctionKey, counter: CallCounter): LambdaHandler<unknown> {
  const logger = createLogger(key, { sink: () => undefined });
  const aws = { plugins: [counter.plugin] };
  switch (key) {
    case 'rotation':
      return createRotationHandler({
        env: {
          AWS_REGION: 'us-east-1',
          [ROTATION_ENV.assumedRoleName]: 'asa-iam-key-rotation-lambda-assumed-role',
          [ROTATION_ENV.notificationQueueUrl]: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/notifications`,
          [ROTATION_ENV.adminEmail]: 'admin@example.com',
          [ROTATION_ENV.bucketName]: 'rotation-test-artifacts',
        },
        ...aws,
        logger,
      });
    case 'inventory':
      return createInventoryHandler({
        region: 'us-east-1',
        env: {
          [INVENTORY_ENV.orgListAccount]: '111122223333',
          [INVENTORY_ENV.orgListRole]: 'asa-iam-key-rotation-list-accounts-role',
          [INVENTORY_ENV.rotationQueueUrl]: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/rotation`,
        },
        aws,
        logger,
      });
    case 'notifier':
      return createNotifierHandler({
        region: 'us-east-1',
        env: {
          [NOTIFIER_ENV.adminEmail]: 'admin@example.com',
          [NOTIFIER_ENV.bucketName]: 'artifacts-bucket',
          [NOTIFIER_ENV.emailTemplateEnforce]: 'iam-auto-key-rotation-enforcement.html',
          [NOTIFIER_ENV.emailTemplateAudit]: 'iam-auto-key-rotation-audit.html',
        },
        aws,
        logger,
      });
  }
}

const SCHEDULED = scheduledEvent({ account: ACCOUNT }) as { resources: string[] } & Record<string, unknown>;

const record = sqsRecord({ account: '111122223333' }, { messageId: 'm1' });

/** Malformed events and the field each function must name. */
const REJECTED: Record<FunctionKey, ReadonlyArray<readonly [string, unknown, string]>> = {
  inventory: [
    ['the spoofed schedule of issue 10', { accounts: ['111122223333'], dryrun: true, 'detail-type': 'x' }, 'detail-type'],
    ['a scheduled event with a console field', { ...SCHEDULED, dryrun: true }, 'dryrun'],
    ['a scheduled event from another account', { ...SCHEDULED, account: '111122223333', resources: [SCHEDULED.resources[0]?.replace(ACCOUNT, '111122223333')] }, 'account'],
    ['a scheduled event with detail', { ...SCHEDULED, detail: { accounts: [] } }, 'detail.accounts'],
    ['an SQS batch sent to the wrong function', sqsEvent(record), 'Records'],
    ["the rotation function's console event", { account: '111122223333' }, 'account'],
    ['a misspelt field', { acounts: ['111122223333'] }, 'acounts'],
    ['a list', [], 'event'],
  ],
  rotation: [
    ['a console event with a stray schedule field', { account: '111122223333', 'detail-type': 'Scheduled Event' }, 'detail-type'],
    ["the inventory's console event", { accounts: ['111122223333'] }, 'accounts'],
    ['a scheduled event', SCHEDULED, 'version'],
    ['Records that are not a list', { Records: 'x' }, 'Records'],
    ['an empty batch', { Records: [] }, 'Records'],
    ['a batch with a field besides Records', { ...sqsEvent(record), account: '111122223333' }, 'account'],
    ['a record from SNS', { Records: [{ ...record, eventSource: 'aws:sns' }] }, 'Records[0].eventSource'],
    ['a record without a messageId', { Records: [{ ...record, messageId: undefined }] }, 'Records[0].messageId'],
    ['a misspelt dry run', { account: '111122223333', dryRun: 'true' }, 'dryRun'],
    ['a string', '111122223333', 'event'],
  ],
  notifier: [
    ['a console payload with a misspelt field', { email: 'a@example.com', template_values: { account_id: '111122223333' }, emial: 'b@example.com' }, 'emial'],
    ['a console payload without template values', { email: 'a@example.com' }, 'template_values'],
    ['a scheduled event', SCHEDULED, 'version'],
    ['a rotation event', { account: '111122223333' }, 'account'],
    ['Records that are not a list', { Records: {} }, 'Records'],
    ['a record from another source', { Records: [{ ...record, eventSource: 'aws:kinesis' }] }, 'Records[0].eventSource'],
    ['a batch with a field besides Records', { ...sqsEvent(record), dryrun: true }, 'dryrun'],
    ['null', null, 'event'],
  ],
};

describe.each(['inventory', 'rotation', 'notifier'] as const)('the %s function', (key) => {
  test.each(REJECTED[key])('rejects %s, naming %s, before any AWS call', async (_, event, field) => {
    const counter = new CallCounter();
    const error = await build(key, counter)(event, CONTEXT).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ field });
    expect((error as Error).message.startsWith(`${field}: `)).toBe(true);
    expect(counter.total).toBe(0);
  });
});

describe.each(['rotation', 'notifier'] as const)('a malformed SQS record for the %s function', (key) => {
  test.each([
    ['without its system attributes', { ...record, attributes: {} }],
    ['without its receipt handle', { ...record, receiptHandle: undefined }],
    ['whose body is not JSON', { ...record, body: '{"account":' }],
    ['whose body has an unknown field', { ...record, body: JSON.stringify({ account: '111122223333', dryRun: true, version: 1 }) }],
  ])('is listed in batchItemFailures (%s), with no AWS call for it', async (_, bad) => {
    const counter = new CallCounter();
    const handler = build(key, counter);
    const result = await handler(sqsEvent({ ...bad, messageId: 'bad' } as typeof record), CONTEXT);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    expect(counter.total).toBe(0);
  });
});
