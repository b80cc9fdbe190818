import { ZipFile } from 'yazl';

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

/**
 * A fixed timestamp and mode for every entry: the same sources then give the
 * same zip bytes, so an unchanged function uploads as unchanged and reviewers
 * can compare checksums. (1980-01-01 is the DOS format's first day.)
 */
const FIXED_MTIME = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
const FILE_MODE = 0o100644;

export function deterministicZip(entries: readonly ZipEntry[]): Promise<Buffer> {
  const zip = new ZipFile();
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of sorted) {
    zip.addBuffer(entry.data, entry.name, { mtime: FIXED_MTIME, mode: FILE_MODE, compressionLevel: 9, forceDosTimestamp: true });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}
