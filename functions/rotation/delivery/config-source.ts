import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parseDeliveryConfig } from '../../core/delivery/config/parse';
import type { DeliveryConfig } from '../../core/delivery/config/types';
import { StepError } from '../../core/errors/named-error';

export class DeliveryConfigLoadError extends StepError {
  override readonly name = 'DeliveryConfigLoadError';
  constructor(location: string, options: { cause: unknown }) {
    super(location, `reading ${location}`, options);
  }
}

const MISSING = new Set(['NoSuchKey', 'NotFound']);

/**
 * `s3://<bucket>/<prefix>/Config/delivery.yaml`, read at every run (one small
 * GET per container and run, see run-cache.ts), so an uploaded change applies at the next run. No file: undefined, and
 * nothing is delivered. A file that does not parse throws DeliveryConfigError
 * (field and line): the run goes on without delivery, and says so.
 */
export async function loadDeliveryConfig(s3: S3Client, bucket: string, key: string, ssmPathPrefix: string): Promise<DeliveryConfig | undefined> {
  let text: string;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    text = (await object.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    if (error instanceof Error && MISSING.has(error.name)) return undefined;
    throw new DeliveryConfigLoadError(`s3://${bucket}/${key}`, { cause: error });
  }
  return parseDeliveryConfig(text, { ssmPathPrefix });
}
