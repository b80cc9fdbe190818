import { startEmulatedAws } from '../../emulator/deployment';
import { DEMO_START, seedDemoOrganization } from '../demo/seed';

/**
 * Runs `work` against the demo's Organization on a moto server of its own:
 * started, seeded as `npm run demo` seeds it on its day 0, and stopped
 * afterwards whatever happens. The SDK's default configuration points at the
 * emulator meanwhile (its endpoint and test credentials), so the plan's
 * clients are built exactly as they are against AWS.
 */
export async function withDemoOrganization<T>(work: (start: Date) => Promise<T>): Promise<T> {
  const env = await startEmulatedAws();
  try {
    // Keys are seeded "N days ago" from the demo's day 0, and the plan looks at them on that day.
    await env.moto.clock.set(DEMO_START);
    await seedDemoOrganization(env.moto, DEMO_START);
    return await work(DEMO_START);
  } finally {
    await env.server.stop();
  }
}
