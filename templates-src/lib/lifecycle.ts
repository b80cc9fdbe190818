/**
 * Explicit DeletionPolicy and UpdateReplacePolicy for stateful resources
 * (cloudform models the first but not the second). Stating them makes the
 * choice visible in review: what a stack deletion or replacement destroys.
 */
export type RemovalPolicy = 'Delete' | 'Retain';

export function onRemoval<T extends object>(resource: T, policy: RemovalPolicy): T {
  return Object.assign(resource, { DeletionPolicy: policy, UpdateReplacePolicy: policy });
}
