import { MANAGEMENT_ACCOUNT_ID, REGION } from '../emulator/moto';

/**
 * The event the inventory's schedule rule sends, exactly as EventBridge
 * sends it (the inventory accepts nothing less), in the emulated
 * deployment's account and Region. `id` becomes the run's id.
 */
export function scheduledEvent(id: string, at: Date = new Date()): Record<string, unknown> {
  return {
    version: '0',
    id,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: MANAGEMENT_ACCOUNT_ID,
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${MANAGEMENT_ACCOUNT_ID}:rule/asa-iam-key-rotation-schedule`],
    detail: {},
  };
}
