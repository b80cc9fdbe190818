import { DeleteObjectsCommand, paginateListObjectsV2, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mapWithConcurrency } from '../async/map-with-concurrency';
import { collectPages, nextOfTruncated, PagingError } from '../aws/collect-pages';
import { DAY_MS } from '../lifecycle/time';
import { ClaimStoreError, s3ErrorCode } from './errors';

/** What a caller of the store needs to do a thing once: claim it first, give the claim back if the thing failed and may be retried. */
export interface ClaimOnce {
  /** Records each id not recorded before; returns those (the ones this caller now does). */
  claim(ids: readonly string[]): Promise<ReadonlySet<string>>;
  /** Forgets claims whose work failed in a way a retry can fix, so the retry claims them again. */
  release(ids: readonly string[]): Promise<void>;
}

// Several records per call at most; S3 takes far more than this at once.
const CONCURRENCY = 8;

/**
 * The one store of "do this once" records: an S3 object per record under a
 * folder, created with If-None-Match: *, so of two containers (or two
 * accounts finishing at once) claiming the same id exactly one wins, and a
 * redelivered message finds the record and does nothing twice. A record may
 * carry a body (a closed run's digest does; the notifier reads it back).
 * Each role may write under its own folder only: the notifier under
 * Reminders/ (what a recipient was told once), the rotation role under
 * Digests/ (which run was closed).
 */
export class ClaimOnceStore implements ClaimOnce {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    /** `<prefix>/<folder>`, without a trailing slash. */
    private readonly folder: string,
  ) {}

  key(id: string): string {
    return `${this.folder}/${id}`;
  }

  /** Claims one id, storing `body` with it; true when this caller won. */
  async claimOne(id: string, body: string, contentType = 'application/json'): Promise<boolean> {
    const key = this.key(id);
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, IfNoneMatch: '*' }));
      return true;
    } catch (error) {
      const code = s3ErrorCode(error);
      // 412: claimed before. 409: another conditional write of it is in flight; that one wins.
      if (code === 'PreconditionFailed' || code === 'ConditionalRequestConflict') return false;
      throw new ClaimStoreError('PutObject (If-None-Match)', key, { cause: error });
    }
  }

  async claim(ids: readonly string[]): Promise<ReadonlySet<string>> {
    const body = JSON.stringify({ claimedAt: new Date().toISOString() });
    const won = await mapWithConcurrency(ids, CONCURRENCY, (id) => this.claimOne(id, body));
    return new Set(ids.filter((_, index) => won[index]));
  }

  async release(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000).map((id) => ({ Key: this.key(id) }));
      await this.call('DeleteObjects', `${this.folder}/`, () => this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: chunk, Quiet: true } })));
    }
  }

  /**
   * Deletes the records of days more than `retentionDays` before `now`, for
   * ids that start with their day (`YYYY-MM-DD/...`); returns how many days were swept.
   */
  async sweep(now: Date, retentionDays: number): Promise<number> {
    const folder = `${this.folder}/`;
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS).toISOString().slice(0, 10);
    const days = (await this.list(folder, true)).filter((day) => day.slice(folder.length, -1) < cutoff);
    for (const day of days) {
      const keys = await this.list(day, false);
      for (let i = 0; i < keys.length; i += 1000) {
        const chunk = keys.slice(i, i + 1000).map((Key) => ({ Key }));
        await this.call('DeleteObjects', day, () => this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: chunk, Quiet: true } })));
      }
    }
    return days.length;
  }

  /** Keys (or, with `folders`, the sub-folders) under a prefix, every page. */
  private async list(prefix: string, folders: boolean): Promise<string[]> {
    const pages = paginateListObjectsV2({ client: this.s3 }, { Bucket: this.bucket, Prefix: prefix, ...(folders ? { Delimiter: '/' } : {}) });
    try {
      const token = 'NextContinuationToken';
      const found = await collectPages(
        pages,
        (page) => ({
          items: folders ? (page.CommonPrefixes ?? []).map((common) => common.Prefix ?? '') : (page.Contents ?? []).map((object) => object.Key ?? ''),
          next: nextOfTruncated(page.IsTruncated, page[token], token),
        }),
        token,
      );
      return found.filter((key) => key.length > 0);
    } catch (error) {
      throw new ClaimStoreError('ListObjectsV2', prefix, { cause: error instanceof PagingError ? (error.cause ?? error) : error });
    }
  }

  private async call<T>(operation: string, key: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new ClaimStoreError(operation, key, { cause: error });
    }
  }
}
