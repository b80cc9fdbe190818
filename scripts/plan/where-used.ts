import type { AwsCredentialIdentity } from '@smithy/types';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { withPlugins } from '../../functions/core/aws/plugins';
import { adviceLine, evidenceLines, whereUsedLines } from '../../functions/core/where-used/evidence';
import { lookUpWhereUsed, type KeyToLookUp } from '../../functions/core/where-used/lookup';
import type { PlannedUser } from '../../functions/rotation';
import type { PlanClients } from './clients';

/** One key's evidence, for the plan's output. */
export interface PlanWhereUsed {
  readonly userName: string;
  readonly keyId: string;
  /** Evidence and advice together, as the messages and the table show them. */
  readonly lines: readonly string[];
  /** The same apart, for the JSON output. */
  readonly evidence: readonly string[];
  readonly advice?: string;
}

/** Actions that stop a key (or announce it, or postpone it): the keys --where-used looks up, as the rotation function does. */
const STOPS = (action: PlannedUser['plan']['actions'][number]): boolean =>
  action.type === 'DEACTIVATE' || action.type === 'POSTPONE' || (action.type === 'WARN' && action.announces === 'DEACTIVATE');

/**
 * --where-used: CloudTrail LookupEvents (a read; the guard allows it) for each
 * key the plan would switch off, announce or postpone, with the same budget,
 * pacing and wording as the rotation function. Skipped keys become notes.
 */
export async function planWhereUsed(
  planned: readonly PlannedUser[],
  context: { readonly accountId: string; readonly credentials: AwsCredentialIdentity; readonly clients: PlanClients; readonly now: Date },
): Promise<{ readonly whereUsed: PlanWhereUsed[]; readonly notes: string[] }> {
  const keys: KeyToLookUp[] = planned.flatMap(({ observed, plan }) =>
    plan.actions.filter(STOPS).map((action) => {
      const key = observed.keys.find((candidate) => candidate.id === action.keyId);
      const replacedAt = observed.keys
        .filter((candidate) => candidate.id !== action.keyId)
        .map((candidate) => candidate.createdAt)
        .sort((a, b) => b.getTime() - a.getTime())[0];
      return { keyId: action.keyId, userName: observed.user.userName, lastUsedRegion: key?.lastUsedRegion, since: replacedAt };
    }),
  );
  if (keys.length === 0) return { whereUsed: [], notes: [] };
  const result = await lookUpWhereUsed(keys, {
    accountId: context.accountId,
    now: context.now,
    client: (region) => withPlugins(new CloudTrailClient({ region, credentials: context.credentials }), context.clients.aws),
  });
  const whereUsed = keys.flatMap((key) => {
    const summary = result.summaries.get(key.keyId);
    const lines = whereUsedLines(summary);
    const advice = adviceLine(summary);
    return lines.length > 0 ? [{ userName: key.userName, keyId: key.keyId, lines, evidence: evidenceLines(summary), ...(advice ? { advice } : {}) }] : [];
  });
  return { whereUsed, notes: result.skipped.map((skip) => `where used: ${skip.userName} ${skip.keyId} not looked up: ${skip.reason}`) };
}
