/**
 * `npm run synth [-- --out DIR]`: writes the CloudFormation templates generated
 * from templates-src/ as YAML into dist/CloudFormation/ (or DIR). The output
 * is byte-identical on every run; a test compares it with the committed files.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { synthesize } from '../templates-src/lib/synth';
import { S3_FOLDERS } from '../contract/names';

export const DEFAULT_OUT = path.join(__dirname, '..', 'dist', S3_FOLDERS.cloudFormation);

export async function synthTo(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const { file, yaml } of synthesize()) {
    const target = path.join(outDir, file);
    await writeFile(target, yaml);
    written.push(target);
  }
  return written;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
  const outDir = path.resolve(values.out ?? DEFAULT_OUT);
  for (const file of await synthTo(outDir)) console.log(`wrote ${path.relative(process.cwd(), file) || file}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
