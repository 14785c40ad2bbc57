import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { unpickle } from '../../src/data/pickle.js';

const bytes = (...parts: (number | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'number' ? [p] : Array.from(p, (c) => c.charCodeAt(0)))));

describe('unpickle', () => {
  it('reads lists, ints of every width, strings, tuples, booleans and None', () => {
    // PROTO 4, EMPTY_LIST, MEMOIZE, MARK, BININT1 7, BININT2 300, BININT -5, LONG1 2**40,
    // SHORT_BINUNICODE 'hé', NONE, NEWTRUE, APPENDS, STOP
    const data = bytes(0x80, 4, ']', 0x94, '(', 'K', 7, 'M', 0x2c, 0x01, 'J', 0xfb, 0xff, 0xff, 0xff,
      0x8a, 6, 0, 0, 0, 0, 0, 1, 0x8c, 3, 'h', 0xc3, 0xa9, 'N', 0x88, 'e', '.');
    expect(unpickle(data)).toEqual([7, 300, -5, 2 ** 40, 'hé', null, true]);
  });

  it('shares memoized objects like Python does', () => {
    // EMPTY_LIST, BINPUT 0, BINGET 0, APPEND (a list inside itself is not needed; append a copy ref)
    const data = bytes(0x80, 2, ']', 'q', 0, ']', 'h', 0, 'a', '.');
    const out = unpickle(data) as unknown[];
    expect(out).toHaveLength(1);
    expect(out[0]).toEqual([]);
  });

  it('refuses unsupported opcodes, naming them and the offset', () => {
    expect(() => unpickle(bytes(0x80, 2, '}', '.'), 'f.pkl')).toThrow(FormatError);
    expect(() => unpickle(bytes(0x80, 2, '}', '.'), 'f.pkl')).toThrow(/f\.pkl: unsupported pickle opcode EMPTY_DICT \(0x7d '\}'\) at offset 2/);
    expect(() => unpickle(bytes(0x80, 2, 'I', '1', '\n', '.'), 'f.pkl')).toThrow(/unsupported pickle opcode INT \(0x49 'I'\)/);
    expect(() => unpickle(bytes(0x80, 2, 0x81, '.'), 'f.pkl')).toThrow(/unsupported pickle opcode NEWOBJ \(0x81\)/);
    expect(() => unpickle(bytes(0xff), 'f.pkl')).toThrow(/unsupported pickle opcode unknown opcode \(0xff\)/);
  });

  it('refuses globals outside the allow list, by GLOBAL and STACK_GLOBAL', () => {
    expect(() => unpickle(bytes('c', 'builtins\neval\n', '.'), 'g.pkl')).toThrow(/g\.pkl: unsupported pickle global "builtins\.eval"/);
    const stack = bytes(0x80, 4, 0x8c, 10, 'subprocess', 0x8c, 5, 'Popen', 0x93, '.');
    expect(() => unpickle(stack, 'g.pkl')).toThrow(/unsupported pickle global "subprocess\.Popen"/);
  });

  it('refuses REDUCE on allowed globals with the wrong arguments', () => {
    // _reconstruct(list, ...) instead of numpy.ndarray
    const data = bytes('c', 'numpy.core.multiarray\n_reconstruct\n', 'c', 'builtins\nlist\n', 0x85, 'R', '.');
    expect(() => unpickle(data, 'r.pkl')).toThrow(/r\.pkl: unsupported pickle: _reconstruct is only read for numpy\.ndarray/);
  });

  it('reports truncation and malformed streams', () => {
    expect(() => unpickle(bytes(0x80, 2, 'K'), 't.pkl')).toThrow(/t\.pkl: truncated pickle, expected 1 more bytes at offset 3, received 0/);
    expect(() => unpickle(bytes(0x80, 2, ']'), 't.pkl')).toThrow(/t\.pkl: truncated pickle/);
    expect(() => unpickle(bytes(0x80, 2, 'e', '.'), 'm.pkl')).toThrow(/m\.pkl: malformed pickle, no MARK/);
    expect(() => unpickle(bytes(0x80, 2, 'h', 3, '.'), 'm.pkl')).toThrow(/m\.pkl: malformed pickle, memo entry 3 read before it was written/);
    expect(() => unpickle(bytes(0x80, 9, '.'), 'p.pkl')).toThrow(/p\.pkl: expected pickle protocol 0-5, received 9/);
  });
});

describe('unpickle: hostile inputs end in a FormatError at once', () => {
  const u32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

  it('refuses a huge LONG4 integer after one linear scan (BigInt parsing of it was quadratic)', () => {
    const huge = new Uint8Array(7 + 400_000);
    huge.set([0x80, 2, 0x8b, ...u32(400_000)]);
    huge.fill(1, 7);
    const data = Uint8Array.from([...huge, 0x2e]);
    expect(() => unpickle(data, 'h.pkl')).toThrow(FormatError);
    expect(() => unpickle(data, 'h.pkl')).toThrow(/h\.pkl: pickle integer of 400000 bytes is outside JavaScript's exact integer range/);
  });

  it('still reads long integers padded with sign bytes', () => {
    // LONG1 of 10 bytes: 5 then nine 0x00; -2 as 0xfe then nine 0xff
    expect(unpickle(bytes(0x80, 2, 0x8a, 10, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, '.'))).toBe(5);
    expect(unpickle(bytes(0x80, 2, 0x8a, 10, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, '.'))).toBe(-2);
    expect(() => unpickle(bytes(0x80, 2, 0x8a, 9, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, '.'))).toThrow(/outside JavaScript's exact integer range/);
  });

  it('refuses a numpy.dtype whose byte order is not one character (3 MB of it overflowed the call stack)', () => {
    // GLOBAL numpy.dtype, ('f8',) REDUCE, then BUILD with the state (3, <3 MB of bytes>, None)
    const order = new Uint8Array(3_000_000).fill(0x3c);
    const head = bytes(0x80, 2, 'c', 'numpy\ndtype\n', 0x8c, 2, 'f8', 0x85, 'R', 'K', 3, 'B', ...u32(order.length));
    const data = Uint8Array.from([...head, ...order, ...bytes('N', 0x87, 'b', '.')]);
    expect(() => unpickle(data, 'd.pkl')).toThrow(FormatError);
    expect(() => unpickle(data, 'd.pkl')).toThrow(/d\.pkl: expected a one-character numpy dtype byte order, received 3000000 bytes/);
  });

  it('refuses a pickled ndarray whose data does not fill its shape, as numpy does', () => {
    // _reconstruct(ndarray, (0,), b'b'), then BUILD (1, (3,), dtype, False, data)
    const array = (dtype: string, ...data: (number | string)[]): Uint8Array => bytes(0x80, 2,
      'c', 'numpy.core.multiarray\n_reconstruct\n', 'c', 'numpy\nndarray\n', 'K', 0, 0x85, 'C', 1, 'b', 0x87, 'R',
      '(', 'K', 1, 'K', 3, 0x85, 'c', 'numpy\ndtype\n', 0x8c, dtype.length, dtype, 0x85, 'R', 0x89, ...data, 't', 'b', '.');
    expect(() => unpickle(array('O8', ']', '(', 'K', 1, 'K', 2, 'e'), 'a.pkl')).toThrow(/a\.pkl: a pickled ndarray of shape \[3\] holds 2 items, expected 3/);
    expect(() => unpickle(array('f8', 'C', 16, ...new Array<number>(16).fill(0)), 'b.pkl')).toThrow(/b\.pkl: a pickled ndarray of shape \[3\] and dtype \S*f8 holds 16 bytes, expected 24/);
    expect((unpickle(array('O8', ']', '(', 'K', 1, 'K', 2, 'K', 3, 'e'), 'c.pkl') as { data: unknown[] }).data).toEqual([1, 2, 3]);
  });
});
