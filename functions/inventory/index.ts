import { startOnFirstInvocation } from '../core/lambda/start';
import { createInventoryHandler } from './handler';

/** Lambda entry point (`index.handler`); configuration is read at the first invocation, once per container. */
export const handler = startOnFirstInvocation('inventory', (logger) => createInventoryHandler({ logger }));
