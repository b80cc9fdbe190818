/**
 * The one source of truth for every name that the templates and the Lambda
 * functions must agree on. Templates import it to declare resources and
 * environment variables; functions import it to read them. Renaming anything
 * here changes both sides at once, so they cannot drift apart.
 */

/** Default names of the IAM roles, kept from the classic solution so migrating users keep their values. */
export const ROLE_NAMES = {
  /** Role in every member account that the rotation function assumes (StackSet). */
  assumed: 'asa-iam-key-rotation-lambda-assumed-role',
  /** Execution role of the rotation function (main stack). */
  rotationExecution: 'asa-iam-key-rotation-lambda-execution-role',
  /** Execution role of the inventory function (main stack). */
  inventoryExecution: 'asa-iam-key-rotation-account-inventory-lambda-execution-role',
  /** Execution role of the notifier function (main stack). */
  notifierExecution: 'asa-iam-key-rotation-notifier-lambda-execution-role',
  /** Role in the Organization-listing account (management or delegated admin); it only lists accounts. */
  listAccounts: 'asa-iam-key-rotation-list-accounts-role',
  /** Role in the central account that writes the secrets when they are stored centrally; only the rotation function assumes it. */
  centralSecrets: 'asa-iam-key-rotation-central-secrets-role',
} as const;

/** Lambda function names, kept from the classic solution (console users look for them). */
export const FUNCTION_NAMES = {
  rotation: 'ASA-IAM-Access-Key-Rotation-Function',
  inventory: 'ASA-Account-Inventory',
  notifier: 'ASA-Notifier',
} as const;

export type FunctionKey = keyof typeof FUNCTION_NAMES;

/** Zip file names under `<prefix>/Lambda/`, kept from the classic solution. */
export const ZIP_NAMES: Record<FunctionKey, string> = {
  rotation: 'access_key_auto_rotation.zip',
  inventory: 'account_inventory.zip',
  notifier: 'notifier.zip',
};

/** Folders of the S3 bucket layout `<prefix>/{CloudFormation,Lambda,Template}/` (capital T on purpose). */
export const S3_FOLDERS = {
  cloudFormation: 'CloudFormation',
  lambda: 'Lambda',
  template: 'Template',
  testUnits: 'Test Units',
} as const;

export const DEFAULT_S3_PREFIX = 'asa/asa-iam-rotation';

/**
 * Folders written at run time (docs/run.md): Runs/<runId>/<accountId>.json, one
 * report per account while a run is open (the rotation role alone writes it);
 * Digests/<runId>.json, the claim-once record that the run was closed, holding
 * its digest (the rotation role writes it, the notifier reads it); Reminders/,
 * the claim-once records of what each recipient was told once (the notifier's).
 * Kept out of S3_FOLDERS on purpose: `npm run upload` syncs S3_FOLDERS, and
 * must never touch run state.
 */
export const DIGEST_FOLDERS = { runs: 'Runs', digests: 'Digests', reminders: 'Reminders' } as const;

/**
 * The key report for auditors, written by the close-run step when a scheduled
 * run is closed: `<prefix>/reports/<YYYY-MM-DD>/keys.csv` and `keys.json`,
 * one row per key. Lower case, as Athena users expect; the rotation role may
 * write under this folder and nowhere else outside the run's state.
 */
export const KEY_REPORT = { folder: 'reports', csv: 'keys.csv', json: 'keys.json' } as const;

/**
 * The key ledger: `<prefix>/Ledger/<accountId>.json`, one object per account
 * that outlives runs and redeployments (every key's id, its history, where it
 * was last seen used). Only the rotation function writes it, and only there;
 * like run state it is kept out of S3_FOLDERS so `npm run upload` never touches it.
 */
export const LEDGER_FOLDER = 'Ledger';

/** Email template file names under `<prefix>/Template/`. */
export const EMAIL_TEMPLATES = {
  enforce: 'iam-auto-key-rotation-enforcement.html',
  audit: 'iam-auto-key-rotation-audit.html',
} as const;

/** Template file names under `<prefix>/CloudFormation/`, as in the classic solution. */
export const TEMPLATE_FILES = {
  main: 'ASA-iam-key-auto-rotation-and-notifier-solution.yaml',
  assumedRole: 'ASA-iam-key-auto-rotation-iam-assumed-roles.yaml',
  listAccountsRole: 'ASA-iam-key-auto-rotation-list-accounts-role.yaml',
  vpcEndpoints: 'ASA-iam-key-auto-rotation-vpc-endpoints.yaml',
} as const;

export const QUEUE_NAMES = {
  rotation: 'asa-iam-key-rotation-queue',
  rotationDlq: 'asa-iam-key-rotation-dlq',
  notification: 'asa-iam-key-rotation-notification-queue',
  notificationDlq: 'asa-iam-key-rotation-notification-dlq',
} as const;

export const DEFAULT_EXEMPTION_GROUP = 'IAMKeyRotationExemptionGroup';

/** User tag that exempts a user: value `true`, or an ISO date until which the exemption holds. */
export const DEFAULT_EXEMPTION_TAG_KEY = 'IAMKeyRotationExempt';

/**
 * User tags the lifecycle reads (docs/design.md#4-key-lifecycle). `deactivated` is the
 * only one the tool writes besides `hold` (set by a Reactivate event): the
 * member role may tag users with exactly these two keys and no other, so it
 * cannot set tags that attribute-based access control might trust.
 */
export const USER_TAGS = {
  /** Whole days, shorter than RotationPeriod: this user's keys are rotated sooner. */
  period: 'IAMKeyRotationPeriod',
  /** An ISO date: nothing is done to the user's keys until then. */
  hold: 'IAMKeyRotationHold',
  /** Written by the tool: `<keyId>@<ISO time>` for each key it deactivated, so it can tell when, and undo it. */
  deactivated: 'IAMKeyRotationDeactivated',
  /** `false` opts a user out of SES SMTP detection; `true` declares it an SMTP user. */
  smtp: 'IAMKeyRotationSmtp',
  /** Regions (separated by spaces; IAM tag values cannot hold commas) whose SMTP passwords the secret holds. */
  smtpRegions: 'IAMKeyRotationSmtpRegions',
} as const;

/** Values of the InUseKeyAction parameter: what happens to a replaced key still in use on its deactivation date. */
export const IN_USE_KEY_ACTIONS = ['Deactivate', 'Postpone'] as const;

/**
 * Values of the DigestWeekday parameter: the UTC day of the run on which the
 * admin digest goes out even when nothing changed, failed or is postponed;
 * Daily sends it after every run.
 */
export const DIGEST_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Daily'] as const;
export type DigestWeekday = (typeof DIGEST_WEEKDAYS)[number];
export const DEFAULT_DIGEST_WEEKDAY: DigestWeekday = 'Monday';

/** The tag keys the member role may write on users (aws:TagKeys condition of iam:TagUser and iam:UntagUser). */
export const TOOL_WRITTEN_USER_TAGS: readonly string[] = [USER_TAGS.deactivated, USER_TAGS.hold];

/** STS session name, visible in member accounts' CloudTrail. */
export const ROLE_SESSION_NAME = 'asa-iam-key-rotation';

/** Managed policy in each member account that lets every IAM user read exactly its own secret. */
export const READER_POLICY_NAME = 'asa-iam-key-rotation-secret-reader';

export function readerPolicyArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:policy/${READER_POLICY_NAME}`;
}

/** Tag put on every secret this tool writes, so humans and policies can find them. */
export const SECRET_TAG = { key: 'asa-iam-key-rotation', value: 'managed' } as const;

/** Prefix shared by every secret name; the reader policy's resource pattern is built from it. */
export const SECRET_NAME_PREFIX = 'Account_';

/** Secret name, kept from the classic solution so existing consumers keep working. */
export function secretName(accountId: string, userName: string): string {
  return `${SECRET_NAME_PREFIX}${accountId}_User_${userName}_AccessKey`;
}

/** What Secrets Manager allows in a secret's name: ASCII letters, digits and /_+=.@- , at most 512 characters. */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/**
 * Whether a user's secret can be named after it. IAM user names allow
 * `[A-Za-z0-9_+=,.@-]` (a path is not part of the name), so only `,` is
 * refused. Such a user is skipped before any key is created: a name mapped to
 * another spelling would not match the key and reader policies, which find a
 * user's own secret by `${aws:username}`, nor the name existing consumers read.
 */
export function canNameSecretAfter(userName: string): boolean {
  return SECRET_NAME_PATTERN.test(secretName('000000000000', userName));
}

/**
 * Main-stack parameters holding each zip's S3 object version. The upload
 * script prints them; passing them to `sam deploy` makes CloudFormation see a
 * change and update the code even though the S3 key stays the same.
 */
export const CODE_VERSION_PARAMETERS = {
  rotation: 'RotationCodeVersion',
  inventory: 'InventoryCodeVersion',
  notifier: 'NotifierCodeVersion',
} as const satisfies Record<FunctionKey, string>;

/**
 * IAM resource pattern for the random suffix Secrets Manager appends to a
 * secret's name in its ARN (`-` and six characters). Matching it exactly, rather
 * than with `*`, keeps user `bob` from matching the secret of user `bob_AccessKey-x`.
 */
export const SECRET_ARN_SUFFIX_PATTERN = '-??????';

/**
 * IAM policy pattern (ArnLike) of key secrets stored in `secretsAccount`, in
 * every region: a replica's ARN is its primary's with the replica's region, so
 * one pattern covers a secret and all its replicas. `userAccount` and
 * `userName` narrow it (`*` for any); the templates pass `${…}` placeholders.
 */
export function secretArnPattern(partition: string, secretsAccount: string, userAccount = '*', userName = '*'): string {
  return `arn:${partition}:secretsmanager:*:${secretsAccount}:secret:${secretName(userAccount, userName)}${SECRET_ARN_SUFFIX_PATTERN}`;
}

/**
 * One IAM role ARN (a path allowed), without anchors: what the main stack's
 * SecretBreakGlassPrincipals lists. No comma, although IAM allows one in a
 * role name: the list is comma-separated. The template's AllowedPattern and the
 * rotation function's cold-start check are both built from it.
 */
export const ROLE_ARN_PATTERN = 'arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=.@/-]{1,512}';

/**
 * Delivery (issue 21): the reviewed configuration at `<prefix>/Config/delivery.yaml`
 * (uploaded by `npm run upload -- --delivery-config FILE`, not by the sync of S3_FOLDERS),
 * the default SSM path new keys may be written under, and the name prefix of the token
 * secrets only the rotation function's role may read.
 */
export const DELIVERY_CONFIG = { folder: 'Config', file: 'delivery.yaml' } as const;
export const DEFAULT_DELIVERY_SSM_PATH_PREFIX = '/iam-key-rotation/';
export const DELIVERY_TOKEN_SECRET_PREFIX = 'iam-key-rotation/delivery/';
/** A pending-delivery copy of a new key is named after the key's secret plus this suffix (readable by the writing role only). */
export const PENDING_DELIVERY_SUFFIX = '_PendingDelivery';
/** The key of delivery.yaml under the stack's S3BucketPrefix. */
export function deliveryConfigKey(prefix: string): string {
  return `${prefix}/${DELIVERY_CONFIG.folder}/${DELIVERY_CONFIG.file}`;
}
