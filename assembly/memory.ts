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

/** Scratch space that grows to the largest size asked for and is kept for reuse (GEMM packing). */
export class Scratch {
  ptr: usize = 0;
  bytes: usize = 0;

  ensure(bytes: usize): usize {
    if (bytes > this.bytes) {
      if (this.ptr) heap.free(this.ptr);
      this.ptr = heap.alloc(bytes);
      this.bytes = bytes;
    }
    return this.ptr;
  }
}

/** Current size of linear memory in bytes, for the leak tests. */
export function memoryBytes(): usize {
  return <usize>memory.size() << 16;
}
