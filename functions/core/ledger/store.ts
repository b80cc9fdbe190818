import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { LEDGER_FOLDER } from '../../../contract/names';
import type { Logger } from '../log/logger';
import { describeIssue } from '../schema/issues';
import { LedgerConflictError, LedgerStoreError } from './errors';
import { emptyLedger, ledgerDocument, type Ledger } from './schema';

/** How the ledger was found: `missing` and `corrupt` start an empty one, rebuilt from IAM by the run. */
export type LedgerState = 'read' | 'missing' | 'corrupt';

export interface LoadedLedger {
  readonly ledger: Ledger;
  readonly state: LedgerState;
  /** The object's ETag as read (also of a corrupt one); absent when there was none. The write is made only over this version. */
  readonly etag?: string;
}

export function ledgerKey(prefix: string, accountId: string): string {
  return `${prefix}/${LEDGER_FOLDER}/${accountId}.json`;
}

// The rotation role may not list the bucket, so S3 answers a missing object with AccessDenied rather than NoSuchKey.
const MISSING = new Set(['NoSuchKey', 'NotFound', 'AccessDenied']);
// 412: the object is not the version the run read (or exists when it read none); 409: another conditional write of it is under way.
const CONFLICT = new Set(['PreconditionFailed', 'ConditionalRequestConflict']);

/**
 * `<prefix>/Ledger/<accountId>.json` in the stack's bucket. A ledger that is
 * missing (or denied: the role cannot list the bucket, so that is how S3 says
 * missing to it) or does not parse is not an error: the run starts an empty one, so
 * every user's keys are listed from IAM again, with a WARNING and no key
 * touched on its account. Any other failure (access denied, S3 down) throws.
 */
export class LedgerStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async load(accountId: string, now: Date, logger: Logger): Promise<LoadedLedger> {
    const key = ledgerKey(this.prefix, accountId);
    let body: string;
    let etag: string | undefined;
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      body = (await object.Body?.transformToString('utf-8')) ?? '';
      etag = object.ETag;
    } catch (error) {
      if (!MISSING.has(codeOf(error))) throw new LedgerStoreError('GetObject', key, { cause: error });
      logger.warn('key ledger not found; rebuilding it from IAM (every user with keys is listed once; no key is changed for this)', {
        bucket: this.bucket,
        key,
        code: codeOf(error),
        // Every run rebuilding it and failing to write it is a bucket policy or KMS key that keeps the role out.
        ...(codeOf(error) === 'AccessDenied' ? { hint: 'S3 reports a missing object as AccessDenied to a role that may not list the bucket' } : {}),
      });
      return { ledger: emptyLedger(accountId, now), state: 'missing' };
    }
    const problem = parseProblem(body, accountId);
    if (typeof problem === 'string') {
      logger.warn('key ledger unreadable; rebuilding it from IAM (every user with keys is listed once; no key is changed for this)', { bucket: this.bucket, key, problem });
      return { ledger: emptyLedger(accountId, now), state: 'corrupt', ...(etag ? { etag } : {}) };
    }
    return { ledger: problem, state: 'read', ...(etag ? { etag } : {}) };
  }

  /**
   * Writes the ledger only over the version the run read (S3 conditional
   * write): `etag` as load returned it, or undefined when there was none (then
   * only if there still is none). Another run's write in between throws
   * LedgerConflictError, so that nothing it recorded is overwritten unseen.
   */
  async save(ledger: Ledger, now: Date, etag: string | undefined): Promise<void> {
    const key = ledgerKey(this.prefix, ledger.accountId);
    const body = JSON.stringify({ ...ledger, updatedAt: now.toISOString() });
    const condition = etag !== undefined ? { IfMatch: etag } : { IfNoneMatch: '*' };
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json', ...condition }));
    } catch (error) {
      if (CONFLICT.has(codeOf(error))) throw new LedgerConflictError(key, { cause: error });
      throw new LedgerStoreError('PutObject', key, { cause: error });
    }
  }
}

/** The ledger, or what is wrong with the body (a string). */
export function parseProblem(body: string, accountId: string): Ledger | string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const parsed = ledgerDocument.safeParse(json);
  if (!parsed.success) {
    const { field, problem } = describeIssue(parsed.error.issues[0]);
    return `${field}: ${problem}`;
  }
  if (parsed.data.accountId !== accountId) return `it is the ledger of account ${parsed.data.accountId}`;
  return parsed.data;
}

function codeOf(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : '';
}
