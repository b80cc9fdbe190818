import { startOnFirstInvocation } from '../core/lambda/start';
import { createNotifierHandler } from './handler';

/** Lambda entry point (`index.handler`); configuration is read at the first invocation, once per container. */
export const handler = startOnFirstInvocation('notifier', (logger) => createNotifierHandler({ logger }));
