import { partitionOf } from '../core/aws/partition';
import { NOTIFIER_ENV } from '../../contract/env/notifier';
import { DEFAULT_DIGEST_WEEKDAY, DIGEST_WEEKDAYS, type DigestWeekday } from '../../contract/names';
import { bucketLocation } from '../core/config/bucket';
import { complianceMaxKeyAge } from '../core/config/compliance-limit';
import { ConfigError } from '../core/config/errors';
import { email, flag, optional, required, type Env } from '../core/config/values';

export interface SmtpSettings {
  readonly userParameter: string;
  readonly passwordParameter: string;
}

export interface NotifierConfig {
  /** The sender of every email and the recipient of the admin digest. */
  readonly adminEmail: string;
  readonly bucket: string;
  /** Without leading or trailing slash; the notifier reads `<prefix>/Template/` and `<prefix>/Digests/`, and records under `<prefix>/Reminders/`. */
  readonly prefix: string;
  readonly templates: { readonly enforce: string; readonly audit: string };
  /** Set in VPC mode: mail goes over SMTP with these SSM parameters' credentials instead of the SES API. */
  readonly smtp?: SmtpSettings;
  readonly region: string;
  readonly partition: string;
  /** The day of the week (UTC day of the run) the admin digest is sent even when the run was quiet; Daily: every run. */
  readonly digestWeekday: DigestWeekday;
  /** ComplianceMaxKeyAge: the key-age limit the digest and the key report measure against; 0: off. */
  readonly complianceMaxKeyAgeDays: number;
}

// A file name inside Template/, never a path: a template name must not reach outside that folder.
export const TEMPLATE_NAME = /^[\w.-]+\.html$/;
const SSM_NAME = /^\/?[\w.\-/]{1,2048}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Reads the notifier's environment once, at cold start. The SMTP parameter
 * names are required only in VPC mode, where they are used; outside it they
 * are ignored on purpose (the template always passes its defaults).
 */
export function parseNotifierConfig(env: Env, region: string | undefined): NotifierConfig {
  const adminEmail = email(env, NOTIFIER_ENV.adminEmail);
  const { bucket, prefix } = bucketLocation(env, NOTIFIER_ENV);
  const templates = {
    enforce: templateName(env, NOTIFIER_ENV.emailTemplateEnforce),
    audit: templateName(env, NOTIFIER_ENV.emailTemplateAudit),
  };
  if (!region || !REGION.test(region)) {
    throw new ConfigError('AWS_REGION', `must be an AWS region name (Lambda sets it), got "${region ?? ''}"`);
  }
  const inVpc = flag(env, NOTIFIER_ENV.runInVpc, false);
  const smtp = inVpc
    ? { userParameter: ssmName(env, NOTIFIER_ENV.smtpUserParamName), passwordParameter: ssmName(env, NOTIFIER_ENV.smtpPasswordParamName) }
    : undefined;
  return { adminEmail, bucket, prefix, templates, ...(smtp ? { smtp } : {}), region, partition: partitionOf(region), digestWeekday: digestWeekday(env), complianceMaxKeyAgeDays: complianceMaxKeyAge(env, NOTIFIER_ENV.complianceMaxKeyAge) };
}

// Optional so that a function updated before its stack keeps working: the parameter's default.
function digestWeekday(env: Env): DigestWeekday {
  const value = optional(env, NOTIFIER_ENV.digestWeekday) ?? DEFAULT_DIGEST_WEEKDAY;
  const match = DIGEST_WEEKDAYS.find((day) => day.toLowerCase() === value.toLowerCase());
  if (!match) throw new ConfigError(NOTIFIER_ENV.digestWeekday, `must be one of ${DIGEST_WEEKDAYS.join(', ')}, got "${value}"`);
  return match;
}

function templateName(env: Env, name: string): string {
  const value = required(env, name);
  if (!TEMPLATE_NAME.test(value)) throw new ConfigError(name, `must be an .html file name inside Template/, got "${value}"`);
  return value;
}

function ssmName(env: Env, name: string): string {
  const value = required(env, name);
  if (!SSM_NAME.test(value)) throw new ConfigError(name, `must be an SSM parameter name, got "${value}"`);
  return value;
}

