import type { StandingCounts } from '../../core/compliance';
import type { ActionOutcome, AuditReason, ResultActionType, ResultUser } from '../../core/messages/notification';

/** What one account's run did, logged as one JSON line and returned to a console caller. */
export interface RunSummary {
  readonly accountId: string;
  readonly accountName?: string;
  readonly dryRun: boolean;
  /** Set when dryRun is: why nothing was changed (DryRunFlag, the request, EnforcedScope). */
  readonly auditReason?: AuditReason;
  readonly generatedAt: string;
  /** Absent for a Reactivate event, which looks at one user only. */
  readonly observedWith?: 'credential-report' | 'list-access-keys';
  readonly reportGeneratedAt?: string;
  readonly users: {
    readonly seen: number;
    readonly exempt: number;
    /** On hold (IAMKeyRotationHold): left alone until the date the tag names. */
    readonly held: number;
    /** Nothing due or announced: no call was spent on them beyond the account-wide lists. */
    readonly skipped: number;
    /** Keys read one by one because something was (or might have been) due. */
    readonly examined: number;
    readonly withActions: number;
    readonly failed: number;
  };
  /** Where the account's keys stand, by the compliance view's standings; absent for a Reactivate event, which looks at one user only. */
  readonly keys?: StandingCounts;
  /** Count by action type and outcome, e.g. `{ ROTATE: { DONE: 2 }, WARN: { PLANNED: 5 } }`. */
  readonly actions: Partial<Record<ResultActionType, Partial<Record<ActionOutcome, number>>>>;
  readonly failures: readonly string[];
  readonly notes: readonly string[];
  readonly notificationsQueued: number;
  /** Deliveries of new keys attempted in this run (issue 21), by target kind; absent when none was. */
  readonly deliveries?: Partial<Record<'github' | 'gitlab' | 'ssm', { readonly succeeded: number; readonly failed: number }>>;
}

export function countActions(users: readonly ResultUser[]): RunSummary['actions'] {
  const counts: Partial<Record<ResultActionType, Partial<Record<ActionOutcome, number>>>> = {};
  for (const user of users) {
    for (const action of user.actions) {
      const byOutcome = (counts[action.type] ??= {});
      byOutcome[action.outcome] = (byOutcome[action.outcome] ?? 0) + 1;
    }
  }
  return counts;
}
