import { FormatError } from '../errors.js';
import { elementCount } from './shape.js';

/**
 * A numpy array rebuilt from a pickle (`numpy.core.multiarray._reconstruct` plus BUILD). `data`
 * holds the elements of object arrays, or the raw bytes of numeric ones.
 */
export interface PickledArray {
  kind: 'ndarray';
  shape: number[];
  dtype: string;
  fortranOrder: boolean;
  data: PickleValue[] | Uint8Array;
}

/** A Python tuple, kept apart from lists so callers can tell `(1, 2)` from `[1, 2]`. */
export interface PickleTuple {
  kind: 'tuple';
  items: PickleValue[];
}

/** The values the supported subset of pickle can produce: plain data, never live objects. */
export type PickleValue = null | boolean | number | string | Uint8Array | PickleValue[] | PickleTuple | PickledArray | PickledDtype | PickledGlobal;

/** A `numpy.dtype` rebuilt from a pickle; only its type string and byte order are kept. */
export interface PickledDtype {
  kind: 'dtype';
  str: string;
  byteOrder: string;
}

/** A class or function a pickle names, as a name only; just the allow-listed ones are accepted. */
export interface PickledGlobal {
  kind: 'global';
  name: string;
}

type StackItem = PickleValue | typeof MARK;

const MARK = Symbol('mark');

/**
 * The only globals a pickle may name. Nothing is imported or called: REDUCE on these builds plain
 * data. numpy 2 moved `numpy.core` to `numpy._core`; Python 2 pickles say `__builtin__`.
 */
const RECONSTRUCT = new Set(['numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct']);
const NDARRAY = 'numpy.ndarray';
const DTYPE = 'numpy.dtype';
const LIST = new Set(['builtins.list', '__builtin__.list']);
/** Python 3 writing protocol 2 spells bytes as `_codecs.encode(text, 'latin1')`. */
const ENCODE = '_codecs.encode';
const ALLOWED = new Set([...RECONSTRUCT, NDARRAY, DTYPE, ...LIST, ENCODE]);

const OPCODE_NAMES: Record<number, string> = {
  0x28: 'MARK', 0x2e: 'STOP', 0x30: 'POP', 0x31: 'POP_MARK', 0x32: 'DUP', 0x46: 'FLOAT', 0x49: 'INT',
  0x4c: 'LONG', 0x50: 'PERSID', 0x51: 'BINPERSID', 0x53: 'STRING', 0x56: 'UNICODE', 0x61: 'APPEND',
  0x64: 'DICT', 0x67: 'GET', 0x69: 'INST', 0x6c: 'LIST', 0x6f: 'OBJ', 0x70: 'PUT', 0x73: 'SETITEM',
  0x75: 'SETITEMS', 0x7d: 'EMPTY_DICT', 0x81: 'NEWOBJ', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4',
  0x8f: 'EMPTY_SET', 0x90: 'ADDITEMS', 0x91: 'FROZENSET', 0x92: 'NEWOBJ_EX', 0x96: 'BYTEARRAY8',
  0x97: 'NEXT_BUFFER', 0x98: 'READONLY_BUFFER',
};

function opcodeName(op: number): string {
  const name = OPCODE_NAMES[op];
  const printable = op >= 0x20 && op < 0x7f ? ` '${String.fromCharCode(op)}'` : '';
  return `${name ?? 'unknown opcode'} (0x${op.toString(16).padStart(2, '0')}${printable})`;
}

/** The `kind` tag of tagged objects (tuples, arrays, dtypes, globals); undefined for plain values. */
function kindOf(item: StackItem | undefined): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item) || item instanceof Uint8Array) return undefined;
  return item.kind;
}

function isData(item: StackItem): item is PickleValue {
  return item !== MARK;
}

function intOf(value: PickleValue, what: string, file: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new FormatError(`${file}: expected an integer for ${what} in the pickle, received ${typeof value}`);
  return value;
}

function tupleOf(value: PickleValue | PickledGlobal, what: string, file: string): PickleValue[] {
  if (kindOf(value) === 'tuple') return (value as PickleTuple).items;
  throw new FormatError(`${file}: expected a tuple for ${what} in the pickle`);
}

/** A numpy dtype's string, e.g. `<i8`, rebuilt from `dtype('i8', False, True)` plus its state. */
function dtypeString(dtype: PickledDtype): string {
  const code = dtype.str;
  if (code === 'O8' || code === 'O4' || code === 'O') return '|O';
  const order = dtype.byteOrder === '=' ? '<' : dtype.byteOrder;
  return `${order}${code}`;
}

class Unpickler {
  private pos = 0;
  private stack: StackItem[] = [];
  private metastack: StackItem[][] = [];
  private memo = new Map<number, StackItem>();
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array, private readonly file: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) {
      throw new FormatError(`${this.file}: truncated pickle, expected ${n} more bytes at offset ${this.pos}, received ${this.bytes.length - this.pos}`);
    }
  }
  private u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }
  private u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  private u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  private i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  private u64(): number {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new FormatError(`${this.file}: pickle length ${v} is too large`);
    return Number(v);
  }
  private take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  private text(n: number): string {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(this.take(n));
    } catch (err) {
      if (err instanceof FormatError) throw err;
      throw new FormatError(`${this.file}: expected UTF-8 text in the pickle at offset ${this.pos}, received invalid bytes`);
    }
  }
  private line(): string {
    const end = this.bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw new FormatError(`${this.file}: truncated pickle, expected a newline-terminated name at offset ${this.pos}`);
    const out = new TextDecoder().decode(this.bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return out;
  }

  private pop(): StackItem {
    if (this.stack.length === 0) throw new FormatError(`${this.file}: malformed pickle, stack underflow at offset ${this.pos - 1}`);
    return this.stack.pop()!;
  }
  private popData(what: string): PickleValue {
    const item = this.pop();
    if (!isData(item)) throw new FormatError(`${this.file}: malformed pickle, expected a value for ${what} at offset ${this.pos - 1}`);
    return item;
  }
  private popMark(): PickleValue[] {
    const items = this.stack;
    const previous = this.metastack.pop();
    if (!previous) throw new FormatError(`${this.file}: malformed pickle, no MARK before offset ${this.pos - 1}`);
    this.stack = previous;
    for (const item of items) {
      if (!isData(item)) throw new FormatError(`${this.file}: malformed pickle, expected plain values after MARK`);
    }
    return items as PickleValue[];
  }
  private top(): StackItem {
    if (this.stack.length === 0) throw new FormatError(`${this.file}: malformed pickle, stack underflow at offset ${this.pos - 1}`);
    return this.stack[this.stack.length - 1]!;
  }
  private list(what: string): PickleValue[] {
    const target = this.top();
    if (!Array.isArray(target)) throw new FormatError(`${this.file}: malformed pickle, ${what} expects a list on the stack`);
    return target;
  }
  private global(name: string): PickledGlobal {
    if (!ALLOWED.has(name)) {
      throw new FormatError(`${this.file}: unsupported pickle global ${JSON.stringify(name)}; only numpy arrays of plain Python values can be read (allowed: ${[...ALLOWED].join(', ')})`);
    }
    return { kind: 'global', name };
  }
  private getMemo(index: number): StackItem {
    if (!this.memo.has(index)) throw new FormatError(`${this.file}: malformed pickle, memo entry ${index} read before it was written`);
    return this.memo.get(index)!;
  }

  private reduce(callable: StackItem, args: PickleValue[]): PickleValue {
    const name = kindOf(callable) === 'global' ? (callable as PickledGlobal).name : undefined;
    if (name !== undefined && RECONSTRUCT.has(name)) {
      const cls: StackItem | undefined = args[0];
      if (kindOf(cls) !== 'global' || (cls as PickledGlobal).name !== NDARRAY) {
        throw new FormatError(`${this.file}: unsupported pickle: _reconstruct is only read for numpy.ndarray`);
      }
      return { kind: 'ndarray', shape: [0], dtype: '', fortranOrder: false, data: [] };
    }
    if (name === DTYPE) {
      const code = args[0];
      if (typeof code !== 'string' && !(code instanceof Uint8Array)) throw new FormatError(`${this.file}: expected a dtype code string in the pickle`);
      return { kind: 'dtype', str: typeof code === 'string' ? code : new TextDecoder().decode(code), byteOrder: '|' };
    }
    if (name !== undefined && LIST.has(name)) {
      const source = args[0];
      if (source === undefined) return [];
      if (Array.isArray(source)) return [...source];
      if (kindOf(source) === 'tuple') return [...(source as PickleTuple).items];
      throw new FormatError(`${this.file}: unsupported pickle: list() of a non-sequence`);
    }
    if (name === ENCODE) {
      const [text, encoding] = args;
      if (typeof text !== 'string' || (encoding !== 'latin1' && encoding !== 'latin-1')) {
        throw new FormatError(`${this.file}: unsupported pickle: _codecs.encode is only read for latin1 text`);
      }
      return latin1(text);
    }
    throw new FormatError(`${this.file}: unsupported pickle REDUCE on ${name ?? 'a non-global'}; only numpy._reconstruct, numpy.dtype, list and _codecs.encode can be rebuilt`);
  }

  private build(target: StackItem, state: PickleValue): void {
    if (typeof target !== 'object' || target === null || Array.isArray(target) || target instanceof Uint8Array) {
      throw new FormatError(`${this.file}: unsupported pickle BUILD on a plain value`);
    }
    if (target.kind === 'dtype') {
      const items = tupleOf(state, 'dtype state', this.file);
      const order = items[1];
      if (typeof order === 'string') target.byteOrder = order;
      else if (order instanceof Uint8Array) {
        // numpy's byte order is one character ('<', '>', '|' or '='); anything longer is not a dtype.
        if (order.length !== 1) throw new FormatError(`${this.file}: expected a one-character numpy dtype byte order, received ${order.length} bytes`);
        target.byteOrder = String.fromCharCode(order[0]!);
      }
      return;
    }
    if (target.kind === 'ndarray') {
      const items = tupleOf(state, 'ndarray state', this.file);
      if (items.length !== 5) throw new FormatError(`${this.file}: expected a 5-item ndarray state in the pickle, received ${items.length} items`);
      const [, shape, dtype, fortran, data] = items;
      target.shape = tupleOf(shape!, 'ndarray shape', this.file).map((d) => intOf(d, 'an ndarray dimension', this.file));
      if (typeof dtype !== 'object' || dtype === null || Array.isArray(dtype) || dtype instanceof Uint8Array || dtype.kind !== 'dtype') {
        throw new FormatError(`${this.file}: expected a numpy.dtype in the ndarray state`);
      }
      target.dtype = dtypeString(dtype);
      target.fortranOrder = fortran === true;
      if (Array.isArray(data)) target.data = data;
      else if (data instanceof Uint8Array) target.data = data;
      else if (typeof data === 'string') target.data = latin1(data);
      else throw new FormatError(`${this.file}: expected a list or bytes as ndarray data in the pickle`);
      this.checkSize(target);
      return;
    }
    throw new FormatError(`${this.file}: unsupported pickle BUILD on a ${target.kind}`);
  }

  /** numpy's __setstate__ refuses data that does not fill the shape exactly, and so does this. */
  private checkSize(array: PickledArray): void {
    const shape = `[${array.shape.join(', ')}]`;
    const count = elementCount(array.shape);
    if (count === undefined) {
      throw new FormatError(`${this.file}: expected non-negative ndarray dimensions with a product below 2^53 in the pickle, received ${shape}`);
    }
    if (Array.isArray(array.data)) {
      if (array.data.length !== count) throw new FormatError(`${this.file}: a pickled ndarray of shape ${shape} holds ${array.data.length} items, expected ${count}`);
      return;
    }
    // Numeric dtypes ('<f8', '|u1', '|b1') name their item size in bytes; others are left to the decoder.
    const itemBytes = Number(/^[<>|=]?[iufb](\d+)$/.exec(array.dtype)?.[1]);
    if (Number.isInteger(itemBytes) && array.data.length !== count * itemBytes) {
      throw new FormatError(`${this.file}: a pickled ndarray of shape ${shape} and dtype ${array.dtype} holds ${array.data.length} bytes, expected ${count * itemBytes}`);
    }
  }

  run(): PickleValue {
    for (;;) {
      const at = this.pos;
      const op = this.u8();
      switch (op) {
        case 0x80: { // PROTO
          const version = this.u8();
          if (version > 5) throw new FormatError(`${this.file}: expected pickle protocol 0-5, received ${version}`);
          break;
        }
        case 0x95: this.need(8); this.pos += 8; break; // FRAME: framing is only a read-ahead hint
        case 0x2e: { // STOP
          const result = this.pop();
          if (!isData(result)) throw new FormatError(`${this.file}: malformed pickle, its result is not a value`);
          return result;
        }
        case 0x28: this.metastack.push(this.stack); this.stack = []; break; // MARK
        case 0x4e: this.stack.push(null); break; // NONE
        case 0x88: this.stack.push(true); break; // NEWTRUE
        case 0x89: this.stack.push(false); break; // NEWFALSE
        case 0x4b: this.stack.push(this.u8()); break; // BININT1
        case 0x4d: this.stack.push(this.u16()); break; // BININT2
        case 0x4a: this.stack.push(this.i32()); break; // BININT
        case 0x8a: this.stack.push(this.long(this.u8())); break; // LONG1
        case 0x8b: this.stack.push(this.long(this.u32())); break; // LONG4
        case 0x47: { // BINFLOAT
          this.need(8);
          this.stack.push(this.view.getFloat64(this.pos, false));
          this.pos += 8;
          break;
        }
        case 0x8c: this.stack.push(this.text(this.u8())); break; // SHORT_BINUNICODE
        case 0x58: this.stack.push(this.text(this.u32())); break; // BINUNICODE
        case 0x8d: this.stack.push(this.text(this.u64())); break; // BINUNICODE8
        case 0x43: this.stack.push(this.take(this.u8())); break; // SHORT_BINBYTES
        case 0x42: this.stack.push(this.take(this.u32())); break; // BINBYTES
        case 0x8e: this.stack.push(this.take(this.u64())); break; // BINBYTES8
        // Python 2 `str` (numpy decodes these as latin-1 bytes); Keras' older .npz files use them.
        case 0x55: this.stack.push(this.take(this.u8())); break; // SHORT_BINSTRING
        case 0x54: { // BINSTRING
          const length = this.i32();
          if (length < 0) throw new FormatError(`${this.file}: malformed pickle, negative BINSTRING length ${length} at offset ${at}`);
          this.stack.push(this.take(length));
          break;
        }
        case 0x5d: this.stack.push([]); break; // EMPTY_LIST
        case 0x29: this.stack.push({ kind: 'tuple', items: [] }); break; // EMPTY_TUPLE
        // popMark() swaps this.stack, so take the items before reading this.stack to push.
        case 0x6c: { // LIST
          const items = this.popMark();
          this.stack.push(items);
          break;
        }
        case 0x74: { // TUPLE
          const items = this.popMark();
          this.stack.push({ kind: 'tuple', items });
          break;
        }
        case 0x85: case 0x86: case 0x87: { // TUPLE1, TUPLE2, TUPLE3
          const n = op - 0x84;
          const items: PickleValue[] = [];
          for (let i = 0; i < n; i++) items.unshift(this.popData('a tuple item'));
          this.stack.push({ kind: 'tuple', items });
          break;
        }
        case 0x61: { // APPEND
          const value = this.popData('APPEND');
          this.list('APPEND').push(value);
          break;
        }
        case 0x65: { // APPENDS
          const values = this.popMark();
          const target = this.list('APPENDS');
          for (const v of values) target.push(v);
          break;
        }
        case 0x63: { // GLOBAL
          const module = this.line();
          this.stack.push(this.global(`${module}.${this.line()}`));
          break;
        }
        case 0x93: { // STACK_GLOBAL
          const name = this.popData('STACK_GLOBAL');
          const module = this.popData('STACK_GLOBAL');
          if (typeof name !== 'string' || typeof module !== 'string') throw new FormatError(`${this.file}: malformed pickle, STACK_GLOBAL expects two strings`);
          this.stack.push(this.global(`${module}.${name}`));
          break;
        }
        case 0x52: { // REDUCE
          const args = tupleOf(this.popData('REDUCE arguments'), 'REDUCE arguments', this.file);
          this.stack.push(this.reduce(this.pop(), args));
          break;
        }
        case 0x62: { // BUILD
          const state = this.popData('BUILD state');
          this.build(this.top(), state);
          break;
        }
        case 0x94: this.memo.set(this.memo.size, this.top()); break; // MEMOIZE
        case 0x71: this.memo.set(this.u8(), this.top()); break; // BINPUT
        case 0x72: this.memo.set(this.u32(), this.top()); break; // LONG_BINPUT
        case 0x68: this.stack.push(this.getMemo(this.u8())); break; // BINGET
        case 0x6a: this.stack.push(this.getMemo(this.u32())); break; // LONG_BINGET
        default:
          throw new FormatError(`${this.file}: unsupported pickle opcode ${opcodeName(op)} at offset ${at}; only numpy arrays of plain Python values can be read`);
      }
    }
  }

  /** Two's-complement little-endian integers (LONG1/LONG4), kept only while exactly representable. */
  private long(n: number): number {
    const b = this.take(n);
    // Bytes above the 8th are sign extension (all 0x00 or all 0xff) for any value in range; a
    // linear scan rejects the rest before any BigInt arithmetic, which is quadratic in the length.
    const negative = n > 0 && (b[n - 1]! & 0x80) !== 0;
    let significant = n;
    while (significant > 0 && b[significant - 1] === (negative ? 0xff : 0x00)) significant--;
    if (significant > 8) throw new FormatError(`${this.file}: pickle integer of ${n} bytes is outside JavaScript's exact integer range`);
    const k = Math.min(n, 8);
    let v = 0n;
    for (let i = k - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (negative) v -= 1n << BigInt(8 * k);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new FormatError(`${this.file}: pickle integer ${v} is outside JavaScript's exact integer range`);
    }
    return Number(v);
  }
}

function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/**
 * Reads the subset of Python's pickle protocol that numpy uses for object arrays (as in Keras'
 * imdb.npz and reuters.npz). It interprets opcodes as data and never executes anything; any
 * opcode or global outside that subset is a FormatError.
 */
export function unpickle(bytes: Uint8Array, file = '<pickle bytes>'): PickleValue {
  return new Unpickler(bytes, file).run();
}
