import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { S3_FOLDERS } from '../contract/names';
import { BUILT_IN_TEMPLATES } from '../functions/notifier';

/**
 * Writes the notifier's built-in templates to `<dist>/Template/`, the S3
 * layout that `npm run build` and `npm run upload` take them from. Run
 * `npm run email-templates` after editing functions/notifier/templates/
 * (builtin.ts, layout.ts); test/unit/notifier/templates.test.ts fails while
 * the files differ.
 */
export async function emitEmailTemplates(distDir: string): Promise<string[]> {
  const folder = path.join(distDir, S3_FOLDERS.template);
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  for (const [name, html] of Object.entries(BUILT_IN_TEMPLATES).sort(([a], [b]) => a.localeCompare(b))) {
    await writeFile(path.join(folder, name), html);
    written.push(path.join(folder, name));
  }
  return written;
}

if (require.main === module) {
  emitEmailTemplates(path.resolve(__dirname, '..', 'dist'))
    .then((files) => console.log(files.join('\n')))
    .catch((error: Error) => {
      console.error(`emitting email templates failed: ${error.message}`);
      process.exit(1);
    });
}
