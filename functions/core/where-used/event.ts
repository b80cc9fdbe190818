/** The few fields of a CloudTrail event the summary reads; everything else in the record is ignored. */
export interface TrailEvent {
  readonly eventTime: Date;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly eventSource?: string;
  readonly eventName?: string;
  /** Set when the call came through a VPC endpoint: from inside a VPC. */
  readonly vpcEndpointId?: string;
}

/** What LookupEvents returns per event (the SDK's Event, narrowed to what is read). */
export interface LookedUpEvent {
  readonly EventTime?: Date;
  readonly EventSource?: string;
  readonly EventName?: string;
  readonly CloudTrailEvent?: string;
}

/**
 * One event, from the record's JSON where it parses and from the listing's own
 * fields where it does not: a malformed record still counts as a use at its time.
 * Undefined for an event with no time at all (it cannot be placed in the window).
 */
export function trailEventOf(event: LookedUpEvent): TrailEvent | undefined {
  const record = parseRecord(event.CloudTrailEvent);
  const time = event.EventTime ?? dateOf(record.eventTime);
  if (!time) return undefined;
  const sourceIp = text(record.sourceIPAddress);
  const userAgent = text(record.userAgent);
  const eventSource = event.EventSource ?? text(record.eventSource);
  const eventName = event.EventName ?? text(record.eventName);
  const vpcEndpointId = text(record.vpcEndpointId);
  return {
    eventTime: time,
    ...(sourceIp ? { sourceIp } : {}),
    ...(userAgent ? { userAgent } : {}),
    ...(eventSource ? { eventSource } : {}),
    ...(eventName ? { eventName } : {}),
    ...(vpcEndpointId ? { vpcEndpointId } : {}),
  };
}

function parseRecord(json: string | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
