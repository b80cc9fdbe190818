import { DeleteObjectsCommand, paginateListObjectsV2, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DIGEST_FOLDERS } from '../../../contract/names';
import { mapWithConcurrency } from '../../core/async/map-with-concurrency';
import { collectPages, nextOfTruncated, PagingError } from '../../core/aws/collect-pages';
import { DAY_MS } from '../../core/lifecycle/time';
import { DigestStoreError, errorCode } from '../errors';

/** The record of what was told once (see repeats.ts). */
export interface SentLedger {
  /** Records each id not recorded before; returns those (the ones to tell now). */
  claim(ids: readonly string[]): Promise<ReadonlySet<string>>;
  /** Forgets ids claimed for a mail that then failed for a reason a retry can fix, so the retry tells them. */
  release(ids: readonly string[]): Promise<void>;
}

// Several records per message at most; S3 takes far more than this at once.
const CONCURRENCY = 8;
/**
 * Records older than this (by due day) are swept. A reminder's record is
 * useless once its day has passed; a postponement's lasts MaxPostponeDays; an
 * audit-mode plan's as long as the account stays in audit mode, which after
 * this long earns the contact one more mail.
 */
export const RETENTION_DAYS = 400;

/**
 * S3: `<prefix>/Reminders/<due day>/...`, each created with If-None-Match: *,
 * so of two containers telling the same thing at once exactly one wins, and a
 * redelivered message finds its records and tells nothing twice. The
 * execution role may write, delete and list under Reminders/ only.
 */
export class S3SentLedger implements SentLedger {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async claim(ids: readonly string[]): Promise<ReadonlySet<string>> {
    const claimedAt = new Date().toISOString();
    const won = await mapWithConcurrency(ids, CONCURRENCY, async (id) => {
      const key = this.key(id);
      try {
        await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: JSON.stringify({ claimedAt }), ContentType: 'application/json', IfNoneMatch: '*' }));
        return true;
      } catch (error) {
        const code = errorCode(error);
        // 412: told before. 409: another container is recording it right now, and will tell it.
        if (code === 'PreconditionFailed' || code === 'ConditionalRequestConflict') return false;
        throw new DigestStoreError('PutObject (If-None-Match)', key, { cause: error });
      }
    });
    return new Set(ids.filter((_, index) => won[index]));
  }

  async release(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000).map((id) => ({ Key: this.key(id) }));
      await this.call('DeleteObjects', this.folder(), () => this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: chunk, Quiet: true } })));
    }
  }

  /** Deletes the records of due days more than RETENTION_DAYS before `now`; returns how many days were swept. */
  async sweep(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - RETENTION_DAYS * DAY_MS).toISOString().slice(0, 10);
    const days = (await this.list(this.folder(), true)).filter((day) => day.slice(this.folder().length, -1) < cutoff);
    for (const day of days) {
      const keys = await this.list(day, false);
      for (let i = 0; i < keys.length; i += 1000) {
        const chunk = keys.slice(i, i + 1000).map((Key) => ({ Key }));
        await this.call('DeleteObjects', day, () => this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: chunk, Quiet: true } })));
      }
    }
    return days.length;
  }

  private folder(): string {
    return `${this.prefix}/${DIGEST_FOLDERS.reminders}/`;
  }

  private key(id: string): string {
    return `${this.folder()}${id}`;
  }

  /** Keys (or, with `folders`, the day folders) under a prefix, every page. */
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
      throw new DigestStoreError('ListObjectsV2', prefix, { cause: error instanceof PagingError ? (error.cause ?? error) : error });
    }
  }

  private async call<T>(operation: string, key: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new DigestStoreError(operation, key, { cause: error });
    }
  }
}
