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
