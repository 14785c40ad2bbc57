import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip, setMaxDecompressedBytes } from '../../src/data/compression.js';
import { FormatError } from '../../src/errors.js';
import { decodeIdx, parseIdx } from '../../src/data/idx.js';
import { expected, fixture } from './fixtures.js';

describe('IDX', () => {
  it('reads uint8 images, raw and gzipped, like numpy', async () => {
    const raw = parseIdx(fixture('idx/images-u8.idx'), 'images-u8.idx');
    expect(raw.dtype).toBe('uint8');
    expect(raw.shape).toEqual([3, 4, 5]);
    expect(raw.toArray()).toEqual(expected.idx.images);
    const gz = await decodeIdx(fixture('idx/images-u8.idx.gz'), 'images-u8.idx.gz');
    expect(gz.toArray()).toEqual(expected.idx.images);
  });

  it('reads big-endian int32 and float32 element types', () => {
    const ints = parseIdx(fixture('idx/ints-i32.idx'));
    expect(ints.dtype).toBe('int32');
    expect(ints.toArray()).toEqual(expected.idx.ints);
    const floats = parseIdx(fixture('idx/floats-f32.idx'));
    expect(floats.dtype).toBe('float32');
    expect(Array.from(floats.data)).toEqual(expected.idx.floats);
  });

  it('rejects a wrong magic number, naming the file', () => {
    const bytes = fixture('idx/images-u8.idx');
    bytes[0] = 0x12;
    expect(() => parseIdx(bytes, 'x.idx')).toThrow(FormatError);
    expect(() => parseIdx(bytes, 'x.idx')).toThrow(/x\.idx: expected IDX magic starting 0x00 0x00, received 0x12 0x00/);
  });

  it('rejects an unknown type byte', () => {
    const bytes = fixture('idx/images-u8.idx');
    bytes[2] = 0x0a;
    expect(() => parseIdx(bytes, 'x.idx')).toThrow(/x\.idx: expected an IDX type byte of 0x08.*received 0x0a/);
  });

  it('rejects truncated data and headers, and trailing bytes', () => {
    const bytes = fixture('idx/images-u8.idx');
    expect(() => parseIdx(bytes.subarray(0, bytes.length - 1), 'x.idx')).toThrow(
      /x\.idx: truncated IDX data, expected 76 bytes for shape \[3, 4, 5\] of uint8, received 75/,
    );
    expect(() => parseIdx(bytes.subarray(0, 9), 'x.idx')).toThrow(/truncated IDX header, expected 16 bytes for 3 dimensions, received 9/);
    expect(() => parseIdx(bytes.subarray(0, 2), 'x.idx')).toThrow(/expected an IDX file of at least 4 bytes, received 2/);
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(() => parseIdx(longer, 'x.idx')).toThrow(/trailing bytes after IDX data/);
  });

  it('rejects corrupt and truncated gzip with a FormatError', async () => {
    const gz = fixture('idx/images-u8.idx.gz');
    await expect(decodeIdx(gz.subarray(0, gz.length - 10), 'cut.gz')).rejects.toThrow(FormatError);
    await expect(decodeIdx(gz.subarray(0, gz.length - 10), 'cut.gz')).rejects.toThrow(/cut\.gz: expected valid gzip data, but decompression failed/);
    const corrupt = gz.slice();
    corrupt[20] ^= 0xff;
    corrupt[30] ^= 0xff;
    await expect(decodeIdx(corrupt, 'bad.gz')).rejects.toThrow(/bad\.gz: expected valid gzip data/);
  });
});

describe('gunzip stops at the size the gzip trailer declares', () => {
  it('refuses a bomb whose trailer understates its size, before inflating it whole', async () => {
    const bomb = new Uint8Array(gzipSync(new Uint8Array(64 << 20))); // 64 MiB of zeros in ~64 KiB
    const honest = await gunzip(bomb, 'zeros.gz');
    expect(honest.length).toBe(64 << 20);
    const lying = bomb.slice();
    new DataView(lying.buffer).setUint32(lying.length - 4, 1000, true);
    await expect(gunzip(lying, 'bomb.gz')).rejects.toThrow(FormatError);
    await expect(gunzip(lying, 'bomb.gz')).rejects.toThrow(/bomb\.gz: decompresses to more than the 1000 bytes its container declares/);
  });

  it('also stops at the global cap, which names the setting that raises it', async () => {
    const zeros = new Uint8Array(gzipSync(new Uint8Array(4 << 20)));
    setMaxDecompressedBytes(1 << 20);
    try {
      await expect(gunzip(zeros, 'zeros.gz')).rejects.toThrow(/zeros\.gz: decompresses to more than 1048576 bytes, the limit set by setMaxDecompressedBytes\(\); raise it/);
    } finally {
      setMaxDecompressedBytes(2 ** 30);
    }
    expect((await gunzip(zeros, 'zeros.gz')).length).toBe(4 << 20);
    expect(() => setMaxDecompressedBytes(0)).toThrow(/setMaxDecompressedBytes\(bytes\): expected a positive integer, received 0/);
  });
});

