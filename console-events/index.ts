import { readdirSync } from 'node:fs';
import type { FunctionKey } from '../contract/names';

/**
 * Each Lambda console test event names, in its file name, the function that
 * accepts it: `… (Use with <logical id>).json`, with the main stack's logical
 * id of the function as the classic solution named them. The classic file for
 * the forced rotation named the inventory, which rejects it; here the name is
 * the only mapping, so a file cannot claim one function and be meant for
 * another (test/integration/console-events feeds each file to its function).
 */
export const USE_WITH: Readonly<Record<string, FunctionKey>> = {
  AccessKeyRotateLambdaFunction: 'rotation',
  AccountInventoryLambdaFunction: 'inventory',
  NotifierLambdaFunction: 'notifier',
};

const NAMED = /\(Use with (\w+)\)\.json$/;

/** The function a console event file is for, by its name; undefined when the name names none. */
export function targetOf(file: string): FunctionKey | undefined {
  const logicalId = NAMED.exec(file)?.[1];
  return logicalId === undefined ? undefined : USE_WITH[logicalId];
}

/** The console event files in this folder (shipped to dist/Test Units/ by the build). */
export function consoleEventFiles(dir: string = __dirname): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** Every shipped console event with the function its name gives (undefined: the name gives none, which a test forbids). */
export const CONSOLE_EVENTS: ReadonlyArray<{ readonly file: string; readonly target: FunctionKey | undefined }> = consoleEventFiles().map((file) => ({
  file,
  target: targetOf(file),
}));
