// Packed f32 GEMM in the BLIS/XNNPACK style: operands are packed into MR-row and NR-column panels
// (zero-padded at the edges, transposes folded into the packing), then a register-blocked 4x8
// micro-kernel (4x4 for a narrow last column panel) runs over the panels. Packing is separate from
// compute so that the micro-kernel sees one contiguous layout whatever the caller's strides or
// transposes. A single row (m = 1, inference of one sample) skips packing altogether (gemv).
// Every output is a float32 sum over k in increasing order within each KC block, blocks (and an
// accumulated C) added in order, then bias, then the activation: no relaxed SIMD, so results are
// the same on every engine and CPU.
import { Scratch } from './memory';
import { applyActivation, Activation } from './activations';

/**
 * Rows of a micro-tile; the threaded backend splits C at multiples of it (and of NR) so that no
 * tile changes its summation order.
 * @boundary GEMM_MR
 */
export const MR: i32 = 4;
/**
 * Columns of a micro-tile.
 * @boundary GEMM_NR
 */
export const NR: i32 = 8;
// Width of the tail panel used when at most 4 columns remain.
export const NR4: i32 = 4;
// Measured on V8 (x86-64): a 4x8 tile (8 f32x4 accumulators) runs at ~95% of the register-only
// f32x4 peak for any depth, while a 6x8 tile (12 accumulators) leaves V8's register allocator too
// little room and drops to ~55-85% depending on depth. 4 also divides the batch sizes and layer widths
// of typical MLPs, so fewer edge tiles. KC*NR floats of B (8 KiB) stay in L1 while A panels stream
// from L2; MC*KC floats of A (128 KiB) fit L2. NC bounds the packed-B buffer at KC*NC floats.
export const KC: i32 = 256;
export const MC: i32 = 128;
export const NC: i32 = 1024;

const packedA = new Scratch();
const packedB = new Scratch();
const edgeTile = new Scratch();

// op(A)[i][k] for A stored row-major with leading dimension lda, transposed when transA.
// Panel layout: for each k, the MR rows of op(A) contiguously (zero-padded past mc).
export function packA(mc: i32, kc: i32, a: usize, lda: i32, transA: bool, i0: i32, k0: i32, dst: usize): void {
  for (let p = 0; p < mc; p += MR) {
    const rows = min(MR, mc - p);
    if (transA) {
      // Column-major view: for each k the MR rows of op(A) are contiguous in memory.
      let src = a + ((<usize>k0 * lda + i0 + p) << 2);
      const stride = <usize>lda << 2;
      if (rows == MR) {
        for (let k = 0; k < kc; k++) {
          v128.store(dst + (<usize>k << 4), v128.load(src));
          src += stride;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          for (let r = 0; r < MR; r++) {
            store<f32>(dst + ((<usize>(k * MR + r)) << 2), r < rows ? load<f32>(src + (<usize>r << 2)) : 0);
          }
          src += stride;
        }
      }
    } else if (rows == MR) {
      // Four rows at a time: 4x4 blocks transposed in registers.
      const stride = <usize>lda << 2;
      const s0 = a + ((<usize>(i0 + p) * lda + k0) << 2);
      const s1 = s0 + stride, s2 = s1 + stride, s3 = s2 + stride;
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const o = <usize>k << 2;
        const r0 = v128.load(s0 + o), r1 = v128.load(s1 + o), r2 = v128.load(s2 + o), r3 = v128.load(s3 + o);
        const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // a0 b0 a1 b1
        const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5); // c0 d0 c1 d1
        const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7); // a2 b2 a3 b3
        const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7); // c2 d2 c3 d3
        const d = dst + (<usize>k << 4);
        v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
        v128.store(d, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 16);
        v128.store(d, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 32);
        v128.store(d, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 48);
      }
      for (; k < kc; k++) {
        const o = <usize>k << 2;
        const d = dst + (<usize>k << 4);
        store<f32>(d, load<f32>(s0 + o));
        store<f32>(d, load<f32>(s1 + o), 4);
        store<f32>(d, load<f32>(s2 + o), 8);
        store<f32>(d, load<f32>(s3 + o), 12);
      }
    } else {
      for (let r = 0; r < MR; r++) {
        if (r < rows) {
          const src = a + ((<usize>(i0 + p + r) * lda + k0) << 2);
          for (let k = 0; k < kc; k++) store<f32>(dst + ((<usize>(k * MR + r)) << 2), load<f32>(src + (<usize>k << 2)));
        } else {
          for (let k = 0; k < kc; k++) store<f32>(dst + ((<usize>(k * MR + r)) << 2), 0);
        }
      }
    }
    dst += <usize>(kc * MR) << 2;
  }
}

// op(B)[k][j] for B stored row-major with leading dimension ldb, transposed when transB.
// Panel layout: for each k, the NR columns of op(B) contiguously (zero-padded past nc); a last
// panel with at most NR4 columns is NR4 wide.
export function packB(kc: i32, nc: i32, b: usize, ldb: i32, transB: bool, k0: i32, j0: i32, dst: usize): void {
  for (let q = 0; q < nc; q += NR) {
    const cols = min(NR, nc - q);
    if (!transB && cols == NR) {
      let src = b + ((<usize>k0 * ldb + j0 + q) << 2);
      const stride = <usize>ldb << 2;
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += 32;
        src += stride;
      }
    } else if (cols <= NR4) {
      // Narrow tail (e.g. the last 2 of 10 outputs): a 4-wide panel for the 4x4 kernel.
      for (let k = 0; k < kc; k++) {
        for (let c = 0; c < NR4; c++) {
          let v: f32 = 0;
          if (c < cols) v = transB ? load<f32>(b + ((<usize>(j0 + q + c) * ldb + k0 + k) << 2)) : load<f32>(b + ((<usize>(k0 + k) * ldb + j0 + q + c) << 2));
          store<f32>(dst + (<usize>c << 2), v);
        }
        dst += 16;
      }
    } else if (!transB) {
      for (let k = 0; k < kc; k++) {
        const src = b + ((<usize>(k0 + k) * ldb + j0 + q) << 2);
        for (let c = 0; c < NR; c++) store<f32>(dst + (<usize>c << 2), c < cols ? load<f32>(src + (<usize>c << 2)) : 0);
        dst += 32;
      }
    } else if (cols == NR) {
      // Wᵀ products: row j of B is column j of op(B); two 4x4 register transposes per 4 k.
      const stride = <usize>ldb << 2;
      const s0 = b + ((<usize>(j0 + q) * ldb + k0) << 2);
      const s4 = s0 + (stride << 2);
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        const o = <usize>k << 2;
        const d = dst + (<usize>k << 5);
        for (let h = 0; h < 2; h++) {
          const s = h ? s4 : s0;
          const r0 = v128.load(s + o), r1 = v128.load(s + stride + o), r2 = v128.load(s + 2 * stride + o), r3 = v128.load(s + 3 * stride + o);
          const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
          const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
          const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
          const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
          const dh = d + (<usize>h << 4);
          v128.store(dh, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
          v128.store(dh, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 32);
          v128.store(dh, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 64);
          v128.store(dh, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 96);
        }
      }
      for (; k < kc; k++) {
        for (let c = 0; c < NR; c++) store<f32>(dst + ((<usize>(k * NR + c)) << 2), load<f32>(s0 + <usize>c * stride + (<usize>k << 2)));
      }
      dst += <usize>(kc * NR) << 2;
    } else {
      for (let c = 0; c < NR; c++) {
        if (c < cols) {
          const src = b + ((<usize>(j0 + q + c) * ldb + k0) << 2);
          for (let k = 0; k < kc; k++) store<f32>(dst + ((<usize>(k * NR + c)) << 2), load<f32>(src + (<usize>k << 2)));
        } else {
          for (let k = 0; k < kc; k++) store<f32>(dst + ((<usize>(k * NR + c)) << 2), 0);
        }
      }
      dst += <usize>(kc * NR) << 2;
    }
  }
}

// One 4x8 tile of C: c (row stride ldcBytes) = [c +] Apanel·Bpanel [+ bias] [relu].
// Eight f32x4 accumulators, two B vectors, one broadcast A value and one product: 12 of the 16
// SIMD registers of x86-64, which leaves V8's allocator room to keep the loop spill-free.
// Kept out of line so that the register allocator sees only this loop.
export function micro4x8(kc: i32, pa: usize, pb: usize, c: usize, ldcBytes: usize, accumulate: bool, bias: usize, relu: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const end = pb + (<usize>kc << 5);
  while (pb < end) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0)); c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0)); c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0)); c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0)); c31 = f32x4.add(c31, f32x4.mul(a, b1));
    pa += 16;
    pb += 32;
  }
  const r0 = c, r1 = c + ldcBytes, r2 = r1 + ldcBytes, r3 = r2 + ldcBytes;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(r0)); c01 = f32x4.add(c01, v128.load(r0, 16));
    c10 = f32x4.add(c10, v128.load(r1)); c11 = f32x4.add(c11, v128.load(r1, 16));
    c20 = f32x4.add(c20, v128.load(r2)); c21 = f32x4.add(c21, v128.load(r2, 16));
    c30 = f32x4.add(c30, v128.load(r3)); c31 = f32x4.add(c31, v128.load(r3, 16));
  }
  if (bias) {
    const bb0 = v128.load(bias), bb1 = v128.load(bias, 16);
    c00 = f32x4.add(c00, bb0); c01 = f32x4.add(c01, bb1);
    c10 = f32x4.add(c10, bb0); c11 = f32x4.add(c11, bb1);
    c20 = f32x4.add(c20, bb0); c21 = f32x4.add(c21, bb1);
    c30 = f32x4.add(c30, bb0); c31 = f32x4.add(c31, bb1);
  }
  if (relu) {
    const z = f32x4.splat(0);
    c00 = f32x4.max(c00, z); c01 = f32x4.max(c01, z);
    c10 = f32x4.max(c10, z); c11 = f32x4.max(c11, z);
    c20 = f32x4.max(c20, z); c21 = f32x4.max(c21, z);
    c30 = f32x4.max(c30, z); c31 = f32x4.max(c31, z);
  }
  v128.store(r0, c00); v128.store(r0, c01, 16);
  v128.store(r1, c10); v128.store(r1, c11, 16);
  v128.store(r2, c20); v128.store(r2, c21, 16);
  v128.store(r3, c30); v128.store(r3, c31, 16);
}

// Edge tiles run the same micro-kernel into a private 4x8 tile, then merge the valid corner.
function edge(kc: i32, pa: usize, pb: usize, tile: usize, c: usize, ldc: i32, rows: i32, cols: i32, wide: bool, accumulate: bool, bias: usize, relu: bool): void {
  const width = wide ? NR : NR4;
  if (wide) micro4x8(kc, pa, pb, tile, <usize>NR << 2, false, 0, false);
  else micro4x4(kc, pa, pb, tile, <usize>NR4 << 2, false, 0, false);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const dst = c + ((<usize>r * ldc + j) << 2);
      let v = load<f32>(tile + ((<usize>(r * width + j)) << 2));
      if (accumulate) v += load<f32>(dst);
      if (bias) v += load<f32>(bias + (<usize>j << 2));
      if (relu) v = max(v, 0);
      store<f32>(dst, v);
    }
  }
}

// One 4x4 tile over a 4-wide B panel, for narrow column tails (n = 10 → 8 + 4 instead of 8 + 8).
export function micro4x4(kc: i32, pa: usize, pb: usize, c: usize, ldcBytes: usize, accumulate: bool, bias: usize, relu: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  const end = pb + (<usize>kc << 4);
  while (pb < end) {
    const b0 = v128.load(pb);
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(pa), b0));
    c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(pa, 4), b0));
    c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(pa, 8), b0));
    c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(pa, 12), b0));
    pa += 16;
    pb += 16;
  }
  const r0 = c, r1 = c + ldcBytes, r2 = r1 + ldcBytes, r3 = r2 + ldcBytes;
  if (accumulate) {
    c0 = f32x4.add(c0, v128.load(r0)); c1 = f32x4.add(c1, v128.load(r1));
    c2 = f32x4.add(c2, v128.load(r2)); c3 = f32x4.add(c3, v128.load(r3));
  }
  if (bias) {
    const bb = v128.load(bias);
    c0 = f32x4.add(c0, bb); c1 = f32x4.add(c1, bb); c2 = f32x4.add(c2, bb); c3 = f32x4.add(c3, bb);
  }
  if (relu) {
    const z = f32x4.splat(0);
    c0 = f32x4.max(c0, z); c1 = f32x4.max(c1, z); c2 = f32x4.max(c2, z); c3 = f32x4.max(c3, z);
  }
  v128.store(r0, c0); v128.store(r1, c1); v128.store(r2, c2); v128.store(r3, c3);
}

// A 4-row tile of C over a 4-wide B panel of which only `cols` (1 to 3) columns are real (n = 10 →
// 8 + 2): one accumulator per real column with the tile's four rows in its lanes, so no work is
// spent on padding and no edge tile is merged. Each element is still 0 + a₀b₀ + a₁b₁ + … in k order,
// then C, bias and relu, as in micro4x4, so the bits are the same; `rows` (1 to 4) of the lanes
// are stored.
export function microLanes(kc: i32, pa: usize, pb: usize, cols: i32, rows: i32, c: usize, ldc: i32, accumulate: bool, bias: usize, relu: bool): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0);
  const end = pa + (<usize>kc << 4);
  if (cols == 1) {
    while (pa < end) {
      s0 = f32x4.add(s0, f32x4.mul(v128.load(pa), v128.load32_splat(pb)));
      pa += 16;
      pb += 16;
    }
  } else if (cols == 2) {
    while (pa < end) {
      const a = v128.load(pa);
      s0 = f32x4.add(s0, f32x4.mul(a, v128.load32_splat(pb)));
      s1 = f32x4.add(s1, f32x4.mul(a, v128.load32_splat(pb, 4)));
      pa += 16;
      pb += 16;
    }
  } else {
    while (pa < end) {
      const a = v128.load(pa);
      s0 = f32x4.add(s0, f32x4.mul(a, v128.load32_splat(pb)));
      s1 = f32x4.add(s1, f32x4.mul(a, v128.load32_splat(pb, 4)));
      s2 = f32x4.add(s2, f32x4.mul(a, v128.load32_splat(pb, 8)));
      pa += 16;
      pb += 16;
    }
  }
  laneColumn(s0, 0, rows, c, ldc, accumulate, bias, relu);
  if (cols > 1) laneColumn(s1, 1, rows, c, ldc, accumulate, bias, relu);
  if (cols > 2) laneColumn(s2, 2, rows, c, ldc, accumulate, bias, relu);
}

// Stores column j of a lanes tile: row r of C gets lane r (the first `rows` lanes).
@inline function laneColumn(s: v128, j: i32, rows: i32, c: usize, ldc: i32, accumulate: bool, bias: usize, relu: bool): void {
  const rowBytes = <usize>ldc << 2;
  const dst = c + (<usize>j << 2);
  laneStore(f32x4.extract_lane(s, 0), dst, accumulate, bias, j, relu);
  if (rows > 1) laneStore(f32x4.extract_lane(s, 1), dst + rowBytes, accumulate, bias, j, relu);
  if (rows > 2) laneStore(f32x4.extract_lane(s, 2), dst + 2 * rowBytes, accumulate, bias, j, relu);
  if (rows > 3) laneStore(f32x4.extract_lane(s, 3), dst + 3 * rowBytes, accumulate, bias, j, relu);
}

@inline function laneStore(v: f32, dst: usize, accumulate: bool, bias: usize, j: i32, relu: bool): void {
  if (accumulate) v += load<f32>(dst);
  if (bias) v += load<f32>(bias + (<usize>j << 2));
  if (relu) v = max(v, 0);
  store<f32>(dst, v);
}

// c[0..n) = [c +] a·B [+ bias] [relu] for one row a (element stride aStride floats) and B row-major:
// a single row would be padded to a 4-row panel and B packed for one use, so it streams B directly,
// 16 columns (4 accumulators) at a time. Each column's sum runs over k in order in its own lane, so
// any split of the columns (the threaded core's gemvBlock) gives the same bits. Measured on V8
// (x86-64), 784×96 with the weights in L2: 4 accumulators 0.067 ns per multiply-add, 8 accumulators
// 0.104 (the loop no longer fits the registers), 2 accumulators 0.103 (waiting on add latency).
export function gemv(n: i32, k: i32, a: usize, aStride: usize, b: usize, ldb: i32, c: usize, accumulate: bool, bias: usize, relu: bool): void {
  const ldbBytes = <usize>ldb << 2;
  const aStep = aStride << 2;
  let j = 0;
  if (!accumulate && <i64>n * k >= GEMV_CHUNKED) {
    gemvChunked(n & ~15, k, a, aStep, b, ldbBytes, c, bias, relu);
    j = n & ~15;
  }
  for (; j + 16 <= n; j += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let pb = b + (<usize>j << 2), pa = a;
    for (let p = 0; p < k; p++) {
      const x = v128.load32_splat(pa);
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(pb))); s1 = f32x4.add(s1, f32x4.mul(x, v128.load(pb, 16)));
      s2 = f32x4.add(s2, f32x4.mul(x, v128.load(pb, 32))); s3 = f32x4.add(s3, f32x4.mul(x, v128.load(pb, 48)));
      pa += aStep;
      pb += ldbBytes;
    }
    const o = c + (<usize>j << 2);
    const bj = bias ? bias + (<usize>j << 2) : 0;
    finish(s0, o, 0, accumulate, bj, relu); finish(s1, o, 16, accumulate, bj, relu);
    finish(s2, o, 32, accumulate, bj, relu); finish(s3, o, 48, accumulate, bj, relu);
  }
  // The last 0–15 columns in one pass each for the whole groups of 4 and for the rest, so that a
  // narrow tail does not pay the add latency once per column.
  const quads = (n - j) >> 2;
  if (quads > 0) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0);
    let pb = b + (<usize>j << 2), pa = a;
    for (let p = 0; p < k; p++) {
      const x = v128.load32_splat(pa);
      s0 = f32x4.add(s0, f32x4.mul(x, v128.load(pb)));
      if (quads > 1) s1 = f32x4.add(s1, f32x4.mul(x, v128.load(pb, 16)));
      if (quads > 2) s2 = f32x4.add(s2, f32x4.mul(x, v128.load(pb, 32)));
      pa += aStep;
      pb += ldbBytes;
    }
    const o = c + (<usize>j << 2);
    const bj = bias ? bias + (<usize>j << 2) : 0;
    finish(s0, o, 0, accumulate, bj, relu);
    if (quads > 1) finish(s1, o, 16, accumulate, bj, relu);
    if (quads > 2) finish(s2, o, 32, accumulate, bj, relu);
    j += quads << 2;
  }
  const rest = n - j;
  if (rest > 0) {
    let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0;
    let pb = b + (<usize>j << 2), pa = a;
    for (let p = 0; p < k; p++) {
      const x = load<f32>(pa);
      s0 += x * load<f32>(pb);
      if (rest > 1) s1 += x * load<f32>(pb, 4);
      if (rest > 2) s2 += x * load<f32>(pb, 8);
      pa += aStep;
      pb += ldbBytes;
    }
    finishOne(s0, c, j, accumulate, bias, relu);
    if (rest > 1) finishOne(s1, c, j + 1, accumulate, bias, relu);
    if (rest > 2) finishOne(s2, c, j + 2, accumulate, bias, relu);
  }
}

// Weight matrices of at least this many values (256 KiB) run the 16-column blocks in chunks of rows.
const GEMV_CHUNKED: i64 = 1 << 16;
const GEMV_CHUNK_ROWS: i32 = 16;

// The 16-column blocks of gemv() over chunks of 16 rows of B, every block of a chunk before the next
// chunk, with the partial sums kept in c: a block's 64 bytes of a row mostly straddle two cache lines
// (rows of 300 floats), and the next block, which needs the other half, reads it while it is still in
// L1. Each column still adds its products in k order from 0 (the partial sums round-trip through f32
// memory unchanged), so the bits are gemv()'s. 784×300: 0.095 → 0.077 ns per multiply-add; smaller
// matrices stay in cache anyway and pay for the partial sums, so they take the plain loop. Not for
// `accumulate`, whose C is added after the whole sum.
function gemvChunked(n16: i32, k: i32, a: usize, aStep: usize, b: usize, ldbBytes: usize, c: usize, bias: usize, relu: bool): void {
  for (let p0 = 0; p0 < k; p0 += GEMV_CHUNK_ROWS) {
    const p1 = min(k, p0 + GEMV_CHUNK_ROWS);
    const first = p0 == 0, last = p1 == k;
    for (let j = 0; j < n16; j += 16) {
      const o = c + (<usize>j << 2);
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      if (!first) {
        s0 = v128.load(o); s1 = v128.load(o, 16); s2 = v128.load(o, 32); s3 = v128.load(o, 48);
      }
      let pb = b + <usize>p0 * ldbBytes + (<usize>j << 2), pa = a + <usize>p0 * aStep;
      for (let p = p0; p < p1; p++) {
        const x = v128.load32_splat(pa);
        s0 = f32x4.add(s0, f32x4.mul(x, v128.load(pb))); s1 = f32x4.add(s1, f32x4.mul(x, v128.load(pb, 16)));
        s2 = f32x4.add(s2, f32x4.mul(x, v128.load(pb, 32))); s3 = f32x4.add(s3, f32x4.mul(x, v128.load(pb, 48)));
        pa += aStep;
        pb += ldbBytes;
      }
      const bj = last && bias ? bias + (<usize>j << 2) : 0;
      const r = last && relu;
      finish(s0, o, 0, false, bj, r); finish(s1, o, 16, false, bj, r);
      finish(s2, o, 32, false, bj, r); finish(s3, o, 48, false, bj, r);
    }
  }
}

// Stores column j of a single row: [C +] sum [+ bias] [relu].
@inline function finishOne(s: f32, c: usize, j: i32, accumulate: bool, bias: usize, relu: bool): void {
  const o = c + (<usize>j << 2);
  if (accumulate) s += load<f32>(o);
  if (bias) s += load<f32>(bias + (<usize>j << 2));
  if (relu) s = max(s, 0);
  store<f32>(o, s);
}

// Stores v = [C +] sum [+ bias] [relu] at o + off, in the blocked path's order.
@inline function finish(v: v128, o: usize, off: usize, accumulate: bool, bias: usize, relu: bool): void {
  if (accumulate) v = f32x4.add(v, v128.load(o + off));
  if (bias) v = f32x4.add(v, v128.load(bias + off));
  if (relu) v = f32x4.max(v, f32x4.splat(0));
  v128.store(o + off, v);
}

/**
 * The packed path: C = op(A)·op(B) [+ C] [+ bias] [relu] over KC-deep blocks, with packing space
 * and the edge tile at caller-given addresses, so that worker threads (assembly/threads.ts) run
 * exactly the code gemm() runs, on their own block of C and their own buffers. k must be > 0.
 */
export function packedGemm(
  m: i32, n: i32, k: i32,
  a: usize, lda: i32, transA: bool,
  b: usize, ldb: i32, transB: bool,
  c: usize, ldc: i32,
  accumulate: bool, bias: usize, relu: bool,
  pa: usize, pb: usize, tile: usize,
): void {
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
            if (cols < NR4) microLanes(kc, panelA, panelB, cols, rows, cTile, ldc, acc, biasJ, reluJ);
            else if (cols == NR4) {
              if (rows == MR) micro4x4(kc, panelA, panelB, cTile, ldcBytes, acc, biasJ, reluJ);
              else edge(kc, panelA, panelB, tile, cTile, ldc, rows, cols, false, acc, biasJ, reluJ);
            } else if (rows == MR && cols == NR) micro4x8(kc, panelA, panelB, cTile, ldcBytes, acc, biasJ, reluJ);
            else edge(kc, panelA, panelB, tile, cTile, ldc, rows, cols, true, acc, biasJ, reluJ);
          }
        }
      }
    }
  }
}

/**
 * C[m×n] = op(A)[m×k] · op(B)[k×n], plus C itself when `accumulate`, plus a bias row, then the
 * activation. op(X) is X or Xᵀ, so the three training products (X·W, dY·Wᵀ, Xᵀ·dY) need no
 * materialised transpose. All pointers are byte addresses of f32 row-major data.
 */
export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, lda: i32, transA: bool,
  b: usize, ldb: i32, transB: bool,
  c: usize, ldc: i32,
  accumulate: bool, bias: usize, activation: i32,
): void {
  if (m <= 0 || n <= 0) return;
  const relu = activation == Activation.Relu;
  if (k <= 0) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const dst = c + ((<usize>i * ldc + j) << 2);
        let v: f32 = accumulate ? load<f32>(dst) : 0;
        if (bias) v += load<f32>(bias + (<usize>j << 2));
        store<f32>(dst, relu ? max(v, 0) : v);
      }
    }
  } else if (m == 1 && !transB) {
    gemv(n, k, a, transA ? <usize>lda : 1, b, ldb, c, accumulate, bias, relu);
  } else {
    packedGemm(
      m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate, bias, relu,
      packedA.ensure(<usize>(MC * KC) << 2), packedB.ensure(<usize>(KC * NC) << 2), edgeTile.ensure(<usize>(MR * NR) << 2),
    );
  }
  if (activation != Activation.Linear && activation != Activation.Relu) {
    // Non-piecewise activations need exp; they run as one row-wise pass over the finished C.
    for (let i = 0; i < m; i++) applyActivation(activation, c + ((<usize>i * ldc) << 2), 1, n);
  }
}

/** Whether gemm() kept inside its packing buffers (their guards are intact): for the tests. */
export function scratchIntact(): bool {
  return packedA.intact() && packedB.intact() && edgeTile.intact();
}

/** Column sums of a rows×cols matrix: the bias gradient. */
export function columnSums(x: usize, rows: i32, cols: i32, out: usize): void {
  memory.fill(out, 0, <usize>cols << 2);
  const vecCols = cols & ~3;
  for (let i = 0; i < rows; i++) {
    const row = x + ((<usize>i * cols) << 2);
    let j = 0;
    for (; j < vecCols; j += 4) {
      const o = out + (<usize>j << 2);
      v128.store(o, f32x4.add(v128.load(o), v128.load(row + (<usize>j << 2))));
    }
    for (; j < cols; j++) {
      const o = out + (<usize>j << 2);
      store<f32>(o, load<f32>(o) + load<f32>(row + (<usize>j << 2)));
    }
  }
}
