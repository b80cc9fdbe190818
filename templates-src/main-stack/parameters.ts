/**
 * Parameters of the main stack. Classic names and defaults are kept (see
 * test/templates/classic-parameters.ts); templates-src/REMOVED_PARAMETERS.md records
 * every change. Each parameter reaches a resource or a function's environment:
 * test/templates/parameters.test.ts fails otherwise.
 */
import { NumberParameter, StringParameter } from 'cloudform';
import { DEFAULT_INACTIVE_PERIOD_DAYS, LIFECYCLE_DEFAULTS } from '../../contract/lifecycle-defaults';
import { accountId, choice, count, days, email, flag, LOG_RETENTION_DAYS, orgId, PATTERNS, refs, roleName, text } from '../lib/parameters';
import { LOG_LEVELS } from '../../contract/env/powertools';
import { CODE_VERSION_PARAMETERS, DEFAULT_DELIVERY_SSM_PATH_PREFIX, DEFAULT_DIGEST_WEEKDAY, DIGEST_WEEKDAYS, IN_USE_KEY_ACTIONS, DEFAULT_EXEMPTION_GROUP, DEFAULT_EXEMPTION_TAG_KEY, DEFAULT_S3_PREFIX, EMAIL_TEMPLATES, ROLE_NAMES } from '../../contract/names';

const codeVersion = (zip: string) =>
  text({
    Description: `S3 object version of ${zip} (printed by \`npm run upload\`). A new version makes CloudFormation update the function's code; empty uses the latest object at deploy time.`,
    Default: '',
    AllowedPattern: PATTERNS.optionalS3VersionId,
  });

export const parameters = {
  // Where the code and the email templates are.
  S3BucketName: text({
    Description: 'Bucket holding <prefix>/Lambda/*.zip and <prefix>/Template/*.html (npm run upload).',
    AllowedPattern: PATTERNS.bucketName,
    ConstraintDescription: 'must be an S3 bucket name',
  }),
  S3BucketPrefix: text({
    Description: 'Key prefix inside the bucket, without a trailing slash.',
    Default: DEFAULT_S3_PREFIX,
    AllowedPattern: PATTERNS.s3Prefix,
    ConstraintDescription: 'must be an S3 key prefix without a trailing slash',
  }),
  [CODE_VERSION_PARAMETERS.rotation]: codeVersion('access_key_auto_rotation.zip'),
  [CODE_VERSION_PARAMETERS.inventory]: codeVersion('account_inventory.zip'),
  [CODE_VERSION_PARAMETERS.notifier]: codeVersion('notifier.zip'),

  // Who gets told.
  AdminEmailAddress: email('Administrator address: sender of every email (a verified SES identity), receives the digest and the alarms.'),
  ResourceOwnerTag: text({
    Description: 'User tag key whose value is the email address of the key owner, who is then notified too. Empty: no owner notifications.',
    AllowedPattern: PATTERNS.optionalTagKey,
  }),
  EmailTemplateEnforce: text({ Description: 'Email template in <prefix>/Template/ used in enforce mode.', Default: EMAIL_TEMPLATES.enforce, AllowedPattern: PATTERNS.htmlFile }),
  EmailTemplateAudit: text({ Description: 'Email template in <prefix>/Template/ used in audit (dry-run) mode.', Default: EMAIL_TEMPLATES.audit, AllowedPattern: PATTERNS.htmlFile }),
  SMTPUserParamName: text({
    Description: 'SSM parameter holding the SES SMTP user name; read only when RunLambdaInVPC is True (mail goes over SMTP).',
    Default: '/iam-key-rotation/smtp/user',
    AllowedPattern: PATTERNS.ssmParameterName,
  }),
  SMTPPasswordParamName: text({
    Description: 'SSM SecureString parameter holding the SES SMTP password; read only when RunLambdaInVPC is True.',
    Default: '/iam-key-rotation/smtp/password',
    AllowedPattern: PATTERNS.ssmParameterName,
  }),

  // The Organization and its roles.
  AWSOrgID: orgId('Organization id (o-…): member roles may only be assumed from inside it.'),
  OrgListAccount: accountId('Account holding the list-accounts role (management or delegated administrator); also the central secrets account when StoreSecretsInCentralAccount is True.'),
  OrgListRole: roleName('Name of the list-accounts role in OrgListAccount; only the inventory assumes it, to list accounts.', ROLE_NAMES.listAccounts),
  IAMRoleName: roleName('Name of the role the StackSet creates in every member account.', ROLE_NAMES.assumed),
  ExecutionRoleName: roleName('Name of the rotation function\'s execution role (the member roles and the central-secrets role trust it by name).', ROLE_NAMES.rotationExecution),
  InventoryExecutionRoleName: roleName('Name of the inventory function\'s execution role (the list-accounts role trusts it by name).', ROLE_NAMES.inventoryExecution),
  CentralSecretsRoleName: roleName(
    'Name of the central-secrets role in OrgListAccount (list-accounts template, created when StoreSecretsInCentralAccount is True): the rotation function assumes it to write central secrets. Unused otherwise.',
    ROLE_NAMES.centralSecrets,
  ),
  OrganizationalUnits: text({
    Description: 'Comma-separated OU or root ids (ou-…, r-…) whose accounts, recursively, are rotated. Empty: the whole Organization.',
    Default: '',
    AllowedPattern: PATTERNS.ouList,
  }),
  IncludeAccounts: text({
    Description: 'Comma-separated account ids: only these accounts are rotated (phased rollout). Empty: all accounts in scope.',
    Default: '',
    AllowedPattern: PATTERNS.accountIdList,
  }),
  ExcludeAccounts: text({ Description: 'Comma-separated account ids that are never rotated.', Default: '', AllowedPattern: PATTERNS.accountIdList }),
  EnforcedScope: text({
    Description:
      'Staged rollout: comma-separated account ids and OU ids (an OU includes its sub-OUs) where DryRunFlag=False changes keys. Accounts of the selection outside it run in audit mode, and their emails say why (an operator event still acts on the users it names). Empty: the whole selection is enforced.',
    Default: '',
    AllowedPattern: PATTERNS.scopeList,
    ConstraintDescription: 'must be account ids (12 digits), OU ids (ou-…) or root ids (r-…), separated by commas',
  }),

  // The lifecycle.
  DryRunFlag: flag('True: audit mode, emails what would happen and changes nothing. False: enforce.', 'True'),
  RotationPeriod: days(
    'Days after which an active key is replaced by a new one. Must be at least InactiveBuffer + RecoveryGracePeriod (with InUseKeyAction Postpone: + MaxPostponeDays), so the old key is gone before the new one is due; checked when the rotation function starts.',
    LIFECYCLE_DEFAULTS.rotationPeriodDays,
  ),
  InactiveBuffer: days('Days after the rotation at which the old key is deactivated. Must exceed every WarningDays value and InUseWindow (checked when the rotation function starts).', LIFECYCLE_DEFAULTS.inactiveBufferDays),
  InactivePeriod: days(
    'Day (from the key\'s creation) at which the old key is deactivated. Must equal RotationPeriod + InactiveBuffer; CloudFormation cannot add parameters, so the rotation function checks it at start and stops with an error naming this parameter if they disagree.',
    DEFAULT_INACTIVE_PERIOD_DAYS,
  ),
  RecoveryGracePeriod: days('Days after deactivation at which the old key is deleted (until then a person can reactivate it). Must exceed every WarningDays value.', LIFECYCLE_DEFAULTS.recoveryGracePeriodDays),
  WarningDays: new StringParameter({
    Description:
      'Reminder milestones, in days before an action, separated by commas: one reminder at each before a deactivation, one at the largest before a deletion, none before a rotation (the old key keeps working). 0 turns reminders off. Each must be shorter than InactiveBuffer and RecoveryGracePeriod (checked when the rotation function starts).',
    Default: LIFECYCLE_DEFAULTS.warningDays.join(','),
    AllowedPattern: '^(0|[1-9]\\d{0,3}(\\s*,\\s*[1-9]\\d{0,3})*)$',
    ConstraintDescription: 'must be whole numbers of days separated by commas, such as 7,1 (0 alone: no reminders)',
  }),
  InUseWindow: days(
    'A key last used less than this many days ago is in use (the credential report and last-used dates can lag by hours). Stopping a key in use is CRITICAL and names where it was last used. Must be shorter than InactiveBuffer (and than MaxPostponeDays with Postpone).',
    LIFECYCLE_DEFAULTS.inUseWindowDays,
    365,
  ),
  InUseKeyAction: choice(
    'What happens to a replaced key still in use on its deactivation date. Deactivate: the date holds (CRITICAL). Postpone: it stays active while in use, MaxPostponeDays at most, and the admin is told (CRITICAL) when the postponement starts.',
    IN_USE_KEY_ACTIONS,
    LIFECYCLE_DEFAULTS.inUseKeyAction,
  ),
  MaxPostponeDays: days(
    'With InUseKeyAction Postpone: the most days past its deactivation date a key in use stays active. InactiveBuffer + MaxPostponeDays + RecoveryGracePeriod must be at most RotationPeriod.',
    LIFECYCLE_DEFAULTS.maxPostponeDays,
    365,
  ),
  ComplianceMaxKeyAge: count(
    'The key-age limit your compliance checks apply, in days (Security Hub IAM.3 and the Config rule access-keys-rotated: maxAccessKeyAge, 90 by default there). 0: off. Set, the plan, the admin digest and the auditors\' key report show the day each key starts failing it, how many fail it today, and the first day the Organization can be fully compliant; the rotation function and the plan warn when RotationPeriod + InactiveBuffer reaches it, since every replaced key then stays active past the limit (with 90/10: 11 days each cycle). Changes no key.',
    0,
    0,
    3650,
  ),
  DeactivateWhenSwitched: flag(
    'True: a replaced key is deactivated before InactiveBuffer ends once every delivery target (delivery.yaml) has the new key, the new key has been used and the old one has not for InUseWindow days; deleted RecoveryGracePeriod later. Users without delivery targets are not affected.',
    'False',
  ),

  // Delivery of new keys (docs/delivery.md): <prefix>/Config/delivery.yaml names the targets.
  DeliverySsmPathPrefix: text({
    Description:
      'SSM delivery targets must be named under this path (starting and ending with /); the member role may write parameters there only. The StackSet template\'s DeliverySsmPathPrefix must be the same.',
    Default: DEFAULT_DELIVERY_SSM_PATH_PREFIX,
    AllowedPattern: PATTERNS.ssmPathPrefix,
    ConstraintDescription: 'must be an SSM path that starts and ends with /, such as /iam-key-rotation/',
  }),
  IAMExemptionGroup: text({ Description: 'Members of this IAM group (in each account) are never rotated.', Default: DEFAULT_EXEMPTION_GROUP, AllowedPattern: PATTERNS.groupName }),
  ExemptionTagKey: text({
    Description: 'A user with this tag set to true, or to an ISO date in the future, is not rotated (until that date).',
    Default: DEFAULT_EXEMPTION_TAG_KEY,
    AllowedPattern: PATTERNS.tagKey,
  }),

  // Where new keys go.
  StoreSecretsInCentralAccount: flag('True: store new keys in OrgListAccount, encrypted with a customer-managed key. False: in each member account.', 'False'),
  CredentialReplicationRegions: text({
    Description: 'Comma-separated regions the secrets are replicated to. Empty: no replicas.',
    Default: '',
    AllowedPattern: PATTERNS.regionList,
  }),
  SecretsKmsKeyArn: text({
    Description: 'KMS key ARN for the secrets; in central mode with CredentialReplicationRegions, a multi-Region key (mrk-) replicated to them, with the statements of the stack\'s key (docs/security.md). Empty: in central mode the stack creates a single-Region key, otherwise the default aws/secretsmanager key is used.',
    Default: '',
    AllowedPattern: PATTERNS.optionalKmsKeyArn,
  }),
  SecretBreakGlassPrincipals: text({
    Description:
      'Comma-separated IAM role ARNs, no spaces, that each key secret\'s resource policy does not deny (emergency access): they still need an identity policy to read, and in central mode the stack\'s key lets them decrypt. Empty: nobody but the key\'s user can read its secret.',
    Default: '',
    AllowedPattern: PATTERNS.roleArnList,
    ConstraintDescription: 'must be IAM role ARNs separated by commas without spaces, such as arn:aws:iam::111122223333:role/break-glass',
  }),
  KeyAdministratorArns: text({
    Description:
      'Comma-separated IAM role or user ARNs, no spaces, that the key policy of every key of the stack names as its administrators (describe, change the policy, enable, disable, tag, schedule deletion; never encrypt or decrypt), beside the account root. npm run deploy fills in the deploying role when empty. Empty: only the account root, which leaves administration to IAM policies.',
    Default: '',
    AllowedPattern: PATTERNS.iamPrincipalArnList,
    ConstraintDescription: 'must be IAM role or user ARNs separated by commas without spaces, such as arn:aws:iam::111122223333:role/key-admin',
  }),
  OperatorPrincipals: text({
    Description: 'Role ARNs, comma-separated, that may send commands to the rotation queue. Empty: none.',
    Default: '',
    AllowedPattern: PATTERNS.roleArnList,
    ConstraintDescription: 'must be role ARNs separated by commas',
  }),

  // Running it.
  ScheduleExpression: text({ Description: 'When the inventory runs (EventBridge schedule expression, UTC).', Default: 'cron(0 6 * * ? *)', AllowedPattern: PATTERNS.schedule }),
  DigestWeekday: choice(
    'The admin digest is sent after a run in which a key was rotated, deactivated, deleted or reactivated, something failed, or a key is postponed; otherwise only on this day of the week (the UTC day of the run), so a quiet week costs one email. Daily: after every run.',
    DIGEST_WEEKDAYS,
    DEFAULT_DIGEST_WEEKDAY,
  ),
  RotationMaxConcurrency: count(
    'Accounts processed at the same time (the rotation queue\'s maximum concurrency). IAM throttles per member account and one invocation works in an account at a time, so accounts in parallel are cheap: the default of 25 keeps a daily run of 1,000 accounts under 5 minutes by the benchmark\'s time model. It also uses as many of the Region\'s Lambda concurrent executions.',
    25,
    2,
    1000,
  ),
  LogRetentionDays: new NumberParameter({ Description: 'Days the functions\' logs are kept.', Default: 90, AllowedValues: LOG_RETENTION_DAYS }),
  LogLevel: new StringParameter({
    Description: 'Least severe log lines the functions write (POWERTOOLS_LOG_LEVEL): DEBUG adds each step, ERROR keeps failures only.',
    Default: 'INFO',
    AllowedValues: [...LOG_LEVELS],
  }),

  // VPC mode.
  RunLambdaInVPC: flag('True: the functions run in the given subnets and mail over SMTP (deploy the VPC endpoints template first).', 'False'),
  VpcId: text({ Description: 'VPC of the functions when RunLambdaInVPC is True.', Default: '', AllowedPattern: PATTERNS.optionalVpcId }),
  VpcCidr: text({ Description: 'CIDR the functions\' security group may reach on HTTPS and SMTP (the VPC endpoints).', Default: '0.0.0.0/0', AllowedPattern: PATTERNS.cidr }),
  SubnetId: new StringParameter({
    Description: 'Subnet id, or comma-separated subnet ids, of the functions when RunLambdaInVPC is True.',
    Default: '',
    AllowedPattern: PATTERNS.optionalSubnetList,
  }),
};

export type MainParameter = keyof typeof parameters;
export const ref = refs(parameters);
