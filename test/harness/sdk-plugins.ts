import type { ClientPlugin } from '../../functions/core/aws/plugins';

/** Counts AWS calls by "Service.Operation" through SDK middleware: a count, never a timing. */
export class CallCounter {
  readonly counts = new Map<string, number>();

  readonly plugin: ClientPlugin = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          const key = `${context.clientName?.replace(/Client$/, '') ?? '?'}.${context.commandName?.replace(/Command$/, '') ?? '?'}`;
          this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
          return next(args);
        },
        { step: 'initialize', name: 'testCallCounter' },
      );
    },
  };

  get total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }

  byOperation(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}

export class InjectedFault extends Error {
  constructor(
    override readonly name: string,
    readonly operation: string,
  ) {
    super(`injected ${name} in ${operation}`);
  }
}

/**
 * Fails chosen operations (by command name without "Command", e.g.
 * "PutSecretValue") before they reach AWS. `times` failures, then the call goes
 * through, so a retry or a rerun can be tested.
 */
export class FaultInjector {
  private readonly remaining = new Map<string, number>();
  /** Only calls whose input matches fail (e.g. one S3 key); the others go through and do not count. */
  private readonly matching = new Map<string, (input: Record<string, unknown>) => boolean>();
  readonly injected: string[] = [];

  constructor(private readonly errorName = 'InternalFailure') {}

  failNext(operation: string, times = 1, when?: (input: Record<string, unknown>) => boolean): this {
    this.remaining.set(operation, (this.remaining.get(operation) ?? 0) + times);
    if (when) this.matching.set(operation, when);
    return this;
  }

  readonly plugin: ClientPlugin = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          const operation = context.commandName?.replace(/Command$/, '') ?? '?';
          const left = this.remaining.get(operation) ?? 0;
          const when = this.matching.get(operation);
          if (left > 0 && (!when || when(args.input as Record<string, unknown>))) {
            this.remaining.set(operation, left - 1);
            this.injected.push(operation);
            throw new InjectedFault(this.errorName, operation);
          }
          return next(args);
        },
        { step: 'initialize', name: 'testFaultInjector' },
      );
    },
  };
}
