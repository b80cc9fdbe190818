import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_DELIVERY_SSM_PATH_PREFIX, DEFAULT_S3_PREFIX, deliveryConfigKey } from '../../contract/names';
import { withPlugins } from '../../functions/core/aws/plugins';
import { parseDeliveryConfig } from '../../functions/core/delivery/config/parse';
import type { DeliveryConfig } from '../../functions/core/delivery/config/types';
import { readDeliveryConfigFile } from '../lib/delivery-config';
import type { PlanArgs } from './args';
import type { PlanClients } from './clients';

/**
 * The delivery targets the plan shows: --delivery-config FILE (checked like
 * the function checks it; a wrong file stops the plan, naming field and line),
 * else with --stack the uploaded `<prefix>/Config/delivery.yaml`, read with
 * the same read-only guard as every other call. No file: no targets shown.
 */
export async function planDeliveryConfig(
  args: PlanArgs,
  clients: PlanClients,
  stack: Readonly<Record<string, string>> | undefined,
  io: { stderr: (text: string) => void },
): Promise<DeliveryConfig | undefined> {
  const ssmPathPrefix = args.parameters.DeliverySsmPathPrefix ?? stack?.DeliverySsmPathPrefix ?? DEFAULT_DELIVERY_SSM_PATH_PREFIX;
  if (args.deliveryConfig !== undefined) {
    const { config } = await readDeliveryConfigFile(args.deliveryConfig, ssmPathPrefix);
    io.stderr(`plan: ${args.deliveryConfig} is a valid delivery configuration (${config.users.length} user(s))\n`);
    return config;
  }
  const bucket = stack?.S3BucketName;
  if (!bucket) return undefined;
  const key = deliveryConfigKey(stack.S3BucketPrefix ?? DEFAULT_S3_PREFIX);
  try {
    const s3 = withPlugins(new S3Client({ region: clients.region }), clients.aws);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return parseDeliveryConfig((await object.Body?.transformToString('utf-8')) ?? '', { ssmPathPrefix });
  } catch (error) {
    if (error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound')) return undefined;
    io.stderr(`plan: s3://${bucket}/${key} not shown: ${error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error)}\n`);
    return undefined;
  }
}
