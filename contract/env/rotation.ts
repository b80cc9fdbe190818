/** Environment variables of the rotation function: the template sets them, the function's config parser reads them. */
export const ROTATION_ENV = {
  dryRun: 'DRY_RUN',
  rotationPeriod: 'ROTATION_PERIOD',
  inactiveBuffer: 'INACTIVE_BUFFER',
  recoveryGracePeriod: 'RECOVERY_GRACE_PERIOD',
  inactivePeriod: 'INACTIVE_PERIOD',
  warningDays: 'WARNING_DAYS',
  inUseWindow: 'IN_USE_WINDOW',
  inUseKeyAction: 'IN_USE_KEY_ACTION',
  maxPostponeDays: 'MAX_POSTPONE_DAYS',
  complianceMaxKeyAge: 'COMPLIANCE_MAX_KEY_AGE',
  enforcedScope: 'ENFORCED_SCOPE',
  exemptionGroup: 'EXEMPTION_GROUP',
  exemptionTagKey: 'EXEMPTION_TAG_KEY',
  assumedRoleName: 'ASSUMED_ROLE_NAME',
  ownerTagKey: 'OWNER_TAG_KEY',
  storeSecretsInCentralAccount: 'STORE_SECRETS_IN_CENTRAL_ACCOUNT',
  centralAccountId: 'CENTRAL_ACCOUNT_ID',
  centralRoleName: 'CENTRAL_ROLE_NAME',
  replicaRegions: 'REPLICA_REGIONS',
  secretsKmsKeyArn: 'SECRETS_KMS_KEY_ARN',
  secretBreakGlassPrincipals: 'SECRET_BREAK_GLASS_PRINCIPALS',
  notificationQueueUrl: 'NOTIFICATION_QUEUE_URL',
  adminEmail: 'ADMIN_EMAIL',
  /** Delivery (issue 21): where SSM targets may write (delivery.yaml is read from the stack's bucket below). */
  deliverySsmPathPrefix: 'DELIVERY_SSM_PATH_PREFIX',
  deactivateWhenSwitched: 'DEACTIVATE_WHEN_SWITCHED',
  /** The stack's bucket and prefix, as the notifier has them: run state (Runs/, Digests/), the key report (reports/), the key ledger (Ledger/) and delivery.yaml (Config/). */
  bucketName: 'S3_BUCKET_NAME',
  bucketPrefix: 'S3_BUCKET_PREFIX',
  /** The inventory execution role's unique id (AROA…): a queue message whose SenderId starts with it comes from the inventory. */
  inventoryRoleId: 'INVENTORY_ROLE_ID',
} as const;
