/**
 * `npm run upload -- --bucket B [--prefix P] [--region R] [--profile X] [--dry-run]`
 * Syncs dist/ to s3://B/P/{CloudFormation,Lambda,Template,Test Units}/, skipping
 * unchanged objects, and prints the parameter overrides `sam deploy` needs.
 * With `--delivery-config FILE [--ssm-path-prefix /iam-key-rotation/]` it checks
 * that delivery.yaml instead and puts it at s3://B/P/Config/delivery.yaml, alone.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CODE_VERSION_PARAMETERS, DEFAULT_S3_PREFIX, S3_FOLDERS, ZIP_NAMES } from '../contract/names';
import { writeSamConfigParameters } from './deploy/samconfig';
import { ROOT } from './lib/bundle';
import { FUNCTION_KEYS } from './lib/functions';
import { progressBar } from './lib/progress';
import { DeliveryConfigError } from '../functions/core/delivery/config/errors';
import { uploadDeliveryConfig } from './lib/delivery-config';
import { BucketAccessError, MissingBucketError, objectKey, syncToBucket, type SyncResult } from './lib/s3-sync';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface UploadOptions {
  readonly bucket: string;
  readonly prefix: string;
  readonly region?: string;
  readonly profile?: string;
  readonly dryRun: boolean;
  readonly distDir: string;
  /** Write the bucket, prefix and code versions into this samconfig.toml (--write-samconfig). */
  readonly samconfig?: string;
  /** A delivery.yaml to check and upload instead of the sync (docs/delivery.md). */
  readonly deliveryConfig?: string;
  /** The stack's DeliverySsmPathPrefix, to check SSM target names against. */
  readonly ssmPathPrefix?: string;
}

export function parseUploadArgs(argv: readonly string[]): UploadOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      bucket: { type: 'string' },
      prefix: { type: 'string', default: DEFAULT_S3_PREFIX },
      region: { type: 'string' },
      profile: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      dist: { type: 'string', default: path.join(ROOT, 'dist') },
      'write-samconfig': { type: 'boolean', default: false },
      samconfig: { type: 'string', default: path.join(ROOT, 'samconfig.toml') },
      'delivery-config': { type: 'string' },
      'ssm-path-prefix': { type: 'string' },
    },
    strict: true,
  });
  if (!values.bucket) throw new UsageError('--bucket is required: npm run upload -- --bucket <name> [--prefix P] [--region R] [--profile X] [--dry-run]');
  return {
    bucket: values.bucket,
    prefix: values.prefix ?? DEFAULT_S3_PREFIX,
    region: values.region,
    profile: values.profile,
    dryRun: values['dry-run'] ?? false,
    distDir: path.resolve(values.dist ?? path.join(ROOT, 'dist')),
    ...(values['write-samconfig'] ? { samconfig: path.resolve(values.samconfig ?? path.join(ROOT, 'samconfig.toml')) } : {}),
    ...(values['delivery-config'] ? { deliveryConfig: values['delivery-config'] } : {}),
    ...(values['ssm-path-prefix'] ? { ssmPathPrefix: values['ssm-path-prefix'] } : {}),
  };
}

/** The `sam deploy --parameter-overrides` that point the main stack at what was uploaded. */
export function parameterOverrides(options: UploadOptions, result: SyncResult): string[] {
  const overrides = [`S3BucketName=${options.bucket}`, `S3BucketPrefix=${options.prefix}`];
  for (const key of FUNCTION_KEYS) {
    const version = result.versions.get(objectKey(options.prefix, `${S3_FOLDERS.lambda}/${ZIP_NAMES[key]}`));
    if (version) overrides.push(`${CODE_VERSION_PARAMETERS[key]}=${version}`);
  }
  return overrides;
}

function isCredentialsError(error: Error): boolean {
  return error.name === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message);
}

function s3For(options: UploadOptions): S3Client {
  if (options.profile) process.env.AWS_PROFILE = options.profile;
  return new S3Client({
    ...(options.region ? { region: options.region } : {}),
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL ?? process.env.AWS_ENDPOINT_URL_S3),
  });
}

/** The delivery configuration only: checked with the function's parser, then uploaded (or not, with --dry-run). */
export async function uploadDelivery(options: UploadOptions & { deliveryConfig: string }, log: (line: string) => void = console.log): Promise<void> {
  await uploadDeliveryConfig(
    s3For(options),
    { bucket: options.bucket, prefix: options.prefix, file: options.deliveryConfig, dryRun: options.dryRun, ...(options.ssmPathPrefix ? { ssmPathPrefix: options.ssmPathPrefix } : {}) },
    log,
  );
}

export async function upload(options: UploadOptions, log: (line: string) => void = console.log): Promise<SyncResult> {
  const zips = await readdir(path.join(options.distDir, S3_FOLDERS.lambda)).catch(() => [] as string[]);
  const missing = Object.values(ZIP_NAMES).filter((zip) => !zips.includes(zip));
  if (missing.length > 0) throw new UsageError(`${missing.join(', ')} not built: run npm run build first`);
  if (options.profile) process.env.AWS_PROFILE = options.profile;
  const s3 = new S3Client({
    ...(options.region ? { region: options.region } : {}),
    // Custom endpoints (moto, LocalStack) have no per-bucket host names.
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL ?? process.env.AWS_ENDPOINT_URL_S3),
  });
  const result = await syncToBucket({
    s3,
    bucket: options.bucket,
    prefix: options.prefix,
    distDir: options.distDir,
    dryRun: options.dryRun,
    onProgress: progressBar(options.dryRun ? 'would upload' : 'uploading'),
  });
  const changed = result.entries.filter((e) => e.changed).length;
  const verb = options.dryRun ? 'would upload' : 'uploaded';
  log(`${verb} ${changed}, unchanged ${result.entries.length - changed}, to s3://${options.bucket}/${options.prefix}/`);
  if (!options.dryRun) {
    const overrides = parameterOverrides(options, result);
    if (overrides.length < 2 + FUNCTION_KEYS.length) {
      log(
        `warning: bucket ${options.bucket} is not versioned, so a redeploy cannot tell that the code changed. ` +
          `Enable versioning: aws s3api put-bucket-versioning --bucket ${options.bucket} --versioning-configuration Status=Enabled`,
      );
    }
    if (options.samconfig !== undefined) {
      const values = Object.fromEntries(overrides.map((o) => [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)]));
      const changed = await writeSamConfigParameters(options.samconfig, values);
      log(changed ? `wrote ${overrides.length} parameter overrides into ${options.samconfig}` : `${options.samconfig} already has these versions`);
    } else {
      log('sam deploy --parameter-overrides \\');
      log(overrides.map((o) => `  ${o}`).join(' \\\n'));
    }
  }
  return result;
}

if (require.main === module) {
  Promise.resolve()
    .then(async () => {
      const options = parseUploadArgs(process.argv.slice(2));
      if (options.deliveryConfig) await uploadDelivery({ ...options, deliveryConfig: options.deliveryConfig });
      else await upload(options);
    })
    .catch((error: Error) => {
      if (error instanceof UsageError || error instanceof MissingBucketError || error instanceof BucketAccessError || error instanceof DeliveryConfigError) {
        console.error(`upload: ${error.message}`);
      } else if (isCredentialsError(error)) {
        console.error('upload: no AWS credentials found: pass --profile NAME, or run `aws configure` / `aws sso login` first');
      } else {
        console.error(`upload: ${error.name}: ${error.message}`);
      }
      process.exit(1);
    });
}
