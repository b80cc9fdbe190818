import { NamedError } from '../errors/named-error';
import { createLogger, type FunctionLogger } from '../log/logger';
import { createMetrics, type FunctionMetrics } from '../metrics/metrics';
import type { LambdaHandler } from './context';
import { scrubbedError } from './handler';

/**
 * The one start-up pattern of the three functions (each index.ts): the
 * handler, with its configuration and clients, is built at the first
 * invocation and kept for the container's life. A configuration error is
 * kept too (the environment cannot change within a container): every
 * invocation then logs it as one line and fails with it, a ConfigError whose
 * message starts with the variable to fix. Building at the first invocation
 * rather than at import puts that error through this logger and the
 * scrubber, where an import-time throw would reach Lambda's init report
 * unformatted, and makes importing a bundle free of side effects. The
 * function's metrics are made here too, with the logger, and given to the
 * handler, whose invocation shell flushes them.
 */
export function startOnFirstInvocation<R>(service: string, build: (logger: FunctionLogger, metrics: FunctionMetrics) => LambdaHandler<R>): LambdaHandler<R> {
  let started: { readonly handler: LambdaHandler<R> } | { readonly failure: unknown } | undefined;
  let logger: FunctionLogger | undefined;
  return async (event, context) => {
    logger ??= createLogger(service);
    if (started === undefined) {
      try {
        started = { handler: build(logger, createMetrics(service, { logger })) };
      } catch (error) {
        started = { failure: scrubbedError(error) };
      }
    }
    if ('handler' in started) return started.handler(event, context);
    if (context) logger.addContext(context);
    const failure = started.failure;
    logger.error('the function cannot start; nothing was done', {
      error: failure instanceof NamedError ? { name: failure.name, subject: failure.subject, message: failure.message } : failure,
    });
    throw failure;
  };
}
