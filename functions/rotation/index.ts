/**
 * Lambda entry point (bundled as index.js, `exports.handler`). The handler is
 * built at the first invocation, not at import, so the configuration is read
 * from the environment as it is when Lambda (or a test) first calls it.
 */
import { createRotationHandler, type RotationHandler } from './handler';

export { createRotationHandler } from './handler';
export type { RotationDependencies, RotationHandler } from './handler';
export type { RunSummary } from './report/summary';

let instance: RotationHandler | undefined;

export const handler: RotationHandler = (event) => (instance ??= createRotationHandler())(event);
