import type { Config } from '@jest/types';
import { startMoto } from '../../emulator/moto-server';
import { policyRecordsDir } from './policy-records-setup';

/**
 * One moto server per Jest worker: test files run in parallel, and each file
 * resets its server, so sharing one would let files wipe each other's state.
 * Workers find theirs by JEST_WORKER_ID in MOTO_ENDPOINTS. The integration
 * project's global setup (jest.config.js); unit tests never start moto.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  const count = Math.max(1, globalConfig.maxWorkers);
  const started = performance.now();
  const servers = await Promise.all(Array.from({ length: count }, () => startMoto()));
  const seconds = (performance.now() - started) / 1000;
  process.env.MOTO_ENDPOINTS = JSON.stringify(servers.map((s) => s.endpoint));
  process.env.MOTO_PIDS = JSON.stringify(servers.map((s) => s.pid));
  process.env.MOTO_STARTUP_SECONDS = seconds.toFixed(2);
  // Where each worker writes the AWS requests its tests' handlers sent (test/harness/policy-recorder.ts).
  policyRecordsDir();
  process.stdout.write(`\nmoto: ${count} server(s) ready in ${seconds.toFixed(2)} s (${servers.map((s) => s.endpoint).join(', ')})\n`);
}
