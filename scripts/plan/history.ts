import { S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_S3_PREFIX } from '../../contract/names';
import { withPlugins } from '../../functions/core/aws/plugins';
import { historyLines } from '../../functions/core/ledger/history';
import { LedgerStore } from '../../functions/core/ledger/store';
import { createLogger } from '../../functions/core/log/logger';
import type { PlanClients } from './clients';
import { PlanUsageError } from './errors';
import { readStackParameters } from './stack';

/**
 * `npm run plan -- --history USER --account ID --stack NAME`: one user's
 * ledger, read from the stack's bucket (S3BucketName, S3BucketPrefix) with the
 * caller's credentials. Read-only: one GetObject.
 */
export async function printHistory(
  options: { readonly userName: string; readonly accounts: readonly string[]; readonly stack?: string; readonly bucket?: string; readonly now: Date },
  clients: PlanClients,
): Promise<string> {
  const accountId = options.accounts[0];
  if (options.accounts.length !== 1 || accountId === undefined) throw new PlanUsageError('--history', 'needs exactly one --account ID');
  let bucket = options.bucket;
  let prefix = DEFAULT_S3_PREFIX;
  if (options.stack !== undefined) {
    const values = await readStackParameters(clients.cloudFormation, options.stack, clients.region);
    bucket ??= values.S3BucketName;
    prefix = values.S3BucketPrefix?.replace(/^\/+|\/+$/g, '') || DEFAULT_S3_PREFIX;
  }
  if (!bucket) throw new PlanUsageError('--history', 'needs --stack NAME (the main stack, for its bucket) or --bucket NAME');
  const warnings: string[] = [];
  const logger = createLogger('plan', { level: 'WARN', sink: (line) => warnings.push((JSON.parse(line) as { message?: string }).message ?? line) });
  const store = new LedgerStore(withPlugins(new S3Client({ region: clients.region }), clients.aws), bucket, prefix);
  const loaded = await store.load(accountId, options.now, logger);
  const head = loaded.state === 'read' ? [] : [`no readable key ledger for ${accountId} in s3://${bucket}/${prefix}/ (${warnings.join('; ')})`];
  return `${[...head, ...historyLines(options.userName, loaded.ledger.users[options.userName])].join('\n')}\n`;
}
