import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { seedTrailEvents, type SeededTrailEvent } from '../../../emulator/cloudtrail';
import { MANAGEMENT_ACCOUNT_ID } from '../../../emulator/moto';
import { DAY_MS } from '../../../functions/core/lifecycle/time';
import { lookUpWhereUsed, type LookupContext } from '../../../functions/core/where-used/lookup';
import { summarizeEvents } from '../../../functions/core/where-used/summarize';
import type { PacerClock } from '../../../functions/core/where-used/pacer';
import type { WhereUsedSummary } from '../../../functions/core/where-used/summary';
import { useMoto } from '../../harness/moto';

const moto = useMoto();

const KEY = 'AKIAWHEREUSED0000001';
const OTHER = 'AKIAWHEREUSED0000002';
const now = new Date();

function events(keyId: string, count: number, template: Partial<SeededTrailEvent> = {}): SeededTrailEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    accessKeyId: keyId,
    eventTime: new Date(now.getTime() - (i + 1) * 60_000).toISOString(),
    sourceIPAddress: '203.0.113.7',
    userAgent: 'APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.70.0 aws-sdk-go-v2/1.32.2',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    ...template,
  }));
}

/** A clock that never waits: it records each wait and moves on by it, so pacing is checked without timing. */
function fakeClock(): PacerClock & { waits: number[] } {
  let t = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    sleep: async (ms) => {
      waits.push(ms);
      t += ms;
    },
  };
}

function calls(): { client: LookupContext['client']; regions: string[] } {
  const regions: string[] = [];
  return {
    regions,
    client: (region) => {
      const client = new CloudTrailClient({ ...moto.config(), region });
      return {
        send: (command) => {
          regions.push(region);
          return client.send(command);
        },
      };
    },
  };
}

beforeAll(async () => {
  await seedTrailEvents(moto.endpoint, 'eu-west-1', events(KEY, 120));
  await seedTrailEvents(moto.endpoint, 'us-east-1', events(KEY, 3, { eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', sourceIPAddress: '198.51.100.2', userAgent: 'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.9' }));
  await seedTrailEvents(moto.endpoint, 'us-east-1', [
    ...events(OTHER, 2),
    // Outside the 14-day window: never counted.
    { accessKeyId: OTHER, eventTime: new Date(now.getTime() - 20 * DAY_MS).toISOString(), eventName: 'Old', eventSource: 'iam.amazonaws.com' },
  ]);
});

describe('the emulator serves CloudTrail LookupEvents', () => {
  const trail = (): CloudTrailClient => new CloudTrailClient({ ...moto.config(), region: 'eu-west-1' });

  it('pages with MaxResults and NextToken, newest first, CloudTrailEvent a JSON string', async () => {
    const first = await trail().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: KEY }], MaxResults: 50 }));
    expect(first.Events).toHaveLength(50);
    expect(first.NextToken).toBeDefined();
    const record = JSON.parse(first.Events?.[0]?.CloudTrailEvent ?? '{}') as Record<string, unknown>;
    expect(record).toMatchObject({ sourceIPAddress: '203.0.113.7', eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances' });
    expect(typeof record.userAgent).toBe('string');
    const times = (first.Events ?? []).map((event) => event.EventTime?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const second = await trail().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: KEY }], NextToken: first.NextToken }));
    const third = await trail().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: KEY }], NextToken: second.NextToken }));
    expect([second.Events?.length, third.Events?.length, third.NextToken]).toEqual([50, 20, undefined]);
  });

  it('refuses MaxResults above 50, and serves only the Region the request was signed for', async () => {
    await expect(trail().send(new LookupEventsCommand({ MaxResults: 51 }))).rejects.toMatchObject({ name: 'InvalidMaxResultsException' });
    const elsewhere = await new CloudTrailClient({ ...moto.config(), region: 'ap-south-1' }).send(
      new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: KEY }] }),
    );
    expect(elsewhere.Events).toEqual([]);
  });
});

describe('lookUpWhereUsed', () => {
  const base = (over: Partial<LookupContext> = {}): LookupContext => ({ accountId: MANAGEMENT_ACCOUNT_ID, now, client: calls().client, clock: fakeClock(), ...over });

  it("reads every page in the key's last-used Region and in us-east-1, and summarizes them", async () => {
    const trace = calls();
    const result = await lookUpWhereUsed([{ keyId: KEY, userName: 'app', lastUsedRegion: 'eu-west-1' }], base({ client: trace.client, budget: { pagesPerKey: 10, pagesPerRun: 10 } }));
    expect(trace.regions).toEqual(['eu-west-1', 'eu-west-1', 'eu-west-1', 'us-east-1']);
    const summary = result.summaries.get(KEY) as WhereUsedSummary;
    expect(summary).toMatchObject({ events: 123, complete: true, regions: ['eu-west-1', 'us-east-1'], distinctSourceIps: 2 });
    expect(summary.sourceIps[0]).toEqual({ value: '203.0.113.7', count: 120, agents: ['terraform'] });
    expect(summary.agents).toEqual([
      { value: 'terraform', count: 120 },
      { value: 'aws-cli', count: 3 },
    ]);
    expect(result.pagesRead).toBe(4);
  });

  it('stops a key at its page budget, keeps a page for us-east-1, and says the counts are partial', async () => {
    const trace = calls();
    const result = await lookUpWhereUsed([{ keyId: KEY, userName: 'app', lastUsedRegion: 'eu-west-1' }], base({ client: trace.client, budget: { pagesPerKey: 2, pagesPerRun: 10 } }));
    expect(trace.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(result.summaries.get(KEY)).toMatchObject({ events: 53, complete: false });
  });

  it("skips and reports the keys the run's budget does not reach", async () => {
    const result = await lookUpWhereUsed(
      [
        { keyId: KEY, userName: 'app', lastUsedRegion: 'eu-west-1' },
        { keyId: OTHER, userName: 'ci' },
      ],
      base({ budget: { pagesPerKey: 3, pagesPerRun: 3 } }),
    );
    expect(result.pagesRead).toBe(3);
    expect([...result.summaries.keys()]).toEqual([KEY]);
    expect(result.skipped).toEqual([{ keyId: OTHER, userName: 'ci', reason: "the run's CloudTrail budget of 3 pages was used up" }]);
  });

  it('looks back at most 14 days, and from the rotation when that is nearer', async () => {
    const wide = await lookUpWhereUsed([{ keyId: OTHER, userName: 'ci' }], base());
    expect(wide.summaries.get(OTHER)).toMatchObject({ events: 2, from: new Date(now.getTime() - 14 * DAY_MS).toISOString() });
    const since = new Date(now.getTime() - 90_000);
    const narrow = await lookUpWhereUsed([{ keyId: OTHER, userName: 'ci', since }], base());
    expect(narrow.summaries.get(OTHER)).toMatchObject({ events: 1, from: since.toISOString() });
  });

  it('paces the calls at 2 a second per account and Region, by the injected clock', async () => {
    const clock = fakeClock();
    await lookUpWhereUsed([{ keyId: KEY, userName: 'app', lastUsedRegion: 'eu-west-1' }], base({ clock, budget: { pagesPerKey: 10, pagesPerRun: 10 } }));
    // Three pages in eu-west-1: the 2nd and 3rd wait half a second each; us-east-1's first call waits for nothing.
    expect(clock.waits).toEqual([500, 500]);
  });

  it('uses a summary made today instead of a call, and looks again the next day', async () => {
    const trace = calls();
    const today = summarizeEvents([], { keyId: OTHER, lookedUpAt: now, regions: ['us-east-1'], from: now, to: now, complete: true });
    const cachedToday = await lookUpWhereUsed([{ keyId: OTHER, userName: 'ci' }], base({ client: trace.client, cached: () => today }));
    expect([trace.regions, cachedToday.fresh, cachedToday.summaries.get(OTHER)]).toEqual([[], [], today]);
    const yesterday = { ...today, lookedUpAt: new Date(now.getTime() - DAY_MS).toISOString() };
    const again = await lookUpWhereUsed([{ keyId: OTHER, userName: 'ci' }], base({ client: trace.client, cached: () => yesterday }));
    expect(trace.regions).toEqual(['us-east-1']);
    expect(again.fresh).toHaveLength(1);
  });

  it('reports a key whose lookup failed as skipped, with the reason, and goes on', async () => {
    const denied: LookupContext['client'] = () => ({
      send: () => Promise.reject(Object.assign(new Error('User is not authorized to perform cloudtrail:LookupEvents'), { name: 'AccessDeniedException' })),
    });
    const result = await lookUpWhereUsed([{ keyId: KEY, userName: 'app' }], base({ client: denied }));
    expect(result.summaries.size).toBe(0);
    expect(result.skipped[0]?.reason).toMatch(/^CloudTrail LookupEvents failed: AccessDeniedException/);
  });
});
