import { seedTrailEvents, type SeededTrailEvent } from '../../emulator/cloudtrail';
import type { Moto } from '../../emulator/moto';
import { addDays } from '../../functions/core/lifecycle/time';
import type { DemoOrganization } from './seed';

/** legacy-batch runs as a scheduled GitHub Actions workflow, signed in with the configure-aws-credentials action. */
const WORKFLOW_AGENT = 'aws-sdk-js/3.600.0 ua/2.1 os/linux#6.5 lang/js md/nodejs#20.15.0 api/sts#3.600.0 configure-aws-credentials-for-github-actions';
/** A documentation address (RFC 5737) standing in for the runner's. */
const RUNNER_IP = '198.51.100.23';
/** Until its team deploys the new key (APPS: switchesFrom 22), the workflow keeps the first key. */
const LAST_DAY_ON_OLD_KEY = 21;

/**
 * CloudTrail events (moto has no LookupEvents; the emulator serves seeded
 * ones) for legacy-batch's first key, one workflow run a day: when the
 * deactivation of that key is announced, its owner's mail shows where it is
 * still used, and the advice to use GitHub's OIDC provider instead.
 */
export async function seedDemoTrail(moto: Moto, org: DemoOrganization, start: Date): Promise<void> {
  const key = [...org.users.values()].flat().find((user) => user.name === 'legacy-batch')?.keys[0];
  if (!key) return;
  const events: SeededTrailEvent[] = Array.from({ length: LAST_DAY_ON_OLD_KEY + 1 }, (_, day) => [
    { at: 2, eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity' },
    { at: 2.1, eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' },
  ].map((call) => ({
    accessKeyId: key.accessKeyId,
    eventTime: new Date(addDays(start, day).getTime() + call.at * 3_600_000).toISOString(),
    sourceIPAddress: RUNNER_IP,
    userAgent: WORKFLOW_AGENT,
    eventSource: call.eventSource,
    eventName: call.eventName,
  }))).flat();
  // us-east-1: where the demo's calls are made and logged.
  await seedTrailEvents(moto.endpoint, 'us-east-1', events);
}
