import { describe, expect, it } from 'vitest';
import { FormatError, ValueError } from '../../src/errors.js';
import { encodeNpy, parseNpy } from '../../src/data/npy.js';
import { npyToTensor } from '../../src/data/npy-tensor.js';
import { expected, fixture } from './fixtures.js';

function values(data: ArrayLike<unknown>): unknown[] {
  return Array.from(data, (v) => (typeof v === 'bigint' ? String(v) : v));
}

describe('parseNpy', () => {
  const numeric = ['u1', 'i4', 'i8', 'f4', 'f8', 'b1', 'be-i4', 'be-f8', 'fortran-f8', 'fortran-i4-3d', 'scalar-f8', 'empty-f4'];
  it.each(numeric)('round-trips %s.npy against numpy', (name) => {
    const array = parseNpy(fixture(`npy/${name}.npy`), `${name}.npy`);
    const want = expected.npy[name];
    expect(array.dtype).toBe(want.dtype);
    expect(array.shape).toEqual(want.shape);
    const got = values(array.data as ArrayLike<unknown>);
    if (name === 'f4') expect(got).toEqual(want.values.map((v: number) => Math.fround(v)));
    else if (name === 'b1') expect(got).toEqual(want.values.map((v: boolean) => (v ? 1 : 0)));
    else expect(got).toEqual(want.values);
  });

  it('reads format versions 2 and 3', () => {
    for (const v of ['v2', 'v3']) {
      const array = parseNpy(fixture(`npy/f8-${v}.npy`));
      expect(Array.from(array.data as Float64Array)).toEqual(expected.npy.f8.values);
    }
  });

  it.each(['object-lists', 'object-lists-p2', 'object-lists-p4', 'object-lists-p5', 'object-lists-py2'])(
    'reads object arrays of lists (%s) like numpy',
    (name) => {
      const array = parseNpy(fixture(`npy/${name}.npy`), name);
      expect(array.dtype).toBe('|O');
      expect(array.shape).toEqual([4]);
      expect(array.data).toEqual(expected.npy['object-lists'].values);
    },
  );

  it('reads object arrays holding numpy arrays', () => {
    const array = parseNpy(fixture('npy/object-ndarrays.npy'));
    const items = array.data as { kind: string; dtype: string; shape: number[] }[];
    expect(items.map((a) => [a.kind, a.dtype, a.shape])).toEqual([['ndarray', '<i8', [3]], ['ndarray', '<i8', [1]]]);
  });

  it('rejects unsupported dtypes, naming them', () => {
    expect(() => parseNpy(fixture('npy/bad-complex.npy'), 'c.npy')).toThrow(FormatError);
    expect(() => parseNpy(fixture('npy/bad-complex.npy'), 'c.npy')).toThrow(/c\.npy: unsupported dtype "<c16", expected one of b1, u1/);
    expect(() => parseNpy(fixture('npy/bad-structured.npy'), 's.npy')).toThrow(/s\.npy: unsupported dtype .*structured arrays are not supported/);
  });

  it('refuses pickles that name anything but numpy arrays', () => {
    expect(() => parseNpy(fixture('npy/bad-evil.npy'), 'evil.npy')).toThrow(FormatError);
    expect(() => parseNpy(fixture('npy/bad-evil.npy'), 'evil.npy')).toThrow(/evil\.npy: unsupported pickle global "os\.system"/);
    expect(() => parseNpy(fixture('npy/bad-dict.npy'), 'dict.npy')).toThrow(/dict\.npy: unsupported pickle opcode EMPTY_DICT \(0x7d '\}'\)/);
  });

  it('rejects a wrong magic, a bad version and truncation', () => {
    const good = fixture('npy/f8.npy');
    expect(() => parseNpy(fixture('idx/images-u8.idx'), 'x.npy')).toThrow(/x\.npy: expected \.npy magic 93 4e 55 4d 50 59 .*received 00 00 08 03/);
    expect(() => parseNpy(new Uint8Array(0), 'e.npy')).toThrow(/e\.npy: expected \.npy magic .*received an empty file/);
    const version = good.slice();
    version[6] = 9;
    expect(() => parseNpy(version, 'v.npy')).toThrow(/v\.npy: expected \.npy format version 1, 2 or 3, received 9\.0/);
    expect(() => parseNpy(good.subarray(0, 40), 't.npy')).toThrow(/t\.npy: truncated \.npy header, expected 118 header bytes, received 30/);
    expect(() => parseNpy(good.subarray(0, good.length - 3), 't.npy')).toThrow(/t\.npy: truncated array data, expected 24 bytes for shape \[1, 3\] of <f8, received 21/);
    const objects = fixture('npy/object-lists.npy');
    expect(() => parseNpy(objects.subarray(0, objects.length - 20), 'o.npy')).toThrow(/o\.npy: truncated pickle/);
  });

  // A version 1.0 .npy of '<f4' with the given shape literal and no data.
  const npy = (shape: string): Uint8Array => {
    let dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
    dict += ' '.repeat(63 - ((10 + dict.length) % 64)) + '\n';
    return Uint8Array.from([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0, dict.length & 0xff, dict.length >> 8, ...new TextEncoder().encode(dict)]);
  };

  it('refuses a header nested thousands deep with a FormatError, not a stack overflow', () => {
    for (const shape of ['('.repeat(5000), '['.repeat(5000), `${'{'.repeat(5000)}`]) {
      expect(() => parseNpy(npy(shape), 'deep.npy')).toThrow(FormatError);
      expect(() => parseNpy(npy(shape), 'deep.npy')).toThrow(/deep\.npy: malformed \.npy header, expected containers nested at most 32 deep/);
    }
  });

  it('rejects shapes that are not safe integers, even with a 0 dimension that makes the data empty', () => {
    expect(parseNpy(npy('(0, 7)'), 'ok.npy').shape).toEqual([0, 7]);
    for (const shape of ['(0, 100000000000000000000)', '(4294967296, 4294967296, 4294967296)', '(-1, 0)']) {
      expect(() => parseNpy(npy(shape), 's.npy'), shape).toThrow(FormatError);
      expect(() => parseNpy(npy(shape), 's.npy'), shape).toThrow(/s\.npy: expected a tuple of non-negative integers with a product below 2\^53 as the \.npy shape/);
    }
  });

  it('rejects a malformed header dict', () => {
    const good = fixture('npy/f8.npy');
    const text = new TextDecoder().decode(good.subarray(10, 20));
    expect(text).toBe("{'descr': ");
    const broken = good.slice();
    broken[10] = '['.charCodeAt(0);
    expect(() => parseNpy(broken, 'h.npy')).toThrow(FormatError);
    expect(() => parseNpy(broken, 'h.npy')).toThrow(/h\.npy: malformed \.npy header/);
  });
});

describe('npyToTensor', () => {
  it('maps numpy types onto uint8, int32 and float32 tensors', () => {
    expect(npyToTensor(parseNpy(fixture('npy/u1.npy')), 'u1').dtype).toBe('uint8');
    expect(npyToTensor(parseNpy(fixture('npy/b1.npy')), 'b1').toArray()).toEqual([1, 0, 1]);
    const i4 = npyToTensor(parseNpy(fixture('npy/be-i4.npy')), 'be-i4');
    expect([i4.dtype, i4.toArray()]).toEqual(['int32', [1, -2, 65536]]);
    const f8 = npyToTensor(parseNpy(fixture('npy/fortran-f8.npy')), 'f');
    expect([f8.dtype, f8.shape, f8.toArray()]).toEqual(['float32', [2, 3], [[0, 1, 2], [3, 4, 5]]]);
  });

  it('refuses int64 values outside int32 and object arrays', () => {
    expect(() => npyToTensor(parseNpy(fixture('npy/i8.npy')), 'i8.npy')).toThrow(ValueError);
    expect(() => npyToTensor(parseNpy(fixture('npy/i8.npy')), 'i8.npy')).toThrow(/i8\.npy: value 1099511627776 at position 3 does not fit int32/);
    expect(() => npyToTensor(parseNpy(fixture('npy/object-lists.npy')), 'o.npy')).toThrow(/o\.npy: expected a numeric array, received an object array/);
  });
});

describe('encodeNpy', () => {
  it('writes what parseNpy reads back: float32 and int32, any rank, header padded to 64 bytes', () => {
    const floats = Float32Array.from([1.5, -2, 3.25, 0, 7, -0.5]);
    for (const shape of [[6], [2, 3], [1, 2, 3]]) {
      const bytes = encodeNpy(floats, shape);
      expect((bytes[8]! + bytes[9]! * 256 + 10) % 64).toBe(0);
      expect(parseNpy(bytes)).toEqual({ dtype: '<f4', shape, data: floats });
    }
    const ints = Int32Array.from([0, 2, -1]);
    expect(parseNpy(encodeNpy(ints, [3]))).toEqual({ dtype: '<i4', shape: [3], data: ints });
  });
});
