import { createRotationHandler } from '../../../functions/rotation';
import { RotationEventError } from '../../../functions/rotation/errors';
import { parseRotationRequest } from '../../../functions/rotation/event/request';
import { ROTATION_ENV } from '../../../contract/env/rotation';
import { CallCounter } from '../../harness/sdk-plugins';
import { sqsEvent, sqsRecord } from '../../harness/sqs-event';
import type { SQSRecord } from 'aws-lambda';

const ENV = {
  AWS_REGION: 'us-east-1',
  [ROTATION_ENV.assumedRoleName]: 'asa-iam-key-rotation-lambda-assumed-role',
  [ROTATION_ENV.notificationQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/123456789012/notifications',
  [ROTATION_ENV.adminEmail]: 'admin@example.com',
  [ROTATION_ENV.bucketName]: 'rotation-test-artifacts',
};

describe('rotation events', () => {
  test.each([
    [{}, 'account'],
    [{ account: '12345' }, 'account'],
    [{ account: 111122223333 }, 'account'],
    [{ account: '111122223333', dryrun: 'maybe' }, 'dryrun'],
    [{ account: '111122223333', ForceRotate: 5 }, 'ForceRotate'],
    [{ account: '111122223333', ForceRotate: ['ok', 'not a user!'] }, 'ForceRotate[1]'],
    [{ account: '111122223333', email: 'not-an-address' }, 'email'],
    [{ account: '111122223333', dryRun: true }, 'dryRun'],
    [{ account: '111122223333', ForceRotate: '**' }, 'ForceRotate'],
    [{ account: '111122223333', DeactivateOld: true }, 'DeactivateOld'],
    [{ account: '111122223333', ForceRotate: 'svc', DeactivateOld: 'yes' }, 'DeactivateOld'],
    [{ account: '111122223333', Reactivate: ['alice'] }, 'Reactivate'],
    [{ account: '111122223333', Reactivate: 'alice', ForceRotate: 'alice' }, 'Reactivate'],
    [{ account: '111122223333', Reactivate: 'alice', DeactivateOld: false }, 'Reactivate'],
    [{ account: '111122223333', reactivate: 'alice' }, 'reactivate'],
    [{ account: '111122223333', enforcedScope: 'maybe' }, 'enforcedScope'],
    // A run id becomes part of an S3 key (Runs/<runId>/): nothing that could walk out of its folder.
    [{ account: '111122223333', runId: '../Template', expectedAccounts: 1 }, 'runId'],
    [{ account: '111122223333', runId: 'r-1', expectedAccounts: 0 }, 'expectedAccounts'],
    ['111122223333', 'event'],
    [null, 'event'],
  ])('%j is refused naming %s, before any AWS call', async (event, field) => {
    const counter = new CallCounter();
    const handler = createRotationHandler({ env: ENV, plugins: [counter.plugin] });
    const error = await handler(event).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RotationEventError);
    expect((error as RotationEventError).field).toBe(field);
    expect((error as Error).message.startsWith(`${field}:`)).toBe(true);
    expect(counter.total).toBe(0);
  });

  test('a malformed SQS message is listed as a batch failure (to reach the DLQ), with no AWS call', async () => {
    const counter = new CallCounter();
    const handler = createRotationHandler({ env: ENV, plugins: [counter.plugin], logger: silent() });
    const result = await handler(
      sqsEvent(
        sqsRecord('{', { messageId: 'not-json' }),
        sqsRecord({ name: 'x' }, { messageId: 'no-account' }),
        sqsRecord({ account: '111122223333', dryRun: true }, { messageId: 'misspelt' }),
        { ...sqsRecord({ account: '111122223333' }, { messageId: 'no-attributes' }), attributes: {} as SQSRecord['attributes'] },
      ),
    );
    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: 'not-json' }, { itemIdentifier: 'no-account' }, { itemIdentifier: 'misspelt' }, { itemIdentifier: 'no-attributes' }],
    });
    expect(counter.total).toBe(0);
  });

  test('the classic console events parse, with dryrun as boolean or string and ForceRotate as name or list', () => {
    expect(parseRotationRequest({ account: '111122223333', name: 'Workload', email: 'o@example.com', ForceRotate: 'svc' })).toEqual({
      accountId: '111122223333',
      accountName: 'Workload',
      email: 'o@example.com',
      dryRun: false,
      forceRotate: ['svc'],
      forceAll: false,
      deactivateOld: false,
    });
    expect(parseRotationRequest({ account: '111122223333', dryrun: 'True', ForceRotate: ['a', 'b', 'a'] })).toMatchObject({
      dryRun: true,
      forceRotate: ['a', 'b'],
    });
    expect(parseRotationRequest({ account: '111122223333', dryrun: true, email: '' })).toEqual({
      accountId: '111122223333',
      dryRun: true,
      forceRotate: [],
      forceAll: false,
      deactivateOld: false,
    });
  });

  test('the operator events: ForceRotate "*" with DeactivateOld, and Reactivate', () => {
    expect(parseRotationRequest({ account: '111122223333', ForceRotate: '*', DeactivateOld: true })).toMatchObject({
      forceRotate: [],
      forceAll: true,
      deactivateOld: true,
    });
    expect(parseRotationRequest({ account: '111122223333', ForceRotate: ['a'], DeactivateOld: 'False' })).toMatchObject({ forceAll: false, deactivateOld: false });
    expect(parseRotationRequest({ account: '111122223333', Reactivate: 'alice' })).toMatchObject({ reactivate: 'alice', forceRotate: [], deactivateOld: false });
  });

  test('an unknown field is refused with the list of fields the function takes', () => {
    expect(() => parseRotationRequest({ account: '111122223333', deactivateOld: true })).toThrow(
      'deactivateOld: unknown field (expected "account", "name", "email", "dryrun", "ForceRotate", "DeactivateOld", "Reactivate", "enforcedScope", "runId", "expectedAccounts"; names are case-sensitive)',
    );
  });

  test('a bad DeactivateOld or dryrun gets the same named error as every field, never the validator\'s words', () => {
    for (const [field, value] of [['DeactivateOld', 'maybe'], ['DeactivateOld', 3], ['dryrun', 'yes']] as const) {
      const attempt = () => parseRotationRequest({ account: '111122223333', ForceRotate: 'bob', [field]: value });
      expect(attempt).toThrow(RotationEventError);
      expect(attempt).toThrow(new RegExp(`^${field}: must be true or false$`));
    }
  });

  test('runId: the notifier\'s schema, so a run the rotation accepts is never one the notifier refuses', () => {
    for (const runId of ['a b', 'a/b', 'x'.repeat(129), '']) {
      expect(() => parseRotationRequest({ account: '111122223333', runId })).toThrow(/^runId: must be 1-128 letters, digits, \. : _ or -$/);
    }
    expect(parseRotationRequest({ account: '111122223333', runId: '7c0e2f1a-0000-4000-8000-000000000001' }).runId).toBe('7c0e2f1a-0000-4000-8000-000000000001');
  });

  test('the inventory fields runId and expectedAccounts are carried through', () => {
    expect(parseRotationRequest({ account: '111122223333', runId: 'r-1', expectedAccounts: 40, enforcedScope: 'outside' })).toMatchObject({
      runId: 'r-1',
      expectedAccounts: 40,
      enforcedScope: 'outside',
    });
  });
});

function silent() {
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => logger };
  return logger;
}
