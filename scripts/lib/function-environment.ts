/**
 * The functions' environment as the main template gives it: the synthesized
 * template (dist/CloudFormation) resolved with a deployment's parameters,
 * everything else at the template's defaults (contract/lifecycle-defaults.ts
 * for the lifecycle), and the queues it runs with. The emulated deployments
 * (the demo, the bench) and the tests run the handlers with it, as the policy
 * matrix's scenarios do, so no list of variables and defaults is kept by hand.
 */
import { POWERTOOLS_ENV } from '../../contract/env/powertools';
import { QUEUE_NAMES, type FunctionKey } from '../../contract/names';
import { METRICS_DISABLED } from '../../contract/metrics';
import { ADMIN_EMAIL, OWNER_TAG_KEY, TEMPLATE_BUCKET, TEMPLATE_PREFIX } from '../../emulator/deployment';
import { MANAGEMENT_ACCOUNT_ID, REGION } from '../../emulator/moto';
import { ORGANIZATION_ID, PARTITION, type Deployment } from '../policy-matrix/deployment/deployments';
import { deployStacks, functionEnvironment } from '../policy-matrix/deployment/stacks';
import type { Physical } from '../policy-matrix/resolve/physical';

export interface EmulatedQueue {
  readonly url: string;
  readonly arn: string;
}

export interface EmulatedDeploymentOptions {
  /** The queues the functions send to; absent, stand-ins named as the template names them (for a function that sends nothing). */
  readonly queues?: { readonly rotation: EmulatedQueue; readonly notification: EmulatedQueue };
  /** Main-stack parameters beyond the emulated deployment's (enforce mode, the emulator's bucket, admin and owner tag). */
  readonly parameters?: Readonly<Record<string, string>>;
  readonly accountId?: string;
  readonly region?: string;
}

const queuePhysical = (queue: EmulatedQueue): Partial<Physical> => ({ Ref: queue.url, QueueUrl: queue.url, Arn: queue.arn, QueueName: queue.arn.split(':')[5] ?? '' });

/** Each function's environment, as the template sets it for the emulated deployment. */
export function templateEnvironments(options: EmulatedDeploymentOptions): Record<FunctionKey, Record<string, string>> {
  const accountId = options.accountId ?? MANAGEMENT_ACCOUNT_ID;
  const region = options.region ?? REGION;
  const standIn = (name: string): EmulatedQueue => ({ url: `https://sqs.${region}.amazonaws.com/${accountId}/${name}`, arn: `arn:${PARTITION}:sqs:${region}:${accountId}:${name}` });
  const queues = options.queues ?? { rotation: standIn(QUEUE_NAMES.rotation), notification: standIn(QUEUE_NAMES.notification) };
  const deployment: Deployment = {
    name: 'emulated',
    summary: 'the main stack as the emulator deploys it',
    partition: PARTITION,
    region,
    organizationId: ORGANIZATION_ID,
    primaryAccountId: accountId,
    managementAccountId: accountId,
    organizationAccounts: [accountId],
    main: {
      S3BucketName: TEMPLATE_BUCKET,
      S3BucketPrefix: TEMPLATE_PREFIX,
      AdminEmailAddress: ADMIN_EMAIL,
      ResourceOwnerTag: OWNER_TAG_KEY,
      AWSOrgID: ORGANIZATION_ID,
      OrgListAccount: accountId,
      DryRunFlag: 'False',
      ...options.parameters,
    },
    mainPhysical: { RotationQueue: queuePhysical(queues.rotation), NotificationQueue: queuePhysical(queues.notification) },
  };
  const main = deployStacks(deployment).main;
  const of = (key: FunctionKey): Record<string, string> => ({ ...functionEnvironment(main, key), AWS_REGION: region });
  return { rotation: of('rotation'), inventory: of('inventory'), notifier: of('notifier') };
}

/**
 * One environment for all three functions run in one process (the demo, the
 * bench): the template's variables agree where names meet (ADMIN_EMAIL, the
 * bucket, EnforcedScope), except the per-function service name, which the
 * handlers set themselves, and the runtime's NODE_OPTIONS, which must not reach
 * this process's children. The functions log failures only and write no metrics:
 * the demo and the bench print their own report.
 */
export function emulatedEnvironment(options: EmulatedDeploymentOptions): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const env of Object.values(templateEnvironments({ ...options, parameters: { LogLevel: 'ERROR', ...options.parameters } }))) Object.assign(merged, env);
  delete merged[POWERTOOLS_ENV.serviceName];
  delete merged.NODE_OPTIONS;
  return { ...merged, [METRICS_DISABLED]: 'true' };
}
