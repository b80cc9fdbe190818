import { SERVICE_NAMES } from '../../contract/env/powertools';
import { startOnFirstInvocation } from '../core/lambda/start';
import { createInventoryHandler } from './handler';

/** Lambda entry point (`index.handler`); configuration is read at the first invocation, once per container. */
export const handler = startOnFirstInvocation(SERVICE_NAMES.inventory, (logger, metrics) => createInventoryHandler({ logger, metrics }));

// The inventory's public API: scripts, the bench and tests outside functions/ import the function only from here.
// Importing this file starts nothing: `handler` builds itself at its first invocation.
export { createInventoryHandler, type InventoryHandler, type InventoryHandlerOptions } from './handler';
export { OrganizationListingError } from './errors';
export { listAccountsInScope, type OrgAccount } from './organization';
export { selectAccounts, type AccountFilter, type Selection, type SkipReason, type SkippedAccount } from './selection';
