import { DeleteObjectsCommand, GetObjectCommand, paginateListObjectsV2, PutObjectCommand, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { DIGEST_FOLDERS } from '../../contract/names';
import { mapWithConcurrency } from '../core/async/map-with-concurrency';
import { collectPages, nextOfTruncated, PagingError } from '../core/aws/collect-pages';
import type { AccountResult } from '../core/messages/run';
import { notificationMessage } from '../core/messages/notification-schema';
import { describeIssue, firstIssue } from '../core/schema/issues';
import { scrubber } from '../core/scrub/scrub';
import { RunStoreError, StoredResultError } from './errors';

/** One account's result as listed in Runs/<runId>/. */
export interface StoredResult {
  readonly key: string;
  readonly accountId: string;
  readonly lastModified: Date;
}

const RESULT_FILE = /\/(\d{12})\.json$/;
// Reading a large run's results one at a time would take minutes; S3 takes far more than this in parallel.
const READ_CONCURRENCY = 16;

/**
 * A run's state in S3: `<prefix>/Runs/<runId>/<accountId>.json`, one object
 * per account that reported, of any size, written only by the rotation role.
 * A redelivered account overwrites its own object, so counting objects counts
 * accounts. Runs/ holds open runs only: a run's objects are deleted once it is closed.
 */
export class RunStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  resultKey(runId: string, accountId: string): string {
    return `${this.runPrefix(runId)}${accountId}.json`;
  }

  /** Through the one scrubber, as a queued message would be: no code path writes a secret into run state. */
  async putResult(result: AccountResult): Promise<void> {
    const key = this.resultKey(result.runId, result.accountId);
    const body = scrubber.text(JSON.stringify(result));
    await this.call('PutObject', key, () =>
      this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json' })),
    );
  }

  async listResults(runId: string): Promise<StoredResult[]> {
    const results: StoredResult[] = [];
    for (const object of await this.list(this.runPrefix(runId), false, (page) => page.Contents)) {
      const accountId = object.Key ? RESULT_FILE.exec(object.Key)?.[1] : undefined;
      // Anything else in the folder is no result of ours: leave it out rather than count it.
      if (!object.Key || !accountId) continue;
      results.push({ key: object.Key, accountId, lastModified: object.LastModified ?? new Date(0) });
    }
    return results;
  }

  async readResults(results: readonly StoredResult[]): Promise<AccountResult[]> {
    return mapWithConcurrency(results, READ_CONCURRENCY, async (result) => {
      const object = await this.call('GetObject', result.key, () => this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: result.key })));
      const body = (await object.Body?.transformToString('utf-8')) ?? '';
      const parsed = notificationMessage.safeParse(JSON.parse(body));
      if (!parsed.success) {
        const { field, problem } = describeIssue(firstIssue(parsed.error.issues));
        throw new StoredResultError(`${result.key}: ${field}`, problem);
      }
      const { runId, expectedAccounts } = parsed.data;
      if (runId === undefined || expectedAccounts === undefined) throw new StoredResultError(result.key, 'has no runId or expectedAccounts');
      return { ...parsed.data, runId, expectedAccounts };
    });
  }

  /** Runs with results still stored: open, or closed but with a result redelivered since. */
  async openRuns(): Promise<string[]> {
    const prefix = `${this.prefix}/${DIGEST_FOLDERS.runs}/`;
    const folders = await this.list(prefix, true, (page) => page.CommonPrefixes);
    return folders.map((common) => common.Prefix?.slice(prefix.length).replace(/\/$/, '') ?? '').filter((runId) => runId.length > 0);
  }

  async deleteResults(results: readonly StoredResult[]): Promise<void> {
    for (let i = 0; i < results.length; i += 1000) {
      const chunk = results.slice(i, i + 1000);
      await this.call('DeleteObjects', this.runPrefix('*'), () =>
        this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: chunk.map((result) => ({ Key: result.key })), Quiet: true } })),
      );
    }
  }

  /** Every page under a prefix (by folder with `folders`), through the SDK's paginator and the paging guards. */
  private async list<T>(prefix: string, folders: boolean, items: (page: ListObjectsV2CommandOutput) => readonly T[] | undefined): Promise<T[]> {
    const pages = paginateListObjectsV2({ client: this.s3 }, { Bucket: this.bucket, Prefix: prefix, ...(folders ? { Delimiter: '/' } : {}) });
    try {
      const token = 'NextContinuationToken';
      return await collectPages(pages, (page) => ({ items: items(page), next: nextOfTruncated(page.IsTruncated, page[token], token) }), token);
    } catch (error) {
      throw new RunStoreError('ListObjectsV2', prefix, { cause: error instanceof PagingError ? (error.cause ?? error) : error });
    }
  }

  private runPrefix(runId: string): string {
    return `${this.prefix}/${DIGEST_FOLDERS.runs}/${runId}/`;
  }

  private async call<T>(operation: string, key: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new RunStoreError(operation, key, { cause: error });
    }
  }
}
