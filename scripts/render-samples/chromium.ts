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
 * The Debian `chromium` binary; installed with apt-get when missing (the
 * script says so first: it changes the machine). Only this script needs it,
 * never CI.
 */
export function ensureChromium(say: (line: string) => void): string {
  const found = which('chromium');
  if (found) return found;
  say('render-samples: chromium is not installed; installing the Debian package "chromium" with apt-get (needs root)');
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit' });
    if (result.status !== 0) {
      throw new ChromiumError(`"apt-get ${args.join(' ')}" failed (exit ${result.status ?? 'signal'}); install chromium yourself (apt-get install chromium) and run again`);
    }
  }
  const installed = which('chromium');
  if (!installed) throw new ChromiumError('apt-get installed chromium but it is not on PATH');
  say(`render-samples: installed ${installed}`);
  return installed;
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
