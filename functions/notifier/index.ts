import { SERVICE_NAMES } from '../../contract/env/powertools';
import { startOnFirstInvocation } from '../core/lambda/start';
import { createNotifierHandler } from './handler';

/** Lambda entry point (`index.handler`); configuration is read at the first invocation, once per container. */
export const handler = startOnFirstInvocation(SERVICE_NAMES.notifier, (logger, metrics) => createNotifierHandler({ logger, metrics }));

// The notifier's public API: scripts, the bench and tests outside functions/ import the function only from here.
// Importing this file starts nothing: `handler` builds itself at its first invocation.
export { createNotifierHandler, type NotifierHandler, type NotifierHandlerOptions, type NotifierResult } from './handler';
export { composeEmail } from './compose';
export { compileTemplate } from './render';
export { digestSubject, messageSubject } from './subjects';
export type { LoadedTemplate, TemplateMode } from './template-store';
export { BUILT_IN_TEMPLATES } from './templates/builtin';
export { digestValues, messageValues, type DigestInput, type SenderContext } from './values';
