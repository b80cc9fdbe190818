import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { ACCOUNT_ID } from '../core/config/values';
import { RUN_ID } from '../core/messages/run-id';
import { describeIssue, firstIssue } from '../core/schema/issues';
import * as z from '../core/schema/zod';
import { InventoryEventError } from './errors';

/** An EventBridge rule's scheduled event, validated: its id becomes the run's id. */
export interface ScheduledEvent {
  readonly id: string;
  readonly account: string;
  readonly region: string;
  readonly rule: string;
}

/** An event that says it is the schedule; it must then be exactly that. */
export function isScheduleClaim(event: unknown): event is Record<string, unknown> {
  if (typeof event !== 'object' || event === null) return false;
  const record = event as Record<string, unknown>;
  return record.source === 'aws.events' && record['detail-type'] === 'Scheduled Event';
}

const RULE_ARN = /^arn:aws[\w-]*:events:([a-z0-9-]+):(\d{12}):rule\/[\w.-]{1,64}$/;

/**
 * The documented field set of a scheduled event, on Powertools' EventBridge
 * envelope schema, with nothing else allowed: `detail` is `{}` and the one
 * resource is the rule. The id becomes part of S3 keys (the digest's Runs/
 * folder), hence the runId schema of every end (functions/core/messages/run-id.ts).
 */
const scheduledEvent = EventBridgeSchema.extend({
  version: z.literal('0', { error: 'must be "0"' }),
  id: z.string({ error: 'must be a string' }).check(z.regex(RUN_ID, { error: 'must be an EventBridge event id' })),
  account: z.string({ error: 'must be a string' }).check(z.regex(ACCOUNT_ID, { error: 'must be a 12-digit account id' })),
  resources: z
    .array(z.string().check(z.regex(RULE_ARN, { error: 'must be an EventBridge rule ARN' })), { error: 'must list the rule' })
    .check(z.length(1, { error: 'must name exactly the one rule that fired' })),
  detail: z.strictObject({}, { error: 'must be {} (a scheduled event has no detail)' }),
}).strict();

/**
 * Validates a scheduled event completely, and checks that it came from this
 * function's own account and region (a rule can only target a function of
 * its own account and region). The account is known from the invoked ARN;
 * a caller without one (an in-process test) skips that check.
 */
export async function parseScheduledEvent(
  event: Record<string, unknown>,
  own: { readonly region: string | undefined; readonly account: string | undefined },
): Promise<ScheduledEvent> {
  const parsed = scheduledEvent.safeParse(event);
  if (!parsed.success) {
    const { field, problem } = describeIssue(firstIssue(parsed.error.issues));
    throw new InventoryEventError(field, `${problem} (a scheduled event must be exactly what the EventBridge rule sends)`);
  }
  const { id, account, region, resources } = parsed.data;
  const rule = resources[0] ?? '';
  const [, ruleRegion, ruleAccount] = RULE_ARN.exec(rule) ?? [];
  if (own.account !== undefined && account !== own.account) {
    throw new InventoryEventError('account', `must be this function's account ${own.account}, got "${account}"`);
  }
  if (own.region !== undefined && region !== own.region) {
    throw new InventoryEventError('region', `must be this function's region ${own.region}, got "${region}"`);
  }
  if (ruleAccount !== account || ruleRegion !== region) {
    throw new InventoryEventError('resources[0]', `must be a rule in the event's account and region, got "${rule}"`);
  }
  return { id, account, region, rule };
}
