/**
 * Lambda entry point (bundled as index.js, `exports.handler`). The handler is
 * built at the first invocation, once per container (core/lambda/start).
 */
import { SERVICE_NAMES } from '../../contract/env/powertools';
import { startOnFirstInvocation } from '../core/lambda/start';
import { createRotationHandler } from './handler';

export { createRotationHandler } from './handler';
export type { RotationDependencies, RotationHandler } from './handler';
export type { RunSummary } from './result/summary';

export const handler = startOnFirstInvocation(SERVICE_NAMES.rotation, (logger, metrics) => createRotationHandler({ logger, metrics }));
