import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DIGEST_FOLDERS } from '../../contract/names';
import { runDigest, type RunDigest } from '../core/messages/run';
import { describeIssue, firstIssue } from '../core/schema/issues';
import { DigestStoreError, errorCode, NotificationMessageError } from './errors';

/**
 * Reads a closed run's digest, `<prefix>/Digests/<runId>.json`, which the
 * close-run step wrote (docs/run.md). The notifier only reads it: the run's
 * state is not the notifier's.
 */
export class RunDigests {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  /** Undefined when there is none: the close was given back after the message was queued, and the run will be closed again. */
  async read(runId: string): Promise<RunDigest | undefined> {
    const key = `${this.prefix}/${DIGEST_FOLDERS.digests}/${runId}.json`;
    let body: string;
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      body = (await object.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      if (errorCode(error) === 'NoSuchKey') return undefined;
      throw new DigestStoreError('GetObject', key, { cause: error });
    }
    const parsed = runDigest.safeParse(JSON.parse(body));
    if (!parsed.success) {
      const { field, problem } = describeIssue(firstIssue(parsed.error.issues));
      throw new NotificationMessageError(`${key}: ${field}`, problem);
    }
    const digest: RunDigest = parsed.data;
    return digest;
  }
}
