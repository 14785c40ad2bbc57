import { FormatError, describe } from '../errors.js';
import { elementCount } from './shape.js';
import { unpickle, type PickleValue, type PickledArray } from './pickle.js';
import { parsePyLiteral } from './python-literal.js';

/** Element storage per numpy type; 64-bit integers stay BigInt so no value is silently rounded. */
export type NpyData =
  | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array
  | BigInt64Array | BigUint64Array | Float32Array | Float64Array | PickleValue[];

/** An array read from .npy, always in C (row-major) order. */
export interface NpyArray {
  /** numpy's type string as written in the file, e.g. `'<f8'`, `'|u1'`, `'|O'`. */
  dtype: string;
  shape: number[];
  data: NpyData;
}

interface NumericType {
  bytes: number;
  make(n: number): Exclude<NpyData, PickleValue[]>;
  set(out: Exclude<NpyData, PickleValue[]>, i: number, view: DataView, at: number, little: boolean): void;
}

function numeric<T extends Exclude<NpyData, PickleValue[]>>(bytes: number, make: (n: number) => T, read: (view: DataView, at: number, little: boolean) => number | bigint): NumericType {
  return {
    bytes,
    make,
    set: (out, i, view, at, little) => {
      (out as unknown as (number | bigint)[])[i] = read(view, at, little);
    },
  };
}

const NUMERIC: Record<string, NumericType> = {
  b1: numeric(1, (n) => new Uint8Array(n), (v, at) => (v.getUint8(at) === 0 ? 0 : 1)),
  u1: numeric(1, (n) => new Uint8Array(n), (v, at) => v.getUint8(at)),
  i1: numeric(1, (n) => new Int8Array(n), (v, at) => v.getInt8(at)),
  u2: numeric(2, (n) => new Uint16Array(n), (v, at, le) => v.getUint16(at, le)),
  i2: numeric(2, (n) => new Int16Array(n), (v, at, le) => v.getInt16(at, le)),
  u4: numeric(4, (n) => new Uint32Array(n), (v, at, le) => v.getUint32(at, le)),
  i4: numeric(4, (n) => new Int32Array(n), (v, at, le) => v.getInt32(at, le)),
  u8: numeric(8, (n) => new BigUint64Array(n), (v, at, le) => v.getBigUint64(at, le)),
  i8: numeric(8, (n) => new BigInt64Array(n), (v, at, le) => v.getBigInt64(at, le)),
  f4: numeric(4, (n) => new Float32Array(n), (v, at, le) => v.getFloat32(at, le)),
  f8: numeric(8, (n) => new Float64Array(n), (v, at, le) => v.getFloat64(at, le)),
};

const SUPPORTED = 'b1, u1, i1, u2, i2, u4, i4, u8, i8, f4, f8 (any byte order) and |O';

/** Splits `'<f8'` into byte order and type code; `=` and `|` mean native/irrelevant. */
function splitDtype(descr: string): { little: boolean; code: string } {
  const order = descr[0]!;
  if (order === '<' || order === '>' || order === '|' || order === '=') {
    return { little: order !== '>', code: descr.slice(1) };
  }
  return { little: true, code: descr };
}

/** Index permutation that turns Fortran-ordered storage into C order. */
function fortranToC<T>(get: (i: number) => T, set: (i: number, v: T) => void, shape: number[]): void {
  const rank = shape.length;
  const size = shape.reduce((a, b) => a * b, 1);
  const fStrides: number[] = [];
  let stride = 1;
  for (let d = 0; d < rank; d++) {
    fStrides.push(stride);
    stride *= shape[d]!;
  }
  const index = new Array<number>(rank).fill(0);
  for (let c = 0; c < size; c++) {
    let f = 0;
    for (let d = 0; d < rank; d++) f += index[d]! * fStrides[d]!;
    set(c, get(f));
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
}

/** Decodes raw numeric element bytes (also used for numeric arrays inside pickles). */
export function decodeNumeric(body: Uint8Array, descr: string, shape: number[], fortranOrder: boolean, file: string): NpyData {
  const { little, code } = splitDtype(descr);
  const type = NUMERIC[code];
  if (!type) throw new FormatError(`${file}: unsupported dtype ${JSON.stringify(descr)}, expected one of ${SUPPORTED}`);
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * type.bytes;
  if (body.length < expected) {
    throw new FormatError(`${file}: truncated array data, expected ${expected} bytes for shape [${shape.join(', ')}] of ${descr}, received ${body.length}`);
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const raw = type.make(count);
  if (code === 'u1') (raw as Uint8Array).set(body.subarray(0, count));
  else for (let i = 0; i < count; i++) type.set(raw, i, view, i * type.bytes, little);
  if (!fortranOrder || shape.length < 2) return raw;
  const out = type.make(count) as unknown as (number | bigint)[];
  const src = raw as unknown as (number | bigint)[];
  fortranToC((i) => src[i]!, (i, v) => { out[i] = v; }, shape);
  return out as unknown as NpyData;
}

function header(bytes: Uint8Array, file: string): { descr: string; fortranOrder: boolean; shape: number[]; offset: number } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) {
    const got = Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new FormatError(`${file}: expected .npy magic 93 4e 55 4d 50 59 ("\\x93NUMPY"), received ${got || 'an empty file'}`);
  }
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new FormatError(`${file}: expected .npy format version 1, 2 or 3, received ${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw new FormatError(`${file}: truncated .npy header`);
  const length = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthBytes;
  if (bytes.length < start + length) {
    throw new FormatError(`${file}: truncated .npy header, expected ${length} header bytes, received ${bytes.length - start}`);
  }
  // Versions 1 and 2 are latin-1, version 3 is UTF-8; the header keys are ASCII either way.
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + length)).trim();
  const dict = parsePyLiteral(text, file);
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) throw new FormatError(`${file}: expected a dict in the .npy header, received ${text}`);
  const { descr, fortran_order: fortran, shape } = dict;
  if (typeof descr !== 'string') {
    throw new FormatError(`${file}: unsupported dtype ${JSON.stringify(descr)} (structured arrays are not supported), expected one of ${SUPPORTED}`);
  }
  if (typeof fortran !== 'boolean') throw new FormatError(`${file}: expected fortran_order True or False in the .npy header`);
  if (!Array.isArray(shape) || elementCount(shape) === undefined) {
    throw new FormatError(`${file}: expected a tuple of non-negative integers with a product below 2^53 as the .npy shape, received ${describe(shape)}`);
  }
  return { descr, fortranOrder: fortran, shape: shape as number[], offset: start + length };
}

function objectArray(body: Uint8Array, shape: number[], fortranOrder: boolean, file: string): PickleValue[] {
  const value = unpickle(body, file);
  const array = value as PickledArray;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array || value.kind !== 'ndarray' || !Array.isArray(array.data)) {
    throw new FormatError(`${file}: expected a pickled numpy object array after the .npy header`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (array.data.length !== count) {
    throw new FormatError(`${file}: expected ${count} objects for shape [${shape.join(', ')}], received ${array.data.length}`);
  }
  if (!fortranOrder || shape.length < 2) return array.data;
  const out = new Array<PickleValue>(count);
  const src = array.data;
  fortranToC((i) => src[i]!, (i, v) => { out[i] = v; }, shape);
  return out;
}

/**
 * Parses a .npy file (format versions 1-3). Object arrays (`|O`) are read through the restricted
 * unpickler, which accepts only numpy arrays of plain Python values.
 */
export function parseNpy(bytes: Uint8Array, file = '<npy bytes>'): NpyArray {
  const { descr, fortranOrder, shape, offset } = header(bytes, file);
  const body = bytes.subarray(offset);
  if (splitDtype(descr).code === 'O') return { dtype: descr, shape, data: objectArray(body, shape, fortranOrder, file) };
  return { dtype: descr, shape, data: decodeNumeric(body, descr, shape, fortranOrder, file) };
}

/**
 * A .npy file (format 1.0) of a float32 or int32 array, little-endian and C order, as numpy.save
 * writes it: the header is padded with spaces to a multiple of 64 bytes and ends in a newline.
 */
export function encodeNpy(data: Float32Array | Int32Array, shape: readonly number[]): Uint8Array {
  const descr = data instanceof Float32Array ? '<f4' : '<i4';
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const preamble = 10;
  const padded = Math.ceil((preamble + dict.length + 1) / 64) * 64;
  const headerText = dict.padEnd(padded - preamble - 1, ' ') + '\n';
  const out = new Uint8Array(padded + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, headerText.length, true);
  out.set(new TextEncoder().encode(headerText), preamble);
  const body = new DataView(out.buffer, padded);
  data.forEach((value, i) => (data instanceof Float32Array ? body.setFloat32(i * 4, value, true) : body.setInt32(i * 4, value, true)));
  return out;
}
