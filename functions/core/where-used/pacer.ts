/** Time as the pacer sees it; tests inject one that records the waits instead of waiting. */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const REAL_CLOCK: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Spaces calls evenly per lane (here: an account and Region, LookupEvents'
 * unit of throttling, 2 requests per second). A slot is reserved before the
 * wait, so callers running at once queue behind each other rather than all
 * waking together.
 */
export class Pacer {
  private readonly nextFree = new Map<string, number>();
  private readonly intervalMs: number;

  constructor(
    private readonly clock: PacerClock,
    perSecond: number,
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  async wait(lane: string): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.nextFree.get(lane) ?? 0);
    this.nextFree.set(lane, at + this.intervalMs);
    if (at > now) await this.clock.sleep(at - now);
  }
}
