import { INVENTORY_ENV } from '../templates-src/shared/env/inventory';
import { NOTIFIER_ENV } from '../templates-src/shared/env/notifier';
import { ROTATION_ENV } from '../templates-src/shared/env/rotation';
import { DEFAULT_EXEMPTION_GROUP, DEFAULT_EXEMPTION_TAG_KEY, EMAIL_TEMPLATES, ROLE_NAMES } from '../templates-src/shared/names';
import { MANAGEMENT_ACCOUNT_ID } from '../test/harness/moto';
import { OWNER_TAG_KEY } from './population';

export const ADMIN_EMAIL = 'security-admin@example.com';
export const TEMPLATE_BUCKET = 'bench-rotation-artifacts';
export const TEMPLATE_PREFIX = 'asa/asa-iam-rotation';

export interface QueueUrls {
  readonly rotation: string;
  readonly notification: string;
}

/**
 * The environment the main template gives each function, with the template's
 * defaults, in enforce mode. One environment for all three: the names do not
 * overlap except ADMIN_EMAIL, which means the same thing to both readers.
 */
export function handlerEnvironment(queues: QueueUrls): Record<string, string> {
  return {
    LOG_LEVEL: 'ERROR',
    [ROTATION_ENV.dryRun]: 'False',
    [ROTATION_ENV.rotationPeriod]: '90',
    [ROTATION_ENV.inactiveBuffer]: '10',
    [ROTATION_ENV.recoveryGracePeriod]: '10',
    [ROTATION_ENV.inactivePeriod]: '100',
    [ROTATION_ENV.warningLeadTime]: '7',
    [ROTATION_ENV.exemptionGroup]: DEFAULT_EXEMPTION_GROUP,
    [ROTATION_ENV.exemptionTagKey]: DEFAULT_EXEMPTION_TAG_KEY,
    [ROTATION_ENV.assumedRoleName]: ROLE_NAMES.assumed,
    [ROTATION_ENV.ownerTagKey]: OWNER_TAG_KEY,
    [ROTATION_ENV.storeSecretsInCentralAccount]: 'False',
    [ROTATION_ENV.notificationQueueUrl]: queues.notification,
    [ROTATION_ENV.adminEmail]: ADMIN_EMAIL,
    [INVENTORY_ENV.orgListAccount]: MANAGEMENT_ACCOUNT_ID,
    [INVENTORY_ENV.orgListRole]: ROLE_NAMES.listAccounts,
    [INVENTORY_ENV.rotationQueueUrl]: queues.rotation,
    [NOTIFIER_ENV.bucketName]: TEMPLATE_BUCKET,
    [NOTIFIER_ENV.bucketPrefix]: TEMPLATE_PREFIX,
    [NOTIFIER_ENV.emailTemplateEnforce]: EMAIL_TEMPLATES.enforce,
    [NOTIFIER_ENV.emailTemplateAudit]: EMAIL_TEMPLATES.audit,
    [NOTIFIER_ENV.runInVpc]: 'False',
  };
}

/** Puts the functions' environment into this process, where the in-process handlers read it at creation. */
export function applyEnvironment(env: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(env)) process.env[name] = value;
}
