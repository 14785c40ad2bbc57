// Packed f32 GEMM in the BLIS/XNNPACK style: operands are packed into MR-row and NR-column panels
// (zero-padded at the edges, transposes folded into the packing), then a register-blocked 6x8
// micro-kernel runs over the panels. Packing is separate from compute so that the micro-kernel sees
// one contiguous layout whatever the caller's strides or transposes.
import { Scratch } from './memory';
import { applyActivation, Activation } from './activations';

const MR: i32 = 6;
const NR: i32 = 8;
// KC*NR floats of B (8 KiB) stay in L1 while A panels stream from L2; MC*KC floats of A (120 KiB)
// fit L2. NC bounds the packed-B buffer at KC*NC floats (512 KiB).
const KC: i32 = 256;
const MC: i32 = 120;
const NC: i32 = 512;

const packedA = new Scratch();
const packedB = new Scratch();
const edgeTile = new Scratch();

// op(A)[i][k] for A stored row-major with leading dimension lda, transposed when transA.
@inline function packA(mc: i32, kc: i32, a: usize, lda: i32, transA: bool, i0: i32, k0: i32, dst: usize): void {
  for (let p = 0; p < mc; p += MR) {
    const rows = min(MR, mc - p);
    if (transA) {
      // Column-major view: for each k the MR rows of op(A) are contiguous in memory.
      for (let k = 0; k < kc; k++) {
        const src = a + ((<usize>(k0 + k) * lda + i0 + p) << 2);
        for (let r = 0; r < MR; r++) {
          store<f32>(dst + ((<usize>(k * MR + r)) << 2), r < rows ? load<f32>(src + (<usize>r << 2)) : 0);
        }
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
@inline function packB(kc: i32, nc: i32, b: usize, ldb: i32, transB: bool, k0: i32, j0: i32, dst: usize): void {
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
    } else if (!transB) {
      for (let k = 0; k < kc; k++) {
        const src = b + ((<usize>(k0 + k) * ldb + j0 + q) << 2);
        for (let c = 0; c < NR; c++) store<f32>(dst + (<usize>c << 2), c < cols ? load<f32>(src + (<usize>c << 2)) : 0);
        dst += 32;
      }
    } else {
      // Wᵀ products read B row by row; write each source row into the panel's column.
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

// One 6x8 tile of C: c (row stride ldcBytes) = [c +] Apanel·Bpanel [+ bias] [relu].
// Twelve f32x4 accumulators, two B vectors and one broadcast A value fill 15 of the 16 SIMD
// registers of x86-64, which is why the tile is 6x8.
@inline function micro6x8(kc: i32, pa: usize, pb: usize, c: usize, ldcBytes: usize, accumulate: bool, bias: usize, relu: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
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
    a = v128.load32_splat(pa, 16);
    c40 = f32x4.add(c40, f32x4.mul(a, b0)); c41 = f32x4.add(c41, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 20);
    c50 = f32x4.add(c50, f32x4.mul(a, b0)); c51 = f32x4.add(c51, f32x4.mul(a, b1));
    pa += 24;
    pb += 32;
  }
  const r0 = c, r1 = c + ldcBytes, r2 = r1 + ldcBytes, r3 = r2 + ldcBytes, r4 = r3 + ldcBytes, r5 = r4 + ldcBytes;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(r0)); c01 = f32x4.add(c01, v128.load(r0, 16));
    c10 = f32x4.add(c10, v128.load(r1)); c11 = f32x4.add(c11, v128.load(r1, 16));
    c20 = f32x4.add(c20, v128.load(r2)); c21 = f32x4.add(c21, v128.load(r2, 16));
    c30 = f32x4.add(c30, v128.load(r3)); c31 = f32x4.add(c31, v128.load(r3, 16));
    c40 = f32x4.add(c40, v128.load(r4)); c41 = f32x4.add(c41, v128.load(r4, 16));
    c50 = f32x4.add(c50, v128.load(r5)); c51 = f32x4.add(c51, v128.load(r5, 16));
  }
  if (bias) {
    const bb0 = v128.load(bias), bb1 = v128.load(bias, 16);
    c00 = f32x4.add(c00, bb0); c01 = f32x4.add(c01, bb1);
    c10 = f32x4.add(c10, bb0); c11 = f32x4.add(c11, bb1);
    c20 = f32x4.add(c20, bb0); c21 = f32x4.add(c21, bb1);
    c30 = f32x4.add(c30, bb0); c31 = f32x4.add(c31, bb1);
    c40 = f32x4.add(c40, bb0); c41 = f32x4.add(c41, bb1);
    c50 = f32x4.add(c50, bb0); c51 = f32x4.add(c51, bb1);
  }
  if (relu) {
    const z = f32x4.splat(0);
    c00 = f32x4.max(c00, z); c01 = f32x4.max(c01, z);
    c10 = f32x4.max(c10, z); c11 = f32x4.max(c11, z);
    c20 = f32x4.max(c20, z); c21 = f32x4.max(c21, z);
    c30 = f32x4.max(c30, z); c31 = f32x4.max(c31, z);
    c40 = f32x4.max(c40, z); c41 = f32x4.max(c41, z);
    c50 = f32x4.max(c50, z); c51 = f32x4.max(c51, z);
  }
  v128.store(r0, c00); v128.store(r0, c01, 16);
  v128.store(r1, c10); v128.store(r1, c11, 16);
  v128.store(r2, c20); v128.store(r2, c21, 16);
  v128.store(r3, c30); v128.store(r3, c31, 16);
  v128.store(r4, c40); v128.store(r4, c41, 16);
  v128.store(r5, c50); v128.store(r5, c51, 16);
}

// Edge tiles run the same micro-kernel into a private 6x8 tile, then merge the valid corner.
function edge(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, rows: i32, cols: i32, accumulate: bool, bias: usize, relu: bool): void {
  const tile = edgeTile.ensure(MR * NR * 4);
  micro6x8(kc, pa, pb, tile, NR << 2, false, 0, false);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const dst = c + ((<usize>r * ldc + j) << 2);
      let v = load<f32>(tile + ((<usize>(r * NR + j)) << 2));
      if (accumulate) v += load<f32>(dst);
      if (bias) v += load<f32>(bias + (<usize>j << 2));
      if (relu) v = max(v, 0);
      store<f32>(dst, v);
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
  } else {
    const ldcBytes = <usize>ldc << 2;
    const pa = packedA.ensure(<usize>(MC * KC) << 2);
    const pb = packedB.ensure(<usize>(KC * NC) << 2);
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
              if (rows == MR && cols == NR) micro6x8(kc, panelA, panelB, cTile, ldcBytes, acc, biasJ, reluJ);
              else edge(kc, panelA, panelB, cTile, ldc, rows, cols, acc, biasJ, reluJ);
            }
          }
        }
      }
    }
  }
  if (activation != Activation.Linear && activation != Activation.Relu) {
    // Non-piecewise activations need exp; they run as one row-wise pass over the finished C.
    for (let i = 0; i < m; i++) applyActivation(activation, c + ((<usize>i * ldc) << 2), 1, n);
  }
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
