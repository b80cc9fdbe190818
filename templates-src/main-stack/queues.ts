/**
 * The SQS engine between the stages (docs/design.md#3-runtime-architecture): a work queue and a
 * dead-letter queue per stage, encrypted with SQS-managed keys. A queue's
 * visibility timeout is six times its consumer's timeout, as AWS recommends.
 */
import { Fn, SQS } from 'cloudform';
import { QUEUE_NAMES } from '../../contract/names';
import { FUNCTION_SETTINGS } from './function-settings';
import { IDS } from './logical-ids';
import { onRemoval } from '../lib/lifecycle';

const FOURTEEN_DAYS = 14 * 24 * 3600;
/** Deliveries before a message goes to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 3;

// Messages are work in flight, rebuilt by the next daily run: deleting a queue with the stack loses nothing durable.
const deadLetterQueue = (name: string) =>
  onRemoval(new SQS.Queue({ QueueName: name, SqsManagedSseEnabled: true, MessageRetentionPeriod: FOURTEEN_DAYS }), 'Delete');

const workQueue = (name: string, dlqId: string, consumerTimeout: number) =>
  onRemoval(
    new SQS.Queue({
    QueueName: name,
    SqsManagedSseEnabled: true,
    VisibilityTimeout: 6 * consumerTimeout,
    MessageRetentionPeriod: 4 * 24 * 3600,
    RedrivePolicy: { deadLetterTargetArn: Fn.GetAtt(dlqId, 'Arn'), maxReceiveCount: MAX_RECEIVE_COUNT },
    }),
    'Delete',
  );

export const queues = {
  [IDS.rotationDlq]: deadLetterQueue(QUEUE_NAMES.rotationDlq),
  [IDS.rotationQueue]: workQueue(QUEUE_NAMES.rotation, IDS.rotationDlq, FUNCTION_SETTINGS.rotation.timeout),
  [IDS.notificationDlq]: deadLetterQueue(QUEUE_NAMES.notificationDlq),
  [IDS.notificationQueue]: workQueue(QUEUE_NAMES.notification, IDS.notificationDlq, FUNCTION_SETTINGS.notifier.timeout),
};
