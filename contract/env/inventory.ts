/** Environment variables of the inventory function: the template sets them, the function's config parser reads them. */
export const INVENTORY_ENV = {
  orgListAccount: 'ORG_LIST_ACCOUNT',
  orgListRole: 'ORG_LIST_ROLE',
  rotationQueueUrl: 'ROTATION_QUEUE_URL',
  organizationalUnits: 'ORGANIZATIONAL_UNITS',
  includeAccounts: 'INCLUDE_ACCOUNTS',
  excludeAccounts: 'EXCLUDE_ACCOUNTS',
  enforcedScope: 'ENFORCED_SCOPE',
} as const;
