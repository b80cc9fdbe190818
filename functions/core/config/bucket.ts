import { DEFAULT_S3_PREFIX } from '../../../contract/names';
import { ConfigError } from './errors';
import { optional, required, type Env } from './values';

/** Where the deployment keeps its objects: the artifacts bucket and the key prefix of everything under it. */
export interface BucketLocation {
  readonly bucket: string;
  /** Without leading or trailing slash. */
  readonly prefix: string;
}

// S3 bucket naming rules (general purpose buckets): 3-63 lower-case letters, digits, dots and hyphens.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The bucket and prefix from the two variables that name them (the template passes S3BucketName and S3BucketPrefix). */
export function bucketLocation(env: Env, names: { readonly bucketName: string; readonly bucketPrefix: string }): BucketLocation {
  const bucket = required(env, names.bucketName);
  if (!BUCKET.test(bucket)) throw new ConfigError(names.bucketName, `must be an S3 bucket name, got "${bucket}"`);
  const rawPrefix = optional(env, names.bucketPrefix) ?? DEFAULT_S3_PREFIX;
  const prefix = rawPrefix.replace(/^\/+|\/+$/g, '');
  if (prefix.length === 0 || prefix.includes('//')) {
    throw new ConfigError(names.bucketPrefix, `must be a key prefix such as ${DEFAULT_S3_PREFIX}, got "${rawPrefix}"`);
  }
  return { bucket, prefix };
}
