import { Logger as PowertoolsLogger, type LogItem } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { POWERTOOLS_ENV } from '../../../contract/env/powertools';
import type { InvocationContext } from '../lambda/context';
import { scrubber } from '../scrub/scrub';

/**
 * Structured JSON logs, one object per line, written by Powertools for AWS
 * Lambda's Logger: its keys (level, message, timestamp, service, cold_start,
 * function_request_id, ...) and its environment variables
 * (POWERTOOLS_SERVICE_NAME, POWERTOOLS_LOG_LEVEL, AWS_LAMBDA_LOG_LEVEL).
 * Every line passes the one scrubber before it is written, and fields whose
 * names suggest secrets are replaced: a secret access key must never reach a
 * log, even by mistake.
 */

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export type LogFields = Readonly<Record<string, unknown>>;

const LEVELS: readonly string[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];
const SECRET_FIELD = /secret|password|sessiontoken|secretstring/i;
export const REDACTED = '[REDACTED]';

/** What the functions' code calls; the rest of Powertools stays behind it. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. the account being processed). */
  child(fields: LogFields): Logger;
}

/** The logger a handler owns: it also learns each invocation's Lambda context. */
export interface FunctionLogger extends Logger {
  /** Adds cold_start, function_name, function_request_id, ... to every later line. */
  addContext(context: InvocationContext): void;
}

/** Where finished lines go; tests collect them. */
export type LogSink = (line: string) => void;

const STDOUT: LogSink = (line) => process.stdout.write(`${line}\n`);

/**
 * Powertools' Logger with one change: the serialised line goes through the
 * scrubber (and then to the sink) instead of straight to the console.
 */
class ScrubbingLogger extends PowertoolsLogger {
  // Not a #private field: Powertools may print (e.g. a warning about its options) from inside super().
  private sink: LogSink | undefined;

  constructor(options: ConstructorParameters<typeof PowertoolsLogger>[0], sink: LogSink) {
    super(options);
    this.sink = sink;
  }

  protected override printLog(_level: number, log: LogItem): void {
    log.prepareForPrint();
    (this.sink ?? STDOUT)(scrubber.text(JSON.stringify(log.getAttributes(), this.getJsonReplacer())));
  }
}

/**
 * The function's logger. `service` is used when POWERTOOLS_SERVICE_NAME is
 * not set; `level` (tests) overrides POWERTOOLS_LOG_LEVEL, whose default is INFO.
 */
export function createLogger(
  service: string,
  options: { level?: LogLevel; sink?: LogSink; fields?: LogFields } = {},
): FunctionLogger {
  // Powertools reads its variables from process.env itself; so does this.
  const env = process.env;
  const powertools = new ScrubbingLogger(
    {
      ...(env[POWERTOOLS_ENV.serviceName]?.trim() ? {} : { serviceName: service }),
      ...(options.level ? { logLevel: options.level } : {}),
      // A field named like a secret is replaced whatever its value: the scrubber catches values, this catches intent.
      jsonReplacerFn: (key: string, value: unknown) => (key !== '' && SECRET_FIELD.test(key) ? REDACTED : value),
    },
    options.sink ?? STDOUT,
  );
  const configured = env[POWERTOOLS_ENV.logLevel]?.trim();
  if (!options.level && configured && !LEVELS.includes(configured.toUpperCase())) {
    powertools.warn(`POWERTOOLS_LOG_LEVEL: "${configured}" is not a log level (DEBUG, INFO, WARN, ERROR); logging at ${powertools.getLevelName()}`);
  }
  const logger = bind(powertools, options.fields ?? {});
  // Powertools reads only the identifying fields of the context, which InvocationContext has.
  return { ...logger, addContext: (context) => powertools.addContext(context as Context) };
}

/**
 * Child loggers share the one Powertools instance and add their fields to
 * each line: Powertools' own children would each report a cold start again.
 */
function bind(powertools: PowertoolsLogger, base: LogFields): Logger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: LogFields): void =>
      powertools[level](message, { ...base, ...fields });
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => bind(powertools, { ...base, ...fields }),
  };
}
