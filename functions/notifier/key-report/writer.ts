import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '../../core/log/logger';
import { scrubber } from '../../core/scrub/scrub';
import { KeyReportError } from '../errors';
import type { DigestInput } from '../values';
import { keyReportFiles, runDay } from './files';

/**
 * Writes the auditors' key inventory of a scheduled run, once its digest is
 * claimed (every run claims one, whether or not the digest is mailed that
 * day). A later run of the same day overwrites it: the folder holds the
 * day's last view of every key. A redelivered message that claims again
 * writes the same files again.
 */
export class KeyReportWriter {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  readonly write = async (digest: DigestInput): Promise<void> => {
    const day = runDay(digest.reports);
    const settings = digest.reports[0]?.settings;
    const limit = settings ? { days: digest.complianceMaxKeyAgeDays ?? 0, settings } : undefined;
    for (const file of keyReportFiles(this.prefix, day, digest.keyRows, limit)) {
      try {
        // The one scrubber on this output too (the rows were scrubbed when queued): it keeps CSV and JSON well-formed.
        await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: file.key, Body: scrubber.text(file.body), ContentType: file.contentType }));
      } catch (error) {
        throw new KeyReportError(file.key, { cause: error });
      }
    }
    this.logger.info('key inventory written', { day, keys: digest.keyRows.length, accounts: digest.reports.length });
  };
}
