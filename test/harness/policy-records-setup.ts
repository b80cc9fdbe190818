import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where each worker writes the AWS requests its tests' handlers sent
 * (policy-recorder.ts), for policy-reporter.js to simulate after the run.
 * Both projects' global setups call it; the first one creates the folder.
 */
export function policyRecordsDir(): string {
  process.env.POLICY_RECORDS_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'policy-records-'));
  return process.env.POLICY_RECORDS_DIR;
}

/** The unit project's global setup: the records folder, and no emulator. */
export default function unitGlobalSetup(): void {
  policyRecordsDir();
}
