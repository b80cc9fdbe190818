import { SERVICE_NAMES } from '../../contract/env/powertools';
import { startOnFirstInvocation } from '../core/lambda/start';
import { createInventoryHandler } from './handler';

/** Lambda entry point (`index.handler`); configuration is read at the first invocation, once per container. */
export const handler = startOnFirstInvocation(SERVICE_NAMES.inventory, (logger, metrics) => createInventoryHandler({ logger, metrics }));
