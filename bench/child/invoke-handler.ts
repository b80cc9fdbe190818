/**
 * Runs in a fresh `node`: loads a bundled handler as Lambda does and invokes
 * it once, then reports the process's peak resident memory, which is what
 * Lambda's "Max Memory Used" reports.
 *   node invoke-handler.js <index.js> <event.json> <result.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const MB = 2 ** 20;

async function main(): Promise<void> {
  const [file, eventFile, out] = process.argv.slice(2);
  if (!file || !eventFile || !out) throw new Error('usage: invoke-handler <index.js> <event.json> <result.json>');
  const event: unknown = JSON.parse(readFileSync(eventFile, 'utf8'));
  const rssStart = process.memoryUsage().rss;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(file) as { handler: Handler };
  const rssLoaded = process.memoryUsage().rss;
  const context = {
    awsRequestId: 'bench-memory',
    functionName: 'bench',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
    getRemainingTimeInMillis: () => 900_000,
  };
  const started = performance.now();
  const result = await handler(event, context);
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(
    out,
    JSON.stringify({
      seconds,
      // resourceUsage().maxRSS is in kilobytes: the high-water mark of the whole process.
      maxRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
      rssStartMb: rssStart / MB,
      rssLoadedMb: rssLoaded / MB,
      rssEndMb: process.memoryUsage().rss / MB,
      result,
    }),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.name}: ${error.message}\n`);
  process.exit(1);
});
