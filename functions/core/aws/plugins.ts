import type { Pluggable } from '@smithy/types';

/**
 * SDK middleware to add to every client a handler builds. Production passes
 * none; tests and the benchmark pass call counters and fault injectors, the
 * only seam the handlers have for them.
 */
// The SDK types each client's stack by its own input/output unions; a plugin
// that counts or fails calls is the same for all of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClientPlugin = Pluggable<any, any>;

export interface AwsDependencies {
  readonly plugins: readonly ClientPlugin[];
}

export const NO_PLUGINS: AwsDependencies = { plugins: [] };

/** Adds the plugins to a client and returns it, so construction stays one expression. */
export function withPlugins<C extends { middlewareStack: { use(plugin: ClientPlugin): void } }>(
  client: C,
  deps: AwsDependencies,
): C {
  for (const plugin of deps.plugins) client.middlewareStack.use(plugin);
  return client;
}
