// The core's GEMM (all transposes, accumulate, bias and activation epilogues, edge tiles) and
// activations against float64 references on random shapes.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, ready } from '../src/index.js';
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

describe('GEMM', () => {
  // Shapes reach every path: m = 1 (gemv: 32-column blocks, 4-column blocks, scalar tail; with
  // transB the packed path), whole 4×8 tiles, 4-wide panels (micro4x4), edge tiles, k = 0, and k
  // across the KC = 256 block boundary.
  const shapes = [
    [1, 1, 1], [1, 10, 784], [1, 77, 50], [1, 40, 7], [4, 12, 8], [5, 4, 9], [7, 9, 13], [6, 8, 256],
    [12, 16, 257], [9, 13, 300], [32, 10, 784], [33, 100, 300], [130, 17, 600], [5, 3, 0], [64, 600, 40],
  ];
  const activations = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'] as const;
  for (const [m, n, k] of shapes) {
    it(`${m}×${n}×${k} in every transpose, accumulate, bias and activation combination`, () => {
      const backend = getBackend();
      const a = backend.alloc(m * k), b = backend.alloc(k * n), c = backend.alloc(m * n), bias = backend.alloc(n);
      const A = uniformArray(m * k, m + n), B = uniformArray(k * n, k + 1), C0 = uniformArray(m * n, 3), biasValues = uniformArray(n, 4);
      backend.write(a, A);
      backend.write(b, B);
      backend.write(bias, biasValues);
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          for (const acc of [false, true]) {
            for (const useBias of [false, true]) {
              for (const act of activations) {
                backend.write(c, C0);
                backend.matMul({ m, n, k, a, transA: tA, b, transB: tB, c, accumulate: acc, bias: useBias ? bias : null, activation: act });
                const expected = reference(m, n, k, A, tA, B, tB, C0, acc, useBias ? biasValues : null, act);
                expect(closeness(backend.read(c), expected, 1e-4, 1e-4), `transA ${tA} transB ${tB} acc ${acc} bias ${useBias} ${act}`).toBeLessThanOrEqual(1);
              }
            }
          }
        }
      }
      for (const buf of [a, b, c, bias]) backend.free(buf);
    });
  }

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
