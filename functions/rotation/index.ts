/**
 * Lambda entry point (bundled as index.js, `exports.handler`). The handler is
 * built at the first invocation, once per container (core/lambda/start).
 */
import { startOnFirstInvocation } from '../core/lambda/start';
import { createRotationHandler } from './handler';

export { createRotationHandler } from './handler';
export type { RotationDependencies, RotationHandler } from './handler';
export type { RunSummary } from './report/summary';

export const handler = startOnFirstInvocation('rotation', (logger) => createRotationHandler({ logger }));
