import type { ClientPlugin } from '../functions/core/aws/plugins';

const SECRET_USER = /_User_(.+)_AccessKey$/;

/** The IAM user a call is about, from its input, or undefined for account-wide calls. */
export function userOf(input: unknown): string | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const fields = input as Record<string, unknown>;
  if (typeof fields.UserName === 'string') return fields.UserName;
  for (const name of [fields.SecretId, fields.Name]) {
    if (typeof name === 'string') {
      const match = SECRET_USER.exec(name);
      if (match?.[1]) return match[1];
    }
  }
  return undefined;
}

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
  /** Calls naming each user (UserName, or a secret named after the user). */
  readonly byUser: ReadonlyMap<string, number>;
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

  readonly plugin: ClientPlugin = {
    applyToStack: (stack) => {
      stack.add(
        (next, context) => async (args) => {
          bump(this.calls, operationOf(context));
          const user = userOf(args.input);
          if (user !== undefined) bump(this.users, user);
          return next(args);
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
    };
  }

  reset(): void {
    this.calls.clear();
    this.attempts.clear();
    this.users.clear();
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

/**
 * Calls that cannot be charged to a user with something due, per user with
 * nothing due. Account-wide calls (role, report, lists, queue) all count
 * against the idle users: the conservative reading of the 0.1 target.
 */
export function callsPerIdleUser(snapshot: CallSnapshot, dueUsers: ReadonlySet<string>, idleUserCount: number): number {
  let dueCalls = 0;
  for (const [user, count] of snapshot.byUser) if (dueUsers.has(user)) dueCalls += count;
  return idleUserCount === 0 ? 0 : (snapshot.totalCalls - dueCalls) / idleUserCount;
}
