import { createHash } from 'node:crypto';

export interface Artifact {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export function describe(path: string, data: Buffer): Artifact {
  return { path, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

export function artifactTable(artifacts: readonly Artifact[]): string {
  const rows = artifacts.map((a) => [a.path, formatBytes(a.bytes), a.sha256]);
  const header = ['artifact', 'size', 'sha256'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i === 1 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
