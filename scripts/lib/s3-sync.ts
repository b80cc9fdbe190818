import {
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { S3_FOLDERS } from '../../contract/names';

/** What `dist/` holds that belongs in the bucket: the layout's folders and nothing else. */
export const SYNCED_FOLDERS: readonly string[] = Object.values(S3_FOLDERS);

export class MissingBucketError extends Error {
  override readonly name = 'MissingBucketError';
}

export class BucketAccessError extends Error {
  override readonly name = 'BucketAccessError';
}

export interface LocalFile {
  /** Relative to dist/, with forward slashes: `Lambda/notifier.zip`. */
  readonly relative: string;
  readonly data: Buffer;
  readonly md5: string;
}

export interface SyncPlanEntry extends LocalFile {
  readonly key: string;
  readonly changed: boolean;
}

export interface SyncResult {
  readonly entries: readonly SyncPlanEntry[];
  /** S3 object version of every synced key, where the bucket is versioned. */
  readonly versions: ReadonlyMap<string, string>;
}

export type Progress = (done: number, total: number, key: string) => void;

const CONTENT_TYPES: Record<string, string> = {
  '.yaml': 'application/yaml',
  '.zip': 'application/zip',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
};

export async function readLocalFiles(distDir: string): Promise<LocalFile[]> {
  const files: LocalFile[] = [];
  for (const folder of SYNCED_FOLDERS) {
    let names: string[];
    try {
      names = await readdir(path.join(distDir, folder));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const data = await readFile(path.join(distDir, folder, name));
      files.push({ relative: `${folder}/${name}`, data, md5: createHash('md5').update(data).digest('hex') });
    }
  }
  return files;
}

export function objectKey(prefix: string, relative: string): string {
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  return clean ? `${clean}/${relative}` : relative;
}

async function checkBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    const name = (error as Error).name;
    if (status === 404 || name === 'NotFound' || name === 'NoSuchBucket') {
      throw new MissingBucketError(`bucket ${bucket} does not exist: create it (aws s3 mb s3://${bucket}) or pass another --bucket`);
    }
    if (status === 403) {
      throw new BucketAccessError(`access to bucket ${bucket} denied: use credentials of the account that owns it (--profile)`);
    }
    throw error;
  }
}

async function remoteEtags(s3: S3Client, bucket: string, prefix: string): Promise<Map<string, string>> {
  const etags = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      if (object.Key && object.ETag) etags.set(object.Key, object.ETag.replace(/"/g, ''));
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return etags;
}

/**
 * Uploads what changed: a single-part upload's ETag is the MD5 of its bytes,
 * and the zips are deterministic, so an unchanged build uploads nothing and
 * keeps its object versions (and `sam deploy` then changes nothing).
 */
export async function syncToBucket(options: {
  s3: S3Client;
  bucket: string;
  prefix: string;
  distDir: string;
  dryRun: boolean;
  onProgress?: Progress;
}): Promise<SyncResult> {
  const { s3, bucket, prefix, distDir, dryRun, onProgress } = options;
  await checkBucket(s3, bucket);
  const local = await readLocalFiles(distDir);
  const remote = await remoteEtags(s3, bucket, prefix ? `${prefix.replace(/\/+$/, '')}/` : '');
  const entries = local.map((file) => {
    const key = objectKey(prefix, file.relative);
    return { ...file, key, changed: remote.get(key) !== file.md5 };
  });
  const versions = new Map<string, string>();
  const changed = entries.filter((e) => e.changed);
  let done = 0;
  for (const entry of changed) {
    if (!dryRun) {
      const put = await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: entry.key,
          Body: entry.data,
          ContentMD5: Buffer.from(entry.md5, 'hex').toString('base64'),
          ContentType: CONTENT_TYPES[path.extname(entry.key)] ?? 'application/octet-stream',
        }),
      );
      if (put.VersionId) versions.set(entry.key, put.VersionId);
    }
    onProgress?.(++done, changed.length, entry.key);
  }
  // Unchanged zips keep their version; it is needed for the deploy overrides.
  for (const entry of entries.filter((e) => !e.changed && e.relative.startsWith(`${S3_FOLDERS.lambda}/`))) {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: entry.key }));
    if (head.VersionId && head.VersionId !== 'null') versions.set(entry.key, head.VersionId);
  }
  return { entries, versions };
}
