import type { Bundle } from './bundles';
import { benchTempDir, runChild } from './children';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface MemorySample {
  readonly seconds: number;
  readonly maxRssMb: number;
  readonly rssLoadedMb: number;
}

/**
 * One cold invocation of the bundled handler in a fresh node process, as
 * Lambda runs it: the process's peak RSS is the figure the 256 MB target is
 * about. The child reaches moto through the same AWS_* environment as this
 * process.
 */
export async function measureInvocation(bundle: Bundle, event: unknown): Promise<MemorySample> {
  const eventFile = path.join(await benchTempDir(), `event-${bundle.key}.json`);
  await writeFile(eventFile, JSON.stringify(event));
  return runChild<MemorySample>('invoke-handler', [bundle.indexJs, eventFile], process.env);
}
