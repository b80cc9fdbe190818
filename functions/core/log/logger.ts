/**
 * Structured JSON logs, one object per line, as CloudWatch Logs Insights likes
 * them. Fields whose names suggest secrets are replaced before anything is
 * written: a secret access key must never reach a log, even by mistake.
 */

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export type LogFields = Readonly<Record<string, unknown>>;

const LEVEL_ORDER: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 };
const SECRET_FIELD = /secret|password|sessiontoken|secretstring/i;
export const REDACTED = '[REDACTED]';

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. the account being processed). */
  child(fields: LogFields): Logger;
}

export type LogSink = (line: string) => void;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) ? REDACTED : redact(inner, depth + 1);
  }
  return out;
}

export function createLogger(
  service: string,
  options: { level?: LogLevel; sink?: LogSink; fields?: LogFields } = {},
): Logger {
  const threshold = LEVEL_ORDER[options.level ?? parseLevel(process.env.LOG_LEVEL)];
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  const base = options.fields ?? {};
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LEVEL_ORDER[level] < threshold) return;
    const entry = redact({ level, time: new Date().toISOString(), service, message, ...base, ...fields });
    sink(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => write('DEBUG', m, f),
    info: (m, f) => write('INFO', m, f),
    warn: (m, f) => write('WARN', m, f),
    error: (m, f) => write('ERROR', m, f),
    child: (fields) => createLogger(service, { ...options, fields: { ...base, ...fields } }),
  };
}

function parseLevel(raw: string | undefined): LogLevel {
  const upper = (raw ?? 'INFO').toUpperCase();
  return upper in LEVEL_ORDER ? (upper as LogLevel) : 'INFO';
}
