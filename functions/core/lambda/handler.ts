import type { FunctionLogger, Logger } from '../log/logger';
import type { FunctionMetrics } from '../metrics/metrics';
import { scrubber } from '../scrub/scrub';
import type { InvocationContext, LambdaHandler } from './context';

/**
 * The shell every invocation of every function runs in: the logger learns
 * the invocation (cold_start, function_request_id on every line; a test's
 * plain Logger is left as it is), and what
 * the function returns, or the error it throws, passes the scrubber before
 * Lambda hands it to the caller (the console, a destination, the logs). The
 * invocation's metrics are written when it ends, however it ends: a frozen
 * container would otherwise hold them until its next invocation, or forever.
 */
export function invocationShell<R>(
  logger: Logger | FunctionLogger,
  handle: (event: unknown, context: InvocationContext | undefined) => Promise<R>,
  metrics?: FunctionMetrics,
): LambdaHandler<R> {
  return async (event, context) => {
    if (context && 'addContext' in logger) logger.addContext(context);
    try {
      return scrubber.value(await handle(event, context));
    } catch (error) {
      throw scrubbedError(error);
    } finally {
      metrics?.flush();
    }
  };
}

/**
 * Lambda reports an error's name, message and stack; the message (and the
 * stack, which repeats it) are cleaned in place so the error keeps its class.
 */
export function scrubbedError(error: unknown): unknown {
  if (error instanceof Error) {
    error.message = scrubber.text(error.message);
    if (error.stack) error.stack = scrubber.text(error.stack);
    return error;
  }
  return typeof error === 'string' ? scrubber.text(error) : error;
}
