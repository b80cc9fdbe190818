import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ProblemError } from '../../functions/core/errors/named-error';

const run = promisify(execFile);

/** Chromium could not be found, installed or run: `chromium: <what to do>`. */
export class ChromiumError extends ProblemError {
  override readonly name = 'ChromiumError';
  constructor(problem: string, options?: { cause: unknown }) {
    super('chromium', problem, options);
  }
}

function which(command: string): string | undefined {
  const found = spawnSync('which', [command], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

/**
 * The `chromium` on PATH. This script never installs it (that changes the
 * machine): on Debian or Ubuntu `sudo bash scripts/dev/install-chromium.sh`
 * does. Only this script needs it, never CI.
 */
export function findChromium(): string {
  const found = which('chromium');
  if (found) return found;
  throw new ChromiumError('not found on PATH; install it (Debian/Ubuntu: sudo bash scripts/dev/install-chromium.sh) and run again');
}

/** A headless screenshot of a local HTML file, `width` x `height` CSS pixels at scale 1. */
export async function screenshot(chromium: string, htmlFile: string, width: number, height: number): Promise<Buffer> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'render-samples-profile-'));
  const png = path.join(profile, 'shot.png');
  try {
    await run(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        '--force-device-scale-factor=1',
        `--user-data-dir=${profile}`,
        `--screenshot=${png}`,
        `--window-size=${width},${height}`,
        pathToFileURL(htmlFile).href,
      ],
      { timeout: 60_000 },
    ).catch((error: unknown) => {
      throw new ChromiumError(`the screenshot of ${htmlFile} failed`, { cause: error });
    });
    return await readFile(png);
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
