// The arena lives in Wasm linear memory and is managed by AssemblyScript's TLSF allocator, so a
// model's weights, gradients and optimizer slots stay here for the model's lifetime and can be
// returned individually on dispose.

/** Allocates `bytes` bytes, 16-byte aligned so f32x4 loads never straddle cache lines needlessly. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function free(ptr: usize): void {
  heap.free(ptr);
}

// A fixed pattern after each scratch block: a kernel that writes past the space it asked for
// changes it, which `intact()` reports (gemm.ts' scratchIntact(), checked by the tests), instead
// of silently overwriting the allocator's header of the next block.
const GUARD_BYTES: usize = 64;
const GUARD: u8 = 0xa5;

/** Scratch space that grows to the largest size asked for and is kept for reuse (GEMM packing). */
export class Scratch {
  ptr: usize = 0;
  bytes: usize = 0;

  ensure(bytes: usize): usize {
    if (this.ptr == 0 || bytes > this.bytes) {
      if (this.ptr) heap.free(this.ptr);
      this.ptr = heap.alloc(bytes + GUARD_BYTES);
      this.bytes = bytes;
      memory.fill(this.ptr + bytes, GUARD, GUARD_BYTES);
    }
    return this.ptr;
  }

  /** Whether the guard after the block still holds its pattern (true before the first ensure). */
  intact(): bool {
    for (let i: usize = 0; i < GUARD_BYTES && this.ptr != 0; i++) {
      if (load<u8>(this.ptr + this.bytes + i) != GUARD) return false;
    }
    return true;
  }
}

/** Current size of linear memory in bytes, for the leak tests. */
export function memoryBytes(): usize {
  return <usize>memory.size() << 16;
}
