import type { ClientPlugin } from '../functions/core/aws/plugins';
import { UserAttribution } from './attribution';

function operationOf(context: { clientName?: string; commandName?: string }): string {
  return `${context.clientName?.replace(/Client$/, '') ?? '?'}.${context.commandName?.replace(/Command$/, '') ?? '?'}`;
}

export interface CallSnapshot {
  /** Calls as the code made them, by "Service.Operation". */
  readonly calls: Record<string, number>;
  /** Requests including the SDK's retries (and the ones a fault injector failed). */
  readonly attempts: Record<string, number>;
  readonly totalCalls: number;
  readonly totalAttempts: number;
  /** Calls naming each user, in any of the forms UserAttribution knows. */
  readonly byUser: ReadonlyMap<string, number>;
  /** Calls naming no user: what the account as a whole costs. */
  readonly accountWide: number;
}

/**
 * Counts calls twice: once above the SDK's retry middleware (the call the code
 * made) and once below it (each request sent). The difference is what retries
 * cost, which the throttling scenario reports. Also attributes calls to the
 * user they name, so the cost of users with nothing due can be told apart
 * from the work on the ones that are due.
 */
export class CallRecorder {
  private readonly calls = new Map<string, number>();
  private readonly attempts = new Map<string, number>();
  private readonly users = new Map<string, number>();
  private accountWide = 0;

  /** Shared across a scenario's runs, so key ids learned in one run still name their users in the next. */
  constructor(readonly attribution: UserAttribution = new UserAttribution()) {}

  readonly plugin: ClientPlugin = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          bump(this.calls, operationOf(context));
          let user = this.attribution.userOfInput(args.input);
          try {
            const result = await next(args);
            const named = this.attribution.learnFromOutput(result.output);
            user ??= named;
            return result;
          } finally {
            if (user === undefined) this.accountWide++;
            else bump(this.users, user);
          }
        },
        { step: 'initialize', priority: 'high', name: 'benchCallRecorder' },
      );
      // Low priority in finalizeRequest runs inside retryMiddleware (high priority there): once per attempt.
      stack.add(
        (next, context) => async (args) => {
          bump(this.attempts, operationOf(context));
          return next(args);
        },
        { step: 'finalizeRequest', priority: 'low', name: 'benchAttemptRecorder' },
      );
    },
  };

  snapshot(): CallSnapshot {
    const sorted = (map: Map<string, number>): Record<string, number> =>
      Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
    return {
      calls: sorted(this.calls),
      attempts: sorted(this.attempts),
      totalCalls: sum(this.calls),
      totalAttempts: sum(this.attempts),
      byUser: new Map(this.users),
      accountWide: this.accountWide,
    };
  }

  reset(): void {
    this.calls.clear();
    this.attempts.clear();
    this.users.clear();
    this.accountWide = 0;
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sum(map: Map<string, number>): number {
  let total = 0;
  for (const value of map.values()) total += value;
  return total;
}

/** Calls naming one of the due users (user names repeat across the pipeline's accounts, so this is all of them). */
export function callsOnDueUsers(snapshot: CallSnapshot, dueUsers: ReadonlySet<string>): number {
  let dueCalls = 0;
  for (const [user, count] of snapshot.byUser) if (dueUsers.has(user)) dueCalls += count;
  return dueCalls;
}

/**
 * Calls that cannot be charged to a user with something due, per user with
 * nothing due: the account-wide calls (role, report, lists, queue) and any
 * call naming an idle user. Every call naming a due user, whatever the form,
 * is that user's own cost and is left out.
 */
export function callsPerIdleUser(snapshot: CallSnapshot, dueUsers: ReadonlySet<string>, idleUserCount: number): number {
  return idleUserCount === 0 ? 0 : (snapshot.totalCalls - callsOnDueUsers(snapshot, dueUsers)) / idleUserCount;
}

/** Calls naming a user with nothing due: each idle user's own cost (account-wide calls are not in it). */
export function callsOnIdleUsers(snapshot: CallSnapshot, dueUsers: ReadonlySet<string>): number {
  return snapshot.totalCalls - snapshot.accountWide - callsOnDueUsers(snapshot, dueUsers);
}
