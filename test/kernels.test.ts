// The core's GEMM (all transposes, accumulate, bias and activation epilogues, edge tiles) and
// activations against float64 references on random shapes.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, ready } from '../src/index.js';
import { instantiateCore } from '../src/backends/wasm/loader.js';
import type { ActivationName } from '../src/index.js';
import { closeness, uniformArray } from './helpers/random-data.js';

beforeAll(() => ready());

function activate(v: number, a: ActivationName): number {
  if (a === 'relu') return Math.max(v, 0);
  if (a === 'sigmoid') return 1 / (1 + Math.exp(-v));
  if (a === 'tanh') return Math.tanh(v);
  return v;
}

function reference(m: number, n: number, k: number, A: Float32Array, tA: boolean, B: Float32Array, tB: boolean, C0: Float32Array, acc: boolean, bias: Float32Array | null, act: ActivationName): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = acc ? C0[i * n + j]! : 0;
      for (let p = 0; p < k; p++) s += (tA ? A[p * m + i]! : A[i * k + p]!) * (tB ? B[j * k + p]! : B[p * n + j]!);
      if (bias) s += bias[j]!;
      out[i * n + j] = s;
    }
  }
  if (act === 'softmax') {
    for (let i = 0; i < m; i++) {
      const row = out.subarray(i * n, (i + 1) * n);
      const max = Math.max(...row);
      let sum = 0;
      row.forEach((v, j) => (sum += row[j] = Math.exp(v - max)));
      row.forEach((v, j) => (row[j] = v / sum));
    }
  } else {
    out.forEach((v, i) => (out[i] = activate(v, act)));
  }
  return out;
}

/** A, B, C and a bias row of random values (seeds in that order), written to the backend. */
function operands(m: number, n: number, k: number, seeds: [number, number, number, number]) {
  const backend = getBackend();
  const a = backend.alloc(m * k), b = backend.alloc(k * n), c = backend.alloc(m * n), bias = backend.alloc(n);
  const A = uniformArray(m * k, seeds[0]), B = uniformArray(k * n, seeds[1]), C0 = uniformArray(m * n, seeds[2]), biasValues = uniformArray(n, seeds[3]);
  backend.write(a, A);
  backend.write(b, B);
  backend.write(bias, biasValues);
  return { a, b, c, bias, A, B, C0, biasValues, free: () => [a, b, c, bias].forEach((x) => backend.free(x)) };
}

/** Every transpose, accumulate and bias combination. */
function* combinations(): Generator<{ tA: boolean; tB: boolean; acc: boolean; useBias: boolean }> {
  for (const tA of [false, true]) for (const tB of [false, true]) for (const acc of [false, true]) for (const useBias of [false, true]) yield { tA, tB, acc, useBias };
}

describe('GEMM', () => {
  // Shapes reach every path: m = 1 (gemv: 32-column blocks, 4-column blocks, scalar tail; with
  // transB the packed path), m = 2 (the smallest packed product), whole 4×8 tiles, 4-wide panels
  // (micro4x4), edge tiles, k = 0, k across the KC = 256 block boundary and n across NC = 1024.
  const shapes = [
    [1, 1, 1], [1, 10, 784], [1, 77, 50], [1, 40, 7], [2, 9, 5], [3, 1030, 5], [4, 12, 8], [5, 4, 9], [7, 9, 13], [6, 8, 256],
    [12, 16, 257], [9, 13, 300], [32, 10, 784], [33, 100, 300], [130, 17, 600], [5, 3, 0], [64, 600, 40],
  ];
  const activations = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'] as const;
  for (const [m, n, k] of shapes) {
    it(`${m}×${n}×${k} in every transpose, accumulate, bias and activation combination`, () => {
      const backend = getBackend();
      const { a, b, c, bias, A, B, C0, biasValues, free } = operands(m, n, k, [m + n, k + 1, 3, 4]);
      for (const { tA, tB, acc, useBias } of combinations()) {
        for (const act of activations) {
          backend.write(c, C0);
          backend.matMul({ m, n, k, a, transA: tA, b, transB: tB, c, accumulate: acc, bias: useBias ? bias : null, activation: act });
          const expected = reference(m, n, k, A, tA, B, tB, C0, acc, useBias ? biasValues : null, act);
          expect(closeness(backend.read(c), expected, 1e-4, 1e-4), `transA ${tA} transB ${tB} acc ${acc} bias ${useBias} ${act}`).toBeLessThanOrEqual(1);
        }
      }
      free();
    });
  }

  // The summation order is part of the contract (threads and every engine give the same bits), so it
  // is checked exactly, against float32 arithmetic emulated with Math.fround: the packed path sums
  // each KC = 256 block from 0 in k order, adds it to C (or the blocks before it), then the bias, then
  // relu; the single-row path (m = 1, B not transposed) sums all of k at once.
  it('sums in the documented float32 order, bit for bit, in every kernel (4×8, 4×4, lanes tails, edges, gemv)', () => {
    const backend = getBackend();
    const f = Math.fround;
    const KC = 256;
    const exact = (m: number, n: number, k: number, A: Float32Array, tA: boolean, B: Float32Array, tB: boolean, C0: Float32Array, acc: boolean, bias: Float32Array | null, relu: boolean): Float32Array => {
      const out = new Float32Array(m * n);
      const block = m === 1 && !tB ? Math.max(k, 1) : KC;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let c = C0[i * n + j]!;
          for (let p0 = 0; p0 < k; p0 += block) {
            let s = 0;
            for (let p = p0; p < Math.min(k, p0 + block); p++) s = f(s + f((tA ? A[p * m + i]! : A[i * k + p]!) * (tB ? B[j * k + p]! : B[p * n + j]!)));
            c = acc || p0 > 0 ? f(s + c) : s;
          }
          if (bias) c = f(c + bias[j]!);
          out[i * n + j] = relu ? Math.max(c, 0) : c;
        }
      }
      return out;
    };
    // n = 9, 10, 11, 13: lanes tails of 1, 2 and 3 columns and a 4×4 tail after 8; m = 2, 5, 7: edge rows;
    // m = 1: the single-row path's 16-column blocks and its tails of whole 4s (n = 45: 32 + 12 + 1).
    const shapes = [[32, 10, 784], [7, 9, 300], [5, 11, 257], [2, 13, 40], [12, 3, 520], [8, 1, 9], [1, 11, 600], [1, 10, 3], [1, 45, 300], [1, 300, 784]];
    let checked = 0;
    for (const [m, n, k] of shapes as [number, number, number][]) {
      const { a, b, c, bias, A, B, C0, biasValues, free } = operands(m, n, k, [m + 2 * n, k + 5, 6, 7]);
      for (const { tA, tB, acc, useBias } of combinations()) {
        const relu = useBias === tA;
        backend.write(c, C0);
        backend.matMul({ m, n, k, a, transA: tA, b, transB: tB, c, accumulate: acc, bias: useBias ? bias : null, activation: relu ? 'relu' : 'linear' });
        const expected = exact(m, n, k, A, tA, B, tB, C0, acc, useBias ? biasValues : null, relu);
        const got = backend.read(c);
        const at = got.findIndex((v, i) => !Object.is(v, expected[i]));
        expect(at, `${m}×${n}×${k} transA ${tA} transB ${tB} acc ${acc} bias ${useBias} relu ${relu}: element ${at} is ${got[at]}, float32 order gives ${expected[at]}`).toBe(-1);
        checked++;
      }
      free();
    }
    expect(checked).toBe(shapes.length * 16);
  });

  it('writes nothing past C, in the single-row and the packed paths', () => {
    const backend = getBackend();
    for (const [m, n, k] of [[1, 13, 7], [1, 37, 3], [5, 13, 7], [6, 10, 9]] as const) {
      const a = backend.alloc(m * k), b = backend.alloc(k * n), c = backend.alloc(m * n + 8), bias = backend.alloc(n + 8);
      backend.write(a, uniformArray(m * k, 7));
      backend.write(b, uniformArray(k * n, 8));
      backend.write(bias, uniformArray(n + 8, 9));
      const guard = Float32Array.from({ length: 8 }, (_, i) => 1000 + i);
      for (const tA of [false, true]) {
        for (const acc of [false, true]) {
          backend.write(c, Float32Array.from([...uniformArray(m * n, 10), ...guard]));
          backend.matMul({ m, n, k, a, transA: tA, b, transB: false, c, accumulate: acc, bias, activation: 'relu' });
          expect(Array.from(backend.read(c).subarray(m * n)), `${m}×${n}×${k} transA ${tA} acc ${acc}`).toEqual(Array.from(guard));
        }
      }
      for (const buf of [a, b, c, bias]) backend.free(buf);
    }
  });

  it('packs inside its buffers when the blocks fill them (m ≥ MC, n ≥ NC, k ≥ KC) and on edge tiles', async () => {
    // A core of its own, so its packing buffers are fresh and their guards are checked here alone.
    const core = await instantiateCore();
    const f32 = (p: number, values: Float32Array): void => new Float32Array(core.memory.buffer, p, values.length).set(values);
    for (const [m, n, k] of [[130, 1030, 260], [6, 10, 9]] as const) {
      const a = core.alloc(m * k * 4), b = core.alloc(k * n * 4), c = core.alloc(m * n * 4), bias = core.alloc(n * 4);
      f32(a, uniformArray(m * k, 11));
      f32(b, uniformArray(k * n, 12));
      f32(bias, uniformArray(n, 13));
      for (let t = 0; t < 4; t++) {
        const transA = t & 1, transB = (t >> 1) & 1;
        core.gemm(m, n, k, a, transA ? m : k, transA, b, transB ? k : n, transB, c, n, t % 2, bias, 1);
        expect(core.scratchIntact(), `${m}×${n}×${k} transA ${transA} transB ${transB}`).toBe(1);
      }
      for (const p of [a, b, c, bias]) core.free(p);
    }
  });

  it('reports a change in any byte of any packing buffer guard', async () => {
    const core = await instantiateCore();
    expect(core.scratchIntact()).toBe(1); // no buffer yet, nothing to damage
    const [m, n, k] = [6, 10, 9]; // packed path with an edge tile: all three buffers exist after it
    const a = core.alloc(m * k * 4), b = core.alloc(k * n * 4), c = core.alloc(m * n * 4);
    core.gemm(m, n, k, a, k, 0, b, n, 0, c, n, 0, 0, 0);
    // Each guard is 64 bytes of 0xa5 (assembly/memory.ts); find them and damage one byte at a time.
    const bytes = new Uint8Array(core.memory.buffer);
    const guards: number[] = [];
    for (let i = 0, run = 0; i < bytes.length; i++) {
      run = bytes[i] === 0xa5 ? run + 1 : 0;
      if (run === 64) guards.push(i - 63);
    }
    expect(guards.length).toBe(3);
    for (const g of guards) {
      for (const at of [g, g + 63]) {
        bytes[at] ^= 1;
        expect(core.scratchIntact(), `guard byte ${at - g}`).toBe(0);
        bytes[at] ^= 1;
      }
    }
    expect(core.scratchIntact()).toBe(1);
    for (const p of [a, b, c]) core.free(p);
  });

  it('column sums start from 0: cancelling and all-zero columns give exactly 0', () => {
    const backend = getBackend();
    // All-zero columns in the SIMD body and in the scalar tail: any start value but 0 would stay.
    const rows = 4, cols = 9;
    const first = [1, -2, 0.5, 0, -0.25, 8, 1e-30, 3, 0];
    const x = Float32Array.from([...first, ...first.map((v) => -v), ...first.map((v) => 2 * v), ...first.map((v) => -2 * v)]);
    const buf = backend.alloc(rows * cols);
    const out = backend.alloc(cols);
    backend.write(buf, x);
    backend.write(out, new Float32Array(cols).fill(5));
    backend.columnSums(buf, rows, cols, out);
    expect(Array.from(backend.read(out))).toEqual(new Array<number>(cols).fill(0));
    backend.free(buf);
    backend.free(out);
  });

  it('column sums (bias gradient)', () => {
    const backend = getBackend();
    const rows = 9, cols = 11;
    const x = uniformArray(rows * cols, 5);
    const buf = backend.alloc(rows * cols);
    const out = backend.alloc(cols);
    backend.write(buf, x);
    backend.columnSums(buf, rows, cols, out);
    const expected = Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => x[i * cols + j]!).reduce((s, v) => s + v, 0));
    expect(closeness(backend.read(out), expected, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
    backend.free(buf);
    backend.free(out);
  });
});
