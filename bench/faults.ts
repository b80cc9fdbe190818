import type { ClientPlugin } from '../functions/core/aws/plugins';

/** mulberry32: a seeded generator, so every repetition throttles the same way. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shaped like the SDK's own service exception, so its retry strategy classifies it as throttling. */
export class InjectedThrottling extends Error {
  override readonly name = 'ThrottlingException';
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 400 };
  readonly $retryable = { throttling: true };

  constructor(readonly operation: string) {
    super(`Rate exceeded (injected by the benchmark into ${operation})`);
  }
}

/**
 * Fails a share of the requests of one service with ThrottlingException. It
 * sits in the deserialize step, below the retry middleware (finalizeRequest),
 * so the SDK's retry strategy sees and retries it as it would a real one;
 * test/harness's FaultInjector sits above retry and is never retried.
 */
export class ThrottleInjector {
  private readonly random: () => number;
  readonly injected = new Map<string, number>();

  constructor(
    private readonly rate: number,
    private readonly clientName = 'IAMClient',
    seed = 20_240_607,
  ) {
    this.random = seededRandom(seed);
  }

  get total(): number {
    let sum = 0;
    for (const count of this.injected.values()) sum += count;
    return sum;
  }

  readonly plugin: ClientPlugin = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          if (context.clientName === this.clientName && this.random() < this.rate) {
            const operation = context.commandName?.replace(/Command$/, '') ?? '?';
            this.injected.set(operation, (this.injected.get(operation) ?? 0) + 1);
            throw new InjectedThrottling(operation);
          }
          return next(args);
        },
        { step: 'deserialize', priority: 'low', name: 'benchThrottleInjector' },
      );
    },
  };
}
