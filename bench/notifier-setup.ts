import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { BenchEnvironment } from './environment';
import { ADMIN_EMAIL, TEMPLATE_BUCKET } from './handler-env';

/**
 * What the notifier finds in a deployed account besides its queue: the
 * artifacts bucket (email templates, run records) and the admin address
 * verified as an SES sender. Without the templates in the bucket the
 * notifier uses its built-in ones, which costs the same calls.
 */
export async function prepareNotifier(env: BenchEnvironment): Promise<void> {
  const config = env.moto.config();
  await new S3Client({ ...config, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: TEMPLATE_BUCKET }));
  await new SESv2Client(config).send(new CreateEmailIdentityCommand({ EmailIdentity: ADMIN_EMAIL }));
}
