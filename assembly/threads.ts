// Entry of the threaded build (build/axon.threads.wasm, `asc assembly/threads.ts --target threads`):
// everything the single-threaded core exports, plus a GEMM over a block of C with caller-owned
// packing buffers, which the worker instances run on their share of C.
//
// The threaded build imports one shared memory that the main instance and every worker instance
// use. Module globals (the allocator's root, gemm.ts's Scratch buffers) are per instance, so:
// - the start function is exported (`_initialize`, asc --exportStart) and only the main instance
//   runs it; worker instances never allocate and never touch those globals;
// - `gemmBlock` takes its packing buffers and edge tile by pointer; the main thread allocates one
//   set per worker (and one for itself) before the workers start.
// Every C element is computed exactly as gemm() computes it (same micro-kernels, same KC blocks in
// the same order, then C, bias, relu), so splitting C between threads never changes a bit.
export * from './index';
import { packedGemm, gemv, MR, NR, KC, MC, NC } from './gemm';

/** Bytes of packing space one thread needs: packed A, packed B and a 4x8 edge tile. */
export function gemmBlockScratchBytes(): usize {
  return (<usize>(MC * KC) << 2) + (<usize>(KC * NC) << 2) + (<usize>(MR * NR) << 2);
}

/**
 * C[m×n] = op(A)·op(B) [+ C] [+ bias] [relu] by the packed path of gemm() only (never the gemv
 * shortcut, whose summation order differs), with packing space at `scratch`
 * (gemmBlockScratchBytes() bytes). A block of a larger product is this call with offset pointers.
 * k must be > 0 (k = 0 products are left to gemm()).
 */
export function gemmBlock(
  m: i32, n: i32, k: i32,
  a: usize, lda: i32, transA: bool,
  b: usize, ldb: i32, transB: bool,
  c: usize, ldc: i32,
  accumulate: bool, bias: usize, relu: bool,
  scratch: usize,
): void {
  if (m <= 0 || n <= 0 || k <= 0) return;
  const pa = scratch;
  const pb = pa + (<usize>(MC * KC) << 2);
  packedGemm(m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate, bias, relu, pa, pb, pb + (<usize>(KC * NC) << 2));
}

/**
 * c[0..n) = [c +] a·B [+ bias] [relu] for one row a (k values, aStride floats apart) and B row-major with leading
 * dimension ldb: gemm()'s single-row path on a block of columns (offset b, c and bias), so that in
 * one-sample inference each thread reads only its share of a layer's weights. Every column is the
 * same sum as in gemm().
 */
export function gemvBlock(n: i32, k: i32, a: usize, aStride: i32, b: usize, ldb: i32, c: usize, accumulate: bool, bias: usize, relu: bool): void {
  if (n <= 0 || k <= 0) return;
  gemv(n, k, a, <usize>aStride, b, ldb, c, accumulate, bias, relu);
}
