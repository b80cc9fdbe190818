import type { RunDeliveryConfig } from './setup';

/**
 * delivery.yaml as read for one scheduled run, kept by the container that
 * read it. Every account of a run is delivered by the same file (an upload in
 * the middle of a run applies from the next run, not to half the accounts),
 * and a container that serves many accounts of a run reads it once rather than
 * once per account. Events without a run id (console, one account) always read.
 */
export class RunDeliveryConfigCache {
  private entry?: { readonly runId: string; readonly value: Promise<RunDeliveryConfig> };

  /** The run's configuration: read once per run id; a failed read is not kept, so the next account tries again. */
  get(runId: string | undefined, read: () => Promise<RunDeliveryConfig>): Promise<RunDeliveryConfig> {
    if (runId === undefined) return read();
    if (this.entry?.runId === runId) return this.entry.value;
    const value = read().then((result) => {
      // S3 could not be read (a transient error, not a wrong file): the next account of the run reads again.
      if (result.unreadable && this.entry?.runId === runId) this.entry = undefined;
      return result;
    });
    this.entry = { runId, value };
    return value;
  }
}
