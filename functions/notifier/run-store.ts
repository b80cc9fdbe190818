import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { mapWithConcurrency } from '../core/async/map-with-concurrency';
import { collectPages, nextOfTruncated, PagingError } from '../core/aws/collect-pages';
import type { MessagePart, NotificationMessage } from '../core/messages/notification';
import { DigestStoreError, errorCode } from './errors';
import { parseNotificationMessage } from './message-schema';
// The digest's state, next to Template/ under the prefix: Runs/<runId>/<accountId>.json holds one
// account's admin report while the run is open, Runs/<runId>/<accountId>.<i>-of-<n>.json each part of one
// split to fit SQS; Digests/<runId>.json marks the run's digest as claimed.
// Markers live apart from Runs/ so that listing Runs/ shows only open runs, however long the tool has run.
import { DIGEST_FOLDERS } from '../../contract/names';

import type { StoredReport } from './report-parts';

export type { StoredReport } from './report-parts';

const REPORT_FILE = /\/(\d{12})(?:\.(\d{1,3})-of-(\d{1,3}))?\.json$/;
// Reading a large run's reports one at a time would take minutes; S3 takes far more than this in parallel.
const READ_CONCURRENCY = 16;

export class RunStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  reportKey(runId: string, accountId: string, part?: MessagePart): string {
    return `${this.runPrefix(runId)}${accountId}${part ? `.${part.index}-of-${part.count}` : ''}.json`;
  }

  markerKey(runId: string): string {
    return `${this.prefix}/${DIGEST_FOLDERS.digests}/${runId}.json`;
  }

  /** Overwrites: a redelivered message stores the same report (or part) under the same key, so counting stays exact. */
  async putReport(message: NotificationMessage & { runId: string }): Promise<void> {
    const key = this.reportKey(message.runId, message.accountId, message.part);
    await this.call('PutObject', key, () =>
      this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: JSON.stringify(message), ContentType: 'application/json' })),
    );
  }

  async listReports(runId: string): Promise<StoredReport[]> {
    const reports: StoredReport[] = [];
    for (const object of await this.list(this.runPrefix(runId), false, (page) => page.Contents)) {
      const [, accountId, index, count] = (object.Key ? REPORT_FILE.exec(object.Key) : null) ?? [];
      if (!object.Key || !accountId) continue;
      const part = index && count && Number(index) >= 1 && Number(index) <= Number(count) ? { index: Number(index), count: Number(count) } : undefined;
      // A name with a part number out of range is no report of ours: leave it out rather than count it.
      if (index && !part) continue;
      reports.push({ key: object.Key, accountId, lastModified: object.LastModified ?? new Date(0), ...(part ? { part } : {}) });
    }
    return reports;
  }

  async readReports(reports: readonly StoredReport[]): Promise<NotificationMessage[]> {
    return mapWithConcurrency(reports, READ_CONCURRENCY, async (report) => {
      const object = await this.call('GetObject', report.key, () => this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: report.key })));
      const body = (await object.Body?.transformToString('utf-8')) ?? '';
      return parseNotificationMessage(JSON.parse(body));
    });
  }

  /** Runs with reports still stored: open, or sent but not yet cleaned up. */
  async openRuns(): Promise<string[]> {
    const prefix = `${this.prefix}/${DIGEST_FOLDERS.runs}/`;
    const folders = await this.list(prefix, true, (page) => page.CommonPrefixes);
    return folders.map((common) => common.Prefix?.slice(prefix.length).replace(/\/$/, '') ?? '').filter((runId) => runId.length > 0);
  }

  /**
   * Claims the run's digest: creates the marker only if it does not exist
   * (If-None-Match: *). Exactly one caller gets true, however many
   * containers see the run complete at the same moment.
   */
  async claim(runId: string, record: object): Promise<boolean> {
    const key = this.markerKey(runId);
    try {
      await this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: JSON.stringify(record), ContentType: 'application/json', IfNoneMatch: '*' }),
      );
      return true;
    } catch (error) {
      // 412: the marker exists. 409: another conditional write of it is in flight; that one wins.
      const code = errorCode(error);
      if (code === 'PreconditionFailed' || code === 'ConditionalRequestConflict') return false;
      throw new DigestStoreError('PutObject (If-None-Match)', key, { cause: error });
    }
  }

  /** Gives a claim back after a transient send failure, so the redelivered message can claim and send again. */
  async release(runId: string): Promise<void> {
    const key = this.markerKey(runId);
    await this.call('DeleteObject', key, () => this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  async deleteReports(reports: readonly StoredReport[]): Promise<void> {
    for (let i = 0; i < reports.length; i += 1000) {
      const chunk = reports.slice(i, i + 1000);
      await this.call('DeleteObjects', this.runPrefix('*'), () =>
        this.s3.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: chunk.map((report) => ({ Key: report.key })), Quiet: true } })),
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
      throw new DigestStoreError('ListObjectsV2', prefix, { cause: error instanceof PagingError ? (error.cause ?? error) : error });
    }
  }

  private runPrefix(runId: string): string {
    return `${this.prefix}/${DIGEST_FOLDERS.runs}/${runId}/`;
  }

  private async call<T>(operation: string, key: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw new DigestStoreError(operation, key, { cause: error });
    }
  }
}
