/**
 * Runs in a fresh `node` (no tsx, no test harness loaded): how long one
 * `require` of a bundle takes, which is most of a Lambda cold start's init.
 *   node require-time.js <index.js> <result.json>
 */
import { writeFileSync } from 'node:fs';

const [file, out] = process.argv.slice(2);
if (!file || !out) throw new Error('usage: require-time <index.js> <result.json>');
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
require(file);
const ms = performance.now() - started;
writeFileSync(out, JSON.stringify({ ms, rssDeltaMb: (process.memoryUsage().rss - rssBefore) / 2 ** 20 }));
