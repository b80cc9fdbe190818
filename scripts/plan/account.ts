import { accountRows, type ClassifiedKey } from '../../functions/core/compliance';
import { describeError } from '../../functions/core/errors/describe';
import { planUser } from '../../functions/core/lifecycle';
import { createLogger, type Logger } from '../../functions/core/log/logger';
import { scrubber } from '../../functions/core/scrub/scrub';
import { accountKeys, DEFAULT_CREDENTIAL_REPORT_POLLING, type CredentialReportPolling, listKeys, withLastUsed, type ObservedKey, planAccount, type AccountPlan, type PlannedUser } from '../../functions/rotation';
import { mapWithConcurrency } from '../../functions/core/async/map-with-concurrency';
import { emptyLedger } from '../../functions/core/ledger/schema';
import type { TargetAccount } from './accounts';
import type { PlanClients } from './clients';
import type { PlanSettings } from './settings';
import { planWhereUsed, type PlanWhereUsed } from './where-used';

export interface PlannedAccount {
  readonly accountId: string;
  readonly accountName: string | null;
  readonly keys: readonly ClassifiedKey[];
  /** The engine's plan for each user it examined: what the rotation function would do at this run. */
  readonly planned: readonly PlannedUser[];
  readonly observedWith?: 'credential-report' | 'list-access-keys';
  /** Users whose keys could not be read: their keys are missing from `keys`. */
  readonly failures: readonly string[];
  readonly notes: readonly string[];
  /** The account as a whole could not be planned (its role, its user list): it has no keys. */
  readonly error?: string;
  /** --where-used: CloudTrail's evidence for the keys the plan would switch off, announce or postpone. */
  readonly whereUsed?: readonly PlanWhereUsed[];
}

export interface AccountContext {
  readonly settings: PlanSettings;
  readonly clients: PlanClients;
  readonly now: Date;
  readonly keyIds: boolean;
  /** Users worked on at once within the account, as the rotation function does (IAM throttles per account). */
  readonly userConcurrency: number;
  readonly polling?: CredentialReportPolling;
  /** --where-used: look the keys about to stop up in CloudTrail. */
  readonly whereUsed?: boolean;
}

/**
 * One account: the rotation function's own observe and plan (planAccount),
 * then the reads that turn its observation into a row for every key: the
 * last use of keys it listed without one, and (unless --no-key-ids) the ids
 * of keys only the credential report saw, one ListAccessKeys per such user. Never throws: a failure is the
 * account's `error`, scrubbed, and the other accounts go on.
 */
export async function planOneAccount(target: TargetAccount, context: AccountContext): Promise<PlannedAccount> {
  const notes: string[] = [];
  const base = { accountId: target.id, accountName: target.name, keys: [], planned: [], failures: [], notes };
  let plan: AccountPlan;
  try {
    plan = await planAccount(target.access, {
      settings: context.settings.settings,
      exemptionGroup: context.settings.exemptionGroup,
      exemptionTagKey: context.settings.exemptionTagKey,
      forceRotate: [],
      region: context.clients.region,
      aws: context.clients.aws,
      now: context.now,
      plan: planUser,
      concurrency: context.userConcurrency,
      polling: context.polling ?? DEFAULT_CREDENTIAL_REPORT_POLLING,
      logger: noteTaker(notes),
      // A ledger of its own, empty: the plan writes nothing, so every user with keys it did not list is listed once.
      ...(context.keyIds ? { ledger: emptyLedger(target.id, context.now) } : {}),
    });
  } catch (error) {
    return { ...base, error: scrubber.text(describeError(error)) };
  }
  const { observation } = plan;
  const failures = observation.failures.map((failure) => scrubber.text(`${failure.userName}: ${failure.message}`));
  notes.push(...observation.notes.map((note) => scrubber.text(note)));

  const seen = new Set([...plan.users.map((user) => user.observed.user.userName), ...observation.failures.map((failure) => failure.userName)]);
  const read = new Map<string, readonly ObservedKey[]>();
  await mapWithConcurrency(
    observation.users.filter((user) => !seen.has(user.userName)),
    context.userConcurrency,
    async ({ userName }) => {
      try {
        const listedByRun = observation.listed.get(userName);
        if (listedByRun) {
          // Listed by the run but not examined: it has ids, not last use.
          read.set(userName, await withLastUsed(plan.iam, listedByRun));
        } else if (observation.reported?.has(userName)) {
          // Named by planAccount's ledger step (or, with --no-key-ids, left without ids): no call here.
        } else {
          // Seen by nobody (an exempt user and no credential report): read, rather than leave its keys out.
          read.set(userName, await withLastUsed(plan.iam, await listKeys(plan.iam, userName)));
        }
      } catch (error) {
        failures.push(scrubber.text(`${userName}: ${describeError(error)}`));
      }
    },
  );
  const keys = accountRows(
    accountKeys(plan, {
      accountId: target.id,
      accountName: target.name,
      exemptionGroup: context.settings.exemptionGroup,
      exemptionTagKey: context.settings.exemptionTagKey,
      read,
    }),
    { settings: context.settings.settings, now: context.now, plan: planUser },
  );
  const evidence = context.whereUsed ? await planWhereUsed(plan.users, { accountId: target.id, credentials: plan.credentials, clients: context.clients, now: context.now }) : undefined;
  if (evidence) notes.push(...evidence.notes);
  return { ...base, keys, planned: plan.users, observedWith: observation.source, failures: failures.sort(), ...(evidence ? { whereUsed: evidence.whereUsed } : {}) };
}

/** A logger for the shared code that keeps its warnings as the account's notes, instead of JSON lines on the plan's output. */
function noteTaker(notes: string[]): Logger {
  return createLogger('plan', {
    level: 'WARN',
    sink: (line) => {
      const entry = JSON.parse(line) as { message?: string; error?: unknown };
      notes.push(scrubber.text(`${entry.message ?? ''}${entry.error ? `: ${String(entry.error)}` : ''}`));
    },
  });
}
