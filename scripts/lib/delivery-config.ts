import { readFile } from 'node:fs/promises';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_DELIVERY_SSM_PATH_PREFIX, deliveryConfigKey } from '../../contract/names';
import { parseDeliveryConfig } from '../../functions/core/delivery/config/parse';
import type { DeliveryConfig } from '../../functions/core/delivery/config/types';

/**
 * Reads and checks a local delivery.yaml with the rotation function's own
 * parser, so a file that passes here is a file the function accepts. Throws
 * DeliveryConfigError (field and line) otherwise.
 */
export async function readDeliveryConfigFile(file: string, ssmPathPrefix = DEFAULT_DELIVERY_SSM_PATH_PREFIX): Promise<{ text: string; config: DeliveryConfig }> {
  const text = await readFile(file, 'utf8');
  return { text, config: parseDeliveryConfig(text, { ssmPathPrefix }) };
}

/** `npm run upload -- --delivery-config FILE`: checked first, then put at `<prefix>/Config/delivery.yaml` (nothing else is synced). */
export async function uploadDeliveryConfig(
  s3: S3Client,
  options: { bucket: string; prefix: string; file: string; ssmPathPrefix?: string; dryRun: boolean },
  log: (line: string) => void,
): Promise<DeliveryConfig> {
  const { text, config } = await readDeliveryConfigFile(options.file, options.ssmPathPrefix);
  const key = deliveryConfigKey(options.prefix);
  const targets = config.users.reduce((sum, user) => sum + user.targets.length, 0);
  const summary = `${options.file}: valid, ${config.users.length} user(s), ${targets} target(s)`;
  if (options.dryRun) {
    log(`${summary}; would upload to s3://${options.bucket}/${key}`);
    return config;
  }
  await s3.send(new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: text, ContentType: 'application/yaml' }));
  log(`${summary}; uploaded to s3://${options.bucket}/${key} (the next rotation run reads it)`);
  return config;
}
