import { readZip } from '../../scripts/lib/unzip';
import { deterministicZip } from '../../scripts/lib/zip';

describe('deterministic zips', () => {
  const entries = [
    { name: 'index.js', data: Buffer.from('exports.handler = async () => 42;\n'.repeat(50)) },
    { name: 'index.js.map', data: Buffer.from('{"version":3}') },
  ];

  test('the same entries give the same bytes, whatever their order', async () => {
    const a = await deterministicZip(entries);
    const b = await deterministicZip([...entries].reverse());
    expect(a.equals(b)).toBe(true);
  });

  test('different content gives different bytes', async () => {
    const a = await deterministicZip(entries);
    const b = await deterministicZip([{ name: 'index.js', data: Buffer.from('changed') }]);
    expect(a.equals(b)).toBe(false);
  });

  test('reads back what it wrote', async () => {
    const read = readZip(await deterministicZip(entries));
    expect([...read.keys()]).toEqual(['index.js', 'index.js.map']);
    expect(read.get('index.js')?.toString()).toBe(entries[0]?.data.toString());
  });

  test('refuses what is not a zip', () => {
    expect(() => readZip(Buffer.from('plain text, not a zip at all'))).toThrow(/not a zip/);
  });
});
