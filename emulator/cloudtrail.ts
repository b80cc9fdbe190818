/** A CloudTrail record as the emulator seeds it (cloudtrail_events.py): the fields LookupEvents' readers use. */
export interface SeededTrailEvent {
  readonly accessKeyId: string;
  readonly eventTime: string;
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  readonly eventSource?: string;
  readonly eventName?: string;
  readonly vpcEndpointId?: string;
  readonly userName?: string;
}

/** Seeds events that CloudTrail LookupEvents then returns in `region` (moto has no LookupEvents of its own). */
export async function seedTrailEvents(endpoint: string, region: string, events: readonly SeededTrailEvent[]): Promise<void> {
  const response = await fetch(`${endpoint}/_cloudtrail/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ region, events }),
  });
  if (!response.ok) throw new Error(`seeding CloudTrail events failed: ${response.status} ${await response.text()}`);
}

/** Forgets every seeded event (a moto reset does too). */
export async function clearTrailEvents(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/_cloudtrail/events`, { method: 'DELETE' });
  if (!response.ok) throw new Error(`clearing CloudTrail events failed: ${response.status}`);
}
