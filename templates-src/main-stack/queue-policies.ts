/**
 * Queues only the tool can fill. Without a queue policy any principal of the
 * solution account with sqs:SendMessage could send the rotation function an
 * operator command it runs with Organization-wide power, or have the notifier
 * mail any address from the admin sender. Each work queue denies SendMessage
 * to every principal but its producers; each dead-letter queue to everyone
 * (SQS moves failed messages there itself, which no queue policy governs).
 * A redrive moves a dead letter back to the queue it came from, so a message
 * another queue of the account dead-lettered here never reaches a function.
 *
 * QUEUE_PRODUCERS is the one place naming who sends to which queue: when a
 * function starts or stops sending to a queue, change its line here (the
 * function's identity grant in roles.ts follows the same change).
 */
import { Fn, SQS as CfnSQS, type IntrinsicFunction, type Value } from 'cloudform';
import type { FunctionKey } from '../../contract/names';
import { policy, SQS } from '../lib/iam';
import { CONDITION } from './conditions';
import { IDS, ROLE_IDS } from './logical-ids';
import { ref } from './parameters';

export interface QueueProducers {
  readonly queue: string;
  readonly deadLetterQueue: string;
  /** The functions whose execution roles send to the queue. */
  readonly functions: readonly FunctionKey[];
  /** True: the roles of the OperatorPrincipals parameter may send too (operator commands). */
  readonly operators: boolean;
}

export const QUEUE_PRODUCERS: Readonly<Record<'rotation' | 'notification', QueueProducers>> = {
  // The inventory enqueues one message per account; operators may send a command (ForceRotate, DeactivateOld, Reactivate).
  rotation: { queue: IDS.rotationQueue, deadLetterQueue: IDS.rotationDlq, functions: ['inventory'], operators: true },
  // The rotation function enqueues one message per recipient.
  notification: { queue: IDS.notificationQueue, deadLetterQueue: IDS.notificationDlq, functions: ['rotation'], operators: false },
};

/** The ARNs allowed to send: the producers' execution roles, and the operator roles when the stack names any. */
function producerArns(producers: QueueProducers): Value<string>[] | IntrinsicFunction {
  const roles = producers.functions.map((key) => Fn.GetAtt(ROLE_IDS[key], 'Arn'));
  if (!producers.operators) return roles;
  return Fn.If(CONDITION.hasOperators, Fn.Split(',', Fn.Join(',', [...roles, ref('OperatorPrincipals')])), roles);
}

const queuePolicy = (producers: QueueProducers) =>
  new CfnSQS.QueuePolicy({
    Queues: [Fn.Ref(producers.queue)],
    PolicyDocument: policy({
      Sid: 'OnlyProducersSend',
      Effect: 'Deny',
      Principal: '*',
      Action: SQS.SendMessage,
      Resource: Fn.GetAtt(producers.queue, 'Arn'),
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': producerArns(producers) } },
    }),
  });

const deadLetterQueuePolicy = (producers: QueueProducers) =>
  new CfnSQS.QueuePolicy({
    Queues: [Fn.Ref(producers.deadLetterQueue)],
    PolicyDocument: policy({
      Sid: 'OnlyRedriveFills',
      Effect: 'Deny',
      Principal: '*',
      Action: SQS.SendMessage,
      Resource: Fn.GetAtt(producers.deadLetterQueue, 'Arn'),
    }),
  });

export const queuePolicies = {
  RotationQueuePolicy: queuePolicy(QUEUE_PRODUCERS.rotation),
  RotationDlqPolicy: deadLetterQueuePolicy(QUEUE_PRODUCERS.rotation),
  NotificationQueuePolicy: queuePolicy(QUEUE_PRODUCERS.notification),
  NotificationDlqPolicy: deadLetterQueuePolicy(QUEUE_PRODUCERS.notification),
};
