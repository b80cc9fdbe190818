import type { TargetKind } from './config/types';

/**
 * What one delivery of one key to one target came to: what the record keeps
 * and the messages, metrics and the old-key guard read. No value, no token:
 * a status or a code, and a message built from them.
 */
export interface DeliveryOutcome {
  /** targetId(): the record's key. */
  readonly target: string;
  /** targetLabel(): the target in an owner's words. */
  readonly label: string;
  readonly kind: TargetKind;
  readonly keyId: string;
  /** ISO time of the attempt. */
  readonly at: string;
  readonly delivered: boolean;
  /** HTTP status of the last call (GitHub, GitLab, and SSM's own). */
  readonly status?: number;
  /** AWS error code or network code, when there was no HTTP answer. */
  readonly code?: string;
  /** Plain words, scrubbed; only on failure. */
  readonly error?: string;
}

/** "HTTP 503" or "AccessDeniedException": how a failure is named in a CRITICAL line. */
export function failureName(outcome: DeliveryOutcome): string {
  if (outcome.code !== undefined) return outcome.code;
  return outcome.status !== undefined ? `HTTP ${outcome.status}` : 'error';
}
