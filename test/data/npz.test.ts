import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { parseNpz } from '../../src/data/npz.js';
import { listZip, readZipEntry } from '../../src/data/zip.js';
import { expected, fixture } from './fixtures.js';

describe('parseNpz', () => {
  it.each(['stored', 'deflated'])('reads %s archives like np.load', async (name) => {
    const arrays = await parseNpz(fixture(`npz/${name}.npz`), `${name}.npz`);
    expect(Object.keys(arrays).sort()).toEqual(['a', 'b', 'seqs']);
    expect(Array.from(arrays.a!.data as Float64Array)).toEqual(expected.npy.f8.values);
    expect(Array.from(arrays.b!.data as BigInt64Array, String)).toEqual(expected.npy.i8.values);
    expect(arrays.seqs!.data).toEqual(expected.npy['object-lists'].values);
  });

  it("reads numpy's own savez_compressed output", async () => {
    const { x } = await parseNpz(fixture('npz/numpy-savez.npz'));
    expect(x!.shape).toEqual([2, 3]);
    expect(Array.from(x!.data as Uint8Array)).toEqual(expected.npy.u1.values);
  });

  it('detects a corrupt entry by its CRC-32', async () => {
    const bytes = fixture('npz/stored.npz');
    bytes[150] ^= 0x01; // inside a.npy, which starts after a 55-byte local header
    await expect(parseNpz(bytes, 'crc.npz')).rejects.toThrow(FormatError);
    await expect(parseNpz(bytes, 'crc.npz')).rejects.toThrow(/crc\.npz:a\.npy: CRC-32 mismatch, the zip entry is corrupt/);
  });

  it('rejects truncated archives and other files', async () => {
    const bytes = fixture('npz/deflated.npz');
    await expect(parseNpz(bytes.subarray(0, bytes.length - 30), 'cut.npz')).rejects.toThrow(
      /cut\.npz: expected a zip end-of-central-directory record, found none \(the archive is truncated\)/,
    );
    await expect(parseNpz(fixture('npy/f8.npy'), 'f8.npy')).rejects.toThrow(/f8\.npy: expected a zip end-of-central-directory record, found none \(not a zip\/\.npz file\)/);
  });

  it('rejects a corrupt deflate stream', async () => {
    const bytes = fixture('npz/deflated.npz');
    for (let i = 60; i < 90; i++) bytes[i] ^= 0x5a;
    await expect(parseNpz(bytes, 'bad.npz')).rejects.toThrow(/bad\.npz:a\.npy: (expected valid deflate data|CRC-32 mismatch|expected \d+ uncompressed bytes)/);
  });
});

describe('listZip: lengths that run past the file', () => {
  it('refuses a central-directory entry whose extra field runs past the end, naming the file', () => {
    const archive = fixture('npz/stored.npz').slice();
    const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
    let at = archive.length - 22;
    while (view.getUint32(at, true) !== 0x06054b50) at--;
    const central = view.getUint32(at + 16, true);
    view.setUint16(central + 30, 0xffff, true); // extra field length of the first entry
    expect(() => listZip(archive, 'x.npz')).toThrow(FormatError);
    expect(() => listZip(archive, 'x.npz')).toThrow(/x\.npz: corrupt zip central directory, entry 1 at offset \d+ runs past the end of the file/);
  });
});

describe('readZipEntry stops at the size the zip declares', () => {
  it('refuses a deflated entry that inflates past its declared size', async () => {
    const archive = fixture('npz/deflated.npz').slice();
    const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
    const entry = listZip(archive, 'd.npz')[0]!;
    let at = archive.length - 22;
    while (view.getUint32(at, true) !== 0x06054b50) at--;
    const central = view.getUint32(at + 16, true);
    view.setUint32(central + 24, 10, true); // the first entry's uncompressed size
    const shrunk = listZip(archive, 'd.npz')[0]!;
    expect(shrunk.size).toBe(10);
    expect(entry.size).toBeGreaterThan(10);
    await expect(readZipEntry(archive, shrunk, 'd.npz')).rejects.toThrow(FormatError);
    await expect(readZipEntry(archive, shrunk, 'd.npz')).rejects.toThrow(/d\.npz:.*: decompresses to more than the 10 bytes its container declares/);
  });
});

