import type { AwsCredentialIdentity } from '@smithy/types';
import type { Ledger } from '../../core/ledger/schema';
import type { Logger } from '../../core/log/logger';
import type { ResultAction, ResultUser } from '../../core/messages/notification';
import { whereUsedLines } from '../../core/where-used/evidence';
import { lookUpWhereUsed, type KeyToLookUp, type LookupBudget } from '../../core/where-used/lookup';
import type { PacerClock } from '../../core/where-used/pacer';
import type { WhereUsedSummary } from '../../core/where-used/summary';
import { cloudTrailClient, type ClientOptions } from '../aws/clients';
import type { PlannedUser } from '../plan-account';

export interface WhereUsedRun {
  /** The users, each action that stops a key carrying its evidence lines. */
  readonly users: ResultUser[];
  /** Summaries made now, for the ledger. */
  readonly summaries: { readonly userName: string; readonly summary: WhereUsedSummary }[];
  readonly notes: string[];
}

/**
 * A key is looked up when the run announces its deactivation (a reminder
 * falls within the largest WarningDays), switches it off while it is in use,
 * or postpones it. Other keys cost no CloudTrail call.
 */
export function needsEvidence(action: ResultAction): boolean {
  if (action.type === 'WARN') return action.announces === 'DEACTIVATE';
  if (action.type === 'DEACTIVATE') return action.inUse === true;
  return action.type === 'POSTPONE';
}

/**
 * Looks up in the member account's CloudTrail where the keys that need it are
 * still used, and adds the evidence to their actions. Keys the budget did not
 * reach or whose lookup failed are named in a note; their messages say nothing
 * about CloudTrail (no evidence, no claim).
 */
export async function addWhereUsed(
  users: readonly ResultUser[],
  context: {
    readonly accountId: string;
    readonly planned: readonly PlannedUser[];
    readonly ledger?: Ledger;
    readonly credentials: AwsCredentialIdentity;
    readonly clients: ClientOptions;
    readonly now: Date;
    readonly budget?: LookupBudget;
    readonly clock?: PacerClock;
    readonly logger: Logger;
  },
): Promise<WhereUsedRun> {
  const keys: KeyToLookUp[] = [];
  for (const user of users) {
    const observed = context.planned.find((planned) => planned.observed.user.userName === user.userName)?.observed.keys ?? [];
    for (const action of user.actions.filter(needsEvidence)) {
      const key = observed.find((candidate) => candidate.id === action.keyId);
      // The rotation time: the replacement's creation, the newest other key.
      const replacedAt = observed
        .filter((candidate) => candidate.id !== action.keyId)
        .map((candidate) => candidate.createdAt)
        .sort((a, b) => b.getTime() - a.getTime())[0];
      keys.push({ keyId: action.keyId, userName: user.userName, lastUsedRegion: action.lastUse?.region ?? key?.lastUsedRegion, since: replacedAt });
    }
  }
  if (keys.length === 0) return { users: [...users], summaries: [], notes: [] };
  const result = await lookUpWhereUsed(keys, {
    accountId: context.accountId,
    now: context.now,
    client: (region) => cloudTrailClient(context.clients, context.credentials, region),
    ...(context.budget ? { budget: context.budget } : {}),
    ...(context.clock ? { clock: context.clock } : {}),
    cached: (keyId) => {
      const owner = keys.find((key) => key.keyId === keyId)?.userName;
      return owner ? context.ledger?.users[owner]?.whereUsed[keyId] : undefined;
    },
  });
  if (result.skipped.length > 0) context.logger.warn('CloudTrail lookups skipped', { skipped: result.skipped, pagesRead: result.pagesRead });
  const withEvidence = users.map((user) => ({
    ...user,
    actions: user.actions.map((action) => {
      const summary = needsEvidence(action) ? result.summaries.get(action.keyId) : undefined;
      const lines = whereUsedLines(summary);
      return lines.length > 0 ? { ...action, evidence: lines } : action;
    }),
  }));
  const summaries = result.fresh.flatMap((summary) => {
    const userName = keys.find((key) => key.keyId === summary.keyId)?.userName;
    return userName ? [{ userName, summary }] : [];
  });
  const notes = result.skipped.map((skip) => `${skip.userName}: where key ${skip.keyId} is still used was not looked up: ${skip.reason}`);
  return { users: withEvidence, summaries, notes };
}
