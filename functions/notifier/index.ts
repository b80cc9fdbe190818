import { createNotifierHandler } from './handler';

/** Lambda entry point (`index.handler`); configuration is read here, at cold start. */
export const handler = createNotifierHandler();
