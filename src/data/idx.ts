import { FormatError } from '../errors.js';
import { Tensor } from '../tensor.js';
import { maybeGunzip } from './compression.js';

/**
 * IDX element types (the third magic byte). Tensors hold only uint8, int32 and float32, so the
 * narrower integer types widen to int32 and float64 narrows to float32.
 */
const TYPES: Record<number, { name: string; bytes: number; read: (view: DataView, at: number) => number; dtype: 'uint8' | 'int32' | 'float32' }> = {
  0x08: { name: 'uint8', bytes: 1, read: (v, at) => v.getUint8(at), dtype: 'uint8' },
  0x09: { name: 'int8', bytes: 1, read: (v, at) => v.getInt8(at), dtype: 'int32' },
  0x0b: { name: 'int16', bytes: 2, read: (v, at) => v.getInt16(at, false), dtype: 'int32' },
  0x0c: { name: 'int32', bytes: 4, read: (v, at) => v.getInt32(at, false), dtype: 'int32' },
  0x0d: { name: 'float32', bytes: 4, read: (v, at) => v.getFloat32(at, false), dtype: 'float32' },
  0x0e: { name: 'float64', bytes: 8, read: (v, at) => v.getFloat64(at, false), dtype: 'float32' },
};

function hex(n: number): string {
  return `0x${n.toString(16).padStart(2, '0')}`;
}

/**
 * Parses an uncompressed IDX file (the MNIST format: two zero bytes, a type byte, a rank byte,
 * big-endian uint32 dimensions, then big-endian values). `file` names the source in errors.
 */
export function parseIdx(bytes: Uint8Array, file = '<idx bytes>'): Tensor {
  if (bytes.length < 4) {
    throw new FormatError(`${file}: expected an IDX file of at least 4 bytes, received ${bytes.length} bytes`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new FormatError(`${file}: expected IDX magic starting 0x00 0x00, received ${hex(bytes[0]!)} ${hex(bytes[1]!)} (not an IDX file)`);
  }
  const type = TYPES[bytes[2]!];
  if (!type) {
    throw new FormatError(`${file}: expected an IDX type byte of 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e, received ${hex(bytes[2]!)}`);
  }
  const rank = bytes[3]!;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new FormatError(`${file}: truncated IDX header, expected ${headerBytes} bytes for ${rank} dimensions, received ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * type.bytes;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'truncated IDX data' : 'trailing bytes after IDX data';
    throw new FormatError(`${file}: ${what}, expected ${expected} bytes for shape [${shape.join(', ')}] of ${type.name}, received ${bytes.length}`);
  }
  if (type.dtype === 'uint8') {
    // Copy so the tensor owns a compact buffer rather than pinning the whole decompressed file.
    return new Tensor(bytes.slice(headerBytes, expected), shape);
  }
  const out = type.dtype === 'int32' ? new Int32Array(count) : new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = type.read(view, headerBytes + i * type.bytes);
  return new Tensor(out, shape);
}

/** Parses IDX bytes that may be gzipped (detected by the gzip magic). */
export async function decodeIdx(bytes: Uint8Array, file = '<idx bytes>'): Promise<Tensor> {
  return parseIdx(await maybeGunzip(bytes, file), file);
}
