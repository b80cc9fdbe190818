import { deflateSync } from 'node:zlib';
import { contentHeight, cropPng, decodePng, PNG_SIGNATURE, pngChunk, PngFormatError } from '../../../scripts/render-samples/png';

/** An RGB PNG as Chromium would write one, each row with the given filter type. */
function rgbPng(rows: readonly (readonly number[])[], width: number, filter: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(rows.length, 4);
  header.set([8, 2, 0, 0, 0], 8);
  // Filter 2 (Up) stores each byte minus the one above: the decoder must add it back.
  const raw = rows.flatMap((row, y) => [filter, ...row.map((byte, x) => (filter === 2 && y > 0 ? byte - (rows[y - 1]?.[x] ?? 0) : byte) & 0xff)]);
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(Buffer.from(raw))), pngChunk('IEND', Buffer.alloc(0))]);
}

const GREY = [0xf4, 0xf5, 0xf7];
const INK = [0x24, 0x29, 0x2f];
const BLUE = [0x0b, 0x5c, 0xad];
// Three pixels wide: page background at the top left, two rows of content, then four rows of page background.
const ROWS = [
  [...GREY, ...BLUE, ...BLUE],
  [...GREY, ...INK, ...GREY],
  [...GREY, ...GREY, ...GREY],
  [...GREY, ...GREY, ...GREY],
  [...GREY, ...GREY, ...GREY],
  [...GREY, ...GREY, ...GREY],
];

describe('cutting a screenshot below its content', () => {
  test.each([0, 2])('finds the last row that is not page background (rows stored with filter %i)', (filter) => {
    const image = decodePng(rgbPng(ROWS, 3, filter));
    expect([image.width, image.height, image.channels]).toEqual([3, 6, 3]);
    expect([...image.pixels]).toEqual(ROWS.flat());
    expect(contentHeight(image)).toBe(2);
  });

  test('the cropped file is a palette PNG of the top rows with the same pixels', () => {
    const cropped = decodePng(cropPng(decodePng(rgbPng(ROWS, 3, 2)), 3));
    expect([cropped.width, cropped.height]).toEqual([3, 3]);
    expect([...cropped.pixels]).toEqual(ROWS.slice(0, 3).flat());
  });

  test('content down to the bottom edge: the window was too short, and the caller is told by the full height', () => {
    const image = decodePng(rgbPng([[...GREY, ...GREY, ...GREY], [...INK, ...GREY, ...GREY]], 3, 0));
    expect(contentHeight(image)).toBe(image.height);
  });

  test('more than 256 colours: a colour beyond the 256 most frequent takes the nearest of them', () => {
    // Every grey twice, and one pixel a shade off one of them: 257 colours.
    const greys = Array.from({ length: 512 }, (_, i) => [i % 256, i % 256, i % 256]).flat();
    const second = [100, 100, 101, ...Array.from({ length: 511 }, () => [0, 0, 0]).flat()];
    const cropped = decodePng(cropPng(decodePng(rgbPng([greys, second], 512, 0)), 2));
    expect([...cropped.pixels]).toEqual([...greys, 100, 100, 100, ...second.slice(3)]);
  });

  test('a file that is not a PNG is refused, naming what is wrong', () => {
    expect(() => decodePng(Buffer.from('<html>'))).toThrow(PngFormatError);
    expect(() => decodePng(Buffer.from('<html>'))).toThrow('screenshot: not a PNG file');
  });
});
