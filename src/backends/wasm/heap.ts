// The one owner of an instance's linear memory on the TypeScript side: allocation, the typed-array
// views over it, and the structs assembly/ declares. As tfjs-backend-wasm funnels every heap write
// through one object, no other file turns an address into a view or knows an element's byte size.
import { StateError } from '../../errors.js';
import type { WasmMemory } from '../../platform-types.js';

/** What a heap needs of an instance: its memory and its allocator (assembly/memory.ts). */
export interface HeapExports {
  memory: WasmMemory;
  alloc(bytes: number): number;
  free(ptr: number): void;
}

/** A struct layout generated from an `@unmanaged class` of assembly/ (boundary.generated.ts). */
export interface StructLayout {
  readonly size: number;
  readonly fields: Readonly<Record<string, { readonly offset: number; readonly type: 'f64' | 'f32' | 'i32' | 'u32' | 'u8' }>>;
}

const F32_BYTES = Float32Array.BYTES_PER_ELEMENT;

export class WasmHeap {
  constructor(private readonly exports: HeapExports) {}

  /** The address `elements` f32 (or i32) elements past `ptr`: a block of a buffer handed to a kernel. */
  static f32Address(ptr: number, elements: number): number {
    return ptr + elements * F32_BYTES;
  }

  /** `count` f32 (or i32) elements' worth of bytes. */
  static f32Bytes(count: number): number {
    return count * F32_BYTES;
  }

  /** Allocates `bytes` (16-byte aligned); throws a StateError naming `what` when memory runs out. */
  alloc(bytes: number, what: string): number {
    const ptr = this.exports.alloc(bytes);
    if (!ptr) throw new StateError(`${what}: the Wasm core is out of memory allocating ${bytes} bytes`);
    return ptr;
  }

  free(ptr: number): void {
    this.exports.free(ptr);
  }

  // Views are made on every call: growing memory detaches the ArrayBuffer older views were made on.
  /** `length` f32 elements from `ptr`, starting `offset` elements in. */
  f32(ptr: number, length: number, offset = 0): Float32Array {
    return new Float32Array(this.exports.memory.buffer, WasmHeap.f32Address(ptr, offset), length);
  }

  /** `length` i32 elements from `ptr`, starting `offset` elements in. */
  i32(ptr: number, length: number, offset = 0): Int32Array {
    return new Int32Array(this.exports.memory.buffer, WasmHeap.f32Address(ptr, offset), length);
  }

  f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.exports.memory.buffer, ptr, length);
  }

  /** Copies a typed array into a fresh block; returns its address. */
  copyIn(data: Float32Array | Float64Array | Int32Array | Uint8Array, what: string): number {
    const ptr = this.alloc(Math.max(1, data.byteLength), what);
    new Uint8Array(this.exports.memory.buffer, ptr, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return ptr;
  }
}

/**
 * A struct whose fields are all f64 as slot indices into one Float64Array over it (the layout's
 * byte offsets divided by 8); throws when a field is not an f64.
 */
export function f64Slots<L extends StructLayout>(layout: L): Record<keyof L['fields'] & string, number> {
  const slots: Record<string, number> = {};
  for (const [name, field] of Object.entries(layout.fields)) {
    if (field.type !== 'f64') throw new StateError(`f64Slots: field ${name} is ${field.type}, not f64`);
    slots[name] = field.offset / Float64Array.BYTES_PER_ELEMENT;
  }
  return slots as Record<keyof L['fields'] & string, number>;
}
