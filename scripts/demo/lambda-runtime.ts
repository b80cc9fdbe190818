import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readZip } from '../lib/unzip';

export type LambdaHandler = (event: unknown, context: LambdaContextLike) => Promise<unknown>;

export interface LambdaContextLike {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  getRemainingTimeInMillis(): number;
}

let invocation = 0;

export function context(functionName: string): LambdaContextLike {
  invocation++;
  return {
    awsRequestId: `demo-${functionName}-${invocation}`,
    functionName,
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    getRemainingTimeInMillis: () => 900_000,
  };
}

/**
 * Loads a handler the way Lambda does: unpack the zip, require index.js, take
 * `handler`. Each load is a fresh directory, so it is a cold start with the
 * environment as it is now (configuration is read once per cold start).
 */
export async function loadBundledHandler(zipPath: string): Promise<LambdaHandler> {
  const files = readZip(await readFile(zipPath));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'demo-lambda-'));
  for (const [name, data] of files) await writeFile(path.join(dir, name), data);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(path.join(dir, 'index.js')) as { handler?: LambdaHandler };
  if (typeof module.handler !== 'function') throw new Error(`${zipPath}: index.js exports no handler`);
  return module.handler;
}
