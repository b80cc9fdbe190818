import { DEPLOYED } from './deployed';

type Write = typeof process.stdout.write;

/**
 * Counts the bytes the handlers write to stdout and stderr, which is what
 * Lambda ships to CloudWatch Logs, and keeps them off the terminal (a
 * 20,000-user pipeline at INFO writes megabytes). Only while `during` runs:
 * the bench's own progress lines are not counted.
 */
export class LogMeter {
  bytes = 0;
  lines = 0;

  async during<T>(action: () => Promise<T>): Promise<T> {
    const streams = [process.stdout, process.stderr];
    const originals = streams.map((stream) => stream.write);
    const count = ((chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      this.bytes += Buffer.byteLength(text, 'utf8');
      this.lines += text.split('\n').filter((line) => line.length > 0).length;
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      if (typeof done === 'function') (done as () => void)();
      return true;
    }) as Write;
    for (const stream of streams) stream.write = count;
    try {
      return await action();
    } finally {
      streams.forEach((stream, i) => {
        stream.write = originals[i] as Write;
      });
    }
  }
}

const LEVEL_VARIABLES = ['LOG_LEVEL', 'POWERTOOLS_LOG_LEVEL'] as const;

/**
 * Runs `action` with the functions logging as deployed (the template's level;
 * the bench otherwise keeps them at ERROR), for the scenarios that measure log volume. Loggers
 * read the level when a handler is created, so create handlers inside.
 */
export async function atDeployedLogLevel<T>(action: () => Promise<T>): Promise<T> {
  const before = LEVEL_VARIABLES.map((name) => process.env[name]);
  for (const name of LEVEL_VARIABLES) process.env[name] = DEPLOYED.logLevel;
  try {
    return await action();
  } finally {
    LEVEL_VARIABLES.forEach((name, i) => {
      const value = before[i];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    });
  }
}
