import type { TrailEvent } from '../../../functions/core/where-used/event';
import { trailEventOf } from '../../../functions/core/where-used/event';
import { adviceLine, evidenceLines, whereUsedLines } from '../../../functions/core/where-used/evidence';
import { summarizeEvents, type SummaryWindow } from '../../../functions/core/where-used/summarize';

const window: SummaryWindow = {
  keyId: 'AKIAEVIDENCE00000001',
  lookedUpAt: new Date('2026-01-14T06:00:00Z'),
  regions: ['eu-west-1', 'us-east-1'],
  from: new Date('2026-01-03T06:00:00Z'),
  to: new Date('2026-01-14T06:00:00Z'),
  complete: true,
};
const TERRAFORM = 'APN/1.0 HashiCorp/1.0 Terraform/1.9.5 terraform-provider-aws/5.70.0 aws-sdk-go-v2/1.32.2';
const CLI = 'aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1';
const GITHUB = 'aws-sdk-js/3.600.0 ua/2.1 os/linux lang/js configure-aws-credentials-for-github-actions';

function event(at: string, sourceIp: string, userAgent: string, more: Partial<TrailEvent> = {}): TrailEvent {
  return { eventTime: new Date(at), sourceIp, userAgent, eventSource: 'ec2.amazonaws.com', eventName: 'DescribeInstances', ...more };
}

describe('summarizeEvents', () => {
  it('keeps the top 5 addresses, event sources and names with counts, and first and last seen', () => {
    const events = Array.from({ length: 7 }, (_, i) =>
      Array.from({ length: 7 - i }, () => event(`2026-01-${10 + (i % 3)}T0${i}:00:00Z`, `198.51.100.${i}`, CLI, { eventName: `Call${i}`, eventSource: `svc${i}.amazonaws.com` })),
    ).flat();
    const summary = summarizeEvents(events, window);
    expect(summary.sourceIps.map((ip) => [ip.value, ip.count])).toEqual([
      ['198.51.100.0', 7],
      ['198.51.100.1', 6],
      ['198.51.100.2', 5],
      ['198.51.100.3', 4],
      ['198.51.100.4', 3],
    ]);
    expect(summary.distinctSourceIps).toBe(7);
    expect(summary.eventNames.map((name) => name.value)).toEqual(['Call0', 'Call1', 'Call2', 'Call3', 'Call4']);
    expect(summary.eventSources).toHaveLength(5);
    expect([summary.firstSeen, summary.lastSeen]).toEqual(['2026-01-10T00:00:00.000Z', '2026-01-12T05:00:00.000Z']);
  });

  it('reads a record whose JSON is broken as a use at its listed time', () => {
    expect(trailEventOf({ EventTime: new Date('2026-01-12T00:00:00Z'), EventName: 'GetObject', CloudTrailEvent: '{oops' })).toEqual({
      eventTime: new Date('2026-01-12T00:00:00Z'),
      eventName: 'GetObject',
    });
    expect(trailEventOf({ CloudTrailEvent: '{}' })).toBeUndefined();
  });
});

describe('evidence lines', () => {
  it('say in plain words when, from where and by what the key is still used', () => {
    const summary = summarizeEvents(
      [
        event('2026-01-12T09:00:00Z', '203.0.113.7', TERRAFORM),
        event('2026-01-11T09:00:00Z', '203.0.113.7', TERRAFORM),
        event('2026-01-05T09:00:00Z', '198.51.100.2', CLI, { eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity' }),
      ],
      window,
    );
    expect(evidenceLines(summary)).toEqual([
      'Still used on 12 Jan from 203.0.113.7 by Terraform and from 198.51.100.2 by the AWS CLI.',
      '3 management events in CloudTrail (eu-west-1, us-east-1) since 3 Jan, first on 5 Jan: DescribeInstances, GetCallerIdentity.',
    ]);
    expect(adviceLine(summary)).toBeUndefined();
  });

  it('counts the addresses it does not name, and says when only the first pages were read', () => {
    const events = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5'].map((ip) => event('2026-01-12T09:00:00Z', ip, CLI));
    const [first, second] = evidenceLines(summarizeEvents(events, { ...window, complete: false }));
    expect(first).toMatch(/ and 2 more addresses\.$/);
    expect(second).toMatch(/^5 management events \(at least: only the first pages were read\)/);
  });

  it('without events: "no management events found", never "not used", and no advice', () => {
    const summary = summarizeEvents([], window);
    const lines = whereUsedLines(summary);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('No management events found');
    expect(lines[0]).toContain('S3 object reads');
    expect(lines.join(' ')).not.toMatch(/not used|unused|never used/i);
    expect(adviceLine(summary)).toBeUndefined();
  });

  it('not looked up: no evidence and no advice', () => {
    expect(whereUsedLines(undefined)).toEqual([]);
  });

  it('used only from GitHub Actions runners: OIDC advice', () => {
    const summary = summarizeEvents(
      [
        event('2026-01-12T09:00:00Z', '20.1.2.3', GITHUB, { eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity' }),
        event('2026-01-12T09:00:05Z', '20.1.2.3', CLI, { eventSource: 's3.amazonaws.com', eventName: 'ListBuckets' }),
      ],
      window,
    );
    expect(adviceLine(summary)).toBe("Used only from GitHub Actions: GitHub's OIDC provider removes the need for this key.");
    // One address that never ran the action: not only GitHub Actions, no advice.
    const mixed = summarizeEvents([...[event('2026-01-12T09:00:00Z', '20.1.2.3', GITHUB)], event('2026-01-12T10:00:00Z', '203.0.113.9', CLI)], window);
    expect(adviceLine(mixed)).toBeUndefined();
  });

  it('used only from inside AWS (Lambda, ECS, a VPC endpoint): role advice', () => {
    const summary = summarizeEvents(
      [
        event('2026-01-12T09:00:00Z', '3.4.5.6', 'aws-sdk-js/3.600.0 ua/2.1 os/linux lang/js md/nodejs#22 exec-env/AWS_Lambda_nodejs22.x'),
        event('2026-01-12T09:00:00Z', '10.0.0.5', CLI, { vpcEndpointId: 'vpce-0123456789abcdef0' }),
        event('2026-01-12T09:00:00Z', '3.4.5.7', 'Boto3/1.34.120 md/Botocore#1.34.120 exec-env/AWS_ECS_FARGATE'),
      ],
      window,
    );
    expect(adviceLine(summary)).toBe('Used only from inside AWS: an instance or task role removes the need for this key.');
    // Partial evidence (the page budget cut it short) gives no advice: the unread pages may say otherwise.
    expect(adviceLine({ ...summary, complete: false })).toBeUndefined();
  });
});
