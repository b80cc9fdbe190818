/**
 * The event EventBridge sends when the inventory's schedule rule fires, in
 * the rule's account and region: the only event the inventory runs the whole
 * Organization for.
 */
export function scheduledEvent(options: { id?: string; account?: string; region?: string } = {}): Record<string, unknown> {
  const account = options.account ?? '123456789012';
  const region = options.region ?? 'us-east-1';
  return {
    version: '0',
    id: options.id ?? '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account,
    time: '2026-01-01T06:00:00Z',
    region,
    resources: [`arn:aws:events:${region}:${account}:rule/asa-iam-key-rotation-schedule`],
    detail: {},
  };
}
