import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { ProblemError } from '../../functions/core/errors/named-error';

/**
 * Just enough PNG (8-bit RGB, RGBA or palette, not interlaced: what Chromium
 * writes) to cut a screenshot below its content and store it small. Chromium
 * shoots the whole window, and a mail's height is only known once laid out,
 * so the script shoots a tall window and drops the empty page underneath.
 */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A file the cropper cannot read: `screenshot: <what is wrong>`. */
export class PngFormatError extends ProblemError {
  override readonly name = 'PngFormatError';
  constructor(problem: string) {
    super('screenshot', problem);
  }
}

interface Chunk {
  readonly type: string;
  readonly data: Buffer;
}

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** Bytes per pixel in `pixels`: 3 (RGB; a palette image is expanded to it) or 4 (RGBA). */
  readonly channels: number;
  /** The unfiltered rows, top to bottom. */
  readonly pixels: Buffer;
}

function chunks(png: Buffer): Chunk[] {
  if (png.length < 8 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new PngFormatError('not a PNG file');
  const out: Chunk[] = [];
  for (let offset = 8; offset + 8 <= png.length; ) {
    const length = png.readUInt32BE(offset);
    out.push({ type: png.toString('latin1', offset + 4, offset + 8), data: png.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters (PNG spec, section 9): `bpp` bytes a pixel, `stride` bytes a row. */
function unfilter(filtered: Buffer, height: number, stride: number, bpp: number): Buffer {
  if (filtered.length !== height * (stride + 1)) throw new PngFormatError(`PNG data has ${filtered.length} bytes, ${height * (stride + 1)} expected`);
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const type = filtered[y * (stride + 1)];
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const raw = filtered[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= bpp ? (out[row + x - bpp] ?? 0) : 0;
      const up = y > 0 ? (out[row - stride + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= bpp ? (out[row - stride + x - bpp] ?? 0) : 0;
      const predictor = type === 0 ? 0 : type === 1 ? left : type === 2 ? up : type === 3 ? (left + up) >> 1 : type === 4 ? paeth(left, up, upLeft) : -1;
      if (predictor < 0) throw new PngFormatError(`unknown PNG filter type ${type} in row ${y}`);
      out[row + x] = (raw + predictor) & 0xff;
    }
  }
  return out;
}

/** 8-bit RGB, RGBA or palette, not interlaced: what Chromium writes and what cropPng writes. */
export function decodePng(png: Buffer): DecodedPng {
  const parts = chunks(png);
  const header = parts.find((part) => part.type === 'IHDR')?.data;
  if (!header || header.length < 13) throw new PngFormatError('PNG without IHDR');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const [bitDepth, colourType, interlace] = [header[8], header[9], header[12]];
  const bpp = colourType === 2 ? 3 : colourType === 6 ? 4 : colourType === 3 ? 1 : 0;
  if (bitDepth !== 8 || bpp === 0 || interlace !== 0) {
    throw new PngFormatError(`unsupported PNG: bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace} (8-bit RGB, RGBA or palette, not interlaced, expected)`);
  }
  const filtered = inflateSync(Buffer.concat(parts.filter((part) => part.type === 'IDAT').map((part) => part.data)));
  const rows = unfilter(filtered, height, width * bpp, bpp);
  if (colourType !== 3) return { width, height, channels: bpp, pixels: rows };
  const plte = parts.find((part) => part.type === 'PLTE')?.data;
  if (!plte) throw new PngFormatError('palette PNG without PLTE');
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < rows.length; i++) {
    const entry = (rows[i] ?? 0) * 3;
    if (entry + 3 > plte.length) throw new PngFormatError(`palette index ${rows[i]} outside PLTE`);
    plte.copy(pixels, i * 3, entry, entry + 3);
  }
  return { width, height, channels: 3, pixels };
}

/**
 * The number of rows down to the last one that is not all page background
 * (the colour of the top-left pixel: a mail's frame has a margin of page all
 * round), or the full height when the content reaches the bottom edge (the
 * window was too short).
 */
export function contentHeight(image: DecodedPng): number {
  const { width, height, channels, pixels } = image;
  const background = pixels.subarray(0, channels);
  const isBackground = (y: number): boolean => {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      if (!pixels.subarray(at, at + channels).equals(background)) return false;
    }
    return true;
  };
  let y = height;
  while (y > 0 && isBackground(y - 1)) y--;
  return y;
}

/** One chunk: length, type, data, and the CRC of type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

const PALETTE_SIZE = 256;

/**
 * The colours of the image, most frequent first, and each pixel's index into
 * the first 256 of them. A mail's screenshot has a few hundred to a few
 * thousand colours, nearly all of them the anti-aliased edges of glyphs; those
 * beyond the 256 most frequent take the nearest of these, which the eye does
 * not see and which makes the file a third of the size (one byte a pixel).
 */
function palette(image: DecodedPng, rows: number): { colours: number[]; indices: Buffer } {
  const { width, channels, pixels } = image;
  const colourAt = (pixel: number): number => ((pixels[pixel * channels] ?? 0) << 16) | ((pixels[pixel * channels + 1] ?? 0) << 8) | (pixels[pixel * channels + 2] ?? 0);
  const frequency = new Map<number, number>();
  for (let pixel = 0; pixel < width * rows; pixel++) {
    const colour = colourAt(pixel);
    frequency.set(colour, (frequency.get(colour) ?? 0) + 1);
  }
  const colours = [...frequency.entries()].sort(([a, m], [b, n]) => n - m || a - b).slice(0, PALETTE_SIZE).map(([colour]) => colour);
  const index = new Map(colours.map((colour, i) => [colour, i]));
  const distance = (a: number, b: number): number => ((a >> 16) - (b >> 16)) ** 2 + (((a >> 8) & 0xff) - ((b >> 8) & 0xff)) ** 2 + ((a & 0xff) - (b & 0xff)) ** 2;
  const nearest = (colour: number): number => {
    let best = 0;
    for (let i = 1; i < colours.length; i++) if (distance(colour, colours[i] ?? 0) < distance(colour, colours[best] ?? 0)) best = i;
    index.set(colour, best);
    return best;
  };
  const indices = Buffer.alloc(width * rows);
  for (let pixel = 0; pixel < width * rows; pixel++) {
    const colour = colourAt(pixel);
    indices[pixel] = index.get(colour) ?? nearest(colour);
  }
  return { colours, indices };
}

/** The image's top `height` rows as a new PNG with a palette of at most 256 colours (alpha dropped: screenshots are opaque). */
export function cropPng(image: DecodedPng, height: number): Buffer {
  const rows = Math.max(1, Math.min(height, image.height));
  const { colours, indices } = palette(image, rows);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(rows, 4);
  header.set([8, 3, 0, 0, 0], 8);
  const plte = Buffer.alloc(colours.length * 3);
  colours.forEach((colour, i) => plte.set([colour >> 16, (colour >> 8) & 0xff, colour & 0xff], i * 3));
  // Filter type 0 on every row: with a palette the other filters predict nothing useful.
  const data = Buffer.alloc(rows * (image.width + 1));
  for (let y = 0; y < rows; y++) indices.copy(data, y * (image.width + 1) + 1, y * image.width, (y + 1) * image.width);
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('PLTE', plte), pngChunk('IDAT', deflateSync(data, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]);
}
