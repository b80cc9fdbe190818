/**
 * The demo simulates 120 days in a minute, so the bundled handlers must see
 * the simulated day too. They read the time with `new Date()` / `Date.now()`;
 * replacing the global Date (only the zero-argument forms change) moves their
 * clock without any test hook in the product code.
 */
export interface SimulatedClock {
  set(instant: Date): void;
  now(): Date;
  restore(): void;
}

export function installSimulatedClock(start: Date): SimulatedClock {
  const RealDate = Date;
  let current = start.getTime();
  class SimulatedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(current);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return current;
    }
  }
  globalThis.Date = SimulatedDate as DateConstructor;
  return {
    set: (instant) => {
      current = instant.getTime();
    },
    now: () => new RealDate(current),
    restore: () => {
      globalThis.Date = RealDate;
    },
  };
}
