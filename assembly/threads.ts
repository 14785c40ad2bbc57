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
import { packA, packB, micro4x8, micro4x4, MR, NR, NR4, KC, MC, NC } from './gemm';

/** Bytes of packing space one thread needs: packed A, packed B and a 4x8 edge tile. */
export function gemmBlockScratchBytes(): usize {
  return (<usize>(MC * KC) << 2) + (<usize>(KC * NC) << 2) + (<usize>(MR * NR) << 2);
}

function edgeTile(kc: i32, pa: usize, pb: usize, tile: usize, c: usize, ldc: i32, rows: i32, cols: i32, wide: bool, accumulate: bool, bias: usize, relu: bool): void {
  const tw = wide ? NR : NR4;
  if (wide) micro4x8(kc, pa, pb, tile, <usize>NR << 2, false, 0, false);
  else micro4x4(kc, pa, pb, tile, <usize>NR4 << 2, false, 0, false);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const dst = c + ((<usize>r * ldc + j) << 2);
      let v = load<f32>(tile + ((<usize>(r * tw + j)) << 2));
      if (accumulate) v += load<f32>(dst);
      if (bias) v += load<f32>(bias + (<usize>j << 2));
      if (relu) v = max(v, 0);
      store<f32>(dst, v);
    }
  }
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
  const tile = pb + (<usize>(KC * NC) << 2);
  const ldcBytes = <usize>ldc << 2;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const first = pc == 0;
      const last = pc + kc >= k;
      const acc = accumulate || !first;
      packB(kc, nc, b, ldb, transB, pc, jc, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(mc, kc, a, lda, transA, ic, pc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const panelB = pb + ((<usize>jr * kc) << 2);
          const biasJ = last && bias ? bias + (<usize>(jc + jr) << 2) : 0;
          const reluJ = last && relu;
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const panelA = pa + ((<usize>ir * kc) << 2);
            const cTile = c + ((<usize>(ic + ir) * ldc + jc + jr) << 2);
            if (cols <= NR4) {
              if (rows == MR && cols == NR4) micro4x4(kc, panelA, panelB, cTile, ldcBytes, acc, biasJ, reluJ);
              else edgeTile(kc, panelA, panelB, tile, cTile, ldc, rows, cols, false, acc, biasJ, reluJ);
            } else if (rows == MR && cols == NR) micro4x8(kc, panelA, panelB, cTile, ldcBytes, acc, biasJ, reluJ);
            else edgeTile(kc, panelA, panelB, tile, cTile, ldc, rows, cols, true, acc, biasJ, reluJ);
          }
        }
      }
    }
  }
}
