/**
 * `npm run render-samples`: the sample mails of scripts/render-samples/samples.ts
 * (built by the notifier's own rendering code) as PNG screenshots in docs/,
 * taken with headless Chromium, for docs/emails.md and for looking at the mail
 * as its reader will. The HTML and text parts go to a temporary folder,
 * printed at the end.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ProblemError } from '../../functions/core/errors/named-error';
import { ROOT } from '../lib/bundle';
import { findChromium, screenshot } from './chromium';
import { contentHeight, cropPng, decodePng } from './png';
import { emailSamples, type EmailSample } from './samples';

const WIDTH = 820;
/** Tall enough for most samples; a taller window is tried when the content reaches the bottom. */
const FIRST_HEIGHT = 2000;
const MAX_HEIGHT = 16000;
/** Grey page kept under the card, as above it (the frame's 24 px padding). */
const MARGIN = 24;
const BIG_PNG = 200 * 1024;

async function shoot(chromium: string, htmlFile: string): Promise<Buffer> {
  for (let height = FIRST_HEIGHT; height <= MAX_HEIGHT; height *= 2) {
    const image = decodePng(await screenshot(chromium, htmlFile, WIDTH, height));
    const content = contentHeight(image);
    if (content < image.height) return cropPng(image, content + MARGIN);
  }
  throw new Error(`${htmlFile} is taller than ${MAX_HEIGHT} px`);
}

async function main(): Promise<void> {
  const chromium = findChromium();
  const work = await mkdtemp(path.join(os.tmpdir(), 'render-samples-'));
  const docs = path.join(ROOT, 'docs');
  await mkdir(docs, { recursive: true });
  const samples: EmailSample[] = emailSamples();
  for (const sample of samples) {
    const html = path.join(work, `${sample.name}.html`);
    await writeFile(html, sample.html);
    await writeFile(path.join(work, `${sample.name}.txt`), `Subject: ${sample.subject}\nTo: ${sample.to.join(', ')}\n\n${sample.text}`);
    const png = await shoot(chromium, html);
    const file = path.join(docs, `email-${sample.name}.png`);
    await writeFile(file, png);
    const { width, height } = decodePng(png);
    const size = `${(png.length / 1024).toFixed(0)} KB`;
    console.log(`${path.relative(ROOT, file)}  ${width}x${height}  ${size}${png.length > BIG_PNG ? '  (over 200 KB: too big to commit comfortably)' : ''}  ${sample.shows}`);
  }
  console.log(`\nHTML and text parts: ${work}`);
}

main().catch((error: Error) => {
  // A missing Chromium or an unreadable screenshot says what to do; anything else is a bug, with its stack.
  console.error(`render-samples failed: ${error instanceof ProblemError ? error.message : (error.stack ?? error.message)}`);
  process.exit(1);
});
