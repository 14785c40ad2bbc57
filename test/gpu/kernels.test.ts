// Every GPU kernel, run through gpu.js' cpu mode (the same kernel sources that compile to GLSL and
// WGSL), against the Wasm core on random shapes: non-multiples of 4/8/16 and batch 1 included.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, ready } from '../../src/index.js';
import type { ActivationName, Backend, DeviceBuffer, LossKind, MetricKind, UpdateRule } from '../../src/index.js';
import { createGpuBackend } from '../../src/backends/gpu/index.js';
import type { GpuBackend } from '../../src/backends/gpu/index.js';
import { closeness, labels, lossTargets, uniformArray } from '../helpers/random-data.js';

// float32 on both sides; sums differ only in order, so: |gpu − wasm| ≤ ATOL + RTOL·|wasm|.
const RTOL = 1e-4;
const ATOL = 1e-5;

let wasm: Backend;
let gpu: GpuBackend;

beforeAll(async () => {
  await ready();
  wasm = getBackend('wasm');
  gpu = createGpuBackend({ name: 'gpu-cpu-kernels', mode: 'cpu' });
  await gpu.ready();
});

/** The same data in a buffer of each backend. */
function pair(data: Float32Array | Int32Array, kind: 'f32' | 'i32' = 'f32', size = data.length): [DeviceBuffer, DeviceBuffer] {
  const a = wasm.alloc(size, kind);
  const b = gpu.alloc(size, kind);
  wasm.write(a, data);
  gpu.write(b, data);
  return [a, b];
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, what: string, rtol = RTOL, atol = ATOL): void {
  expect(got.length, what).toBe(want.length);
  const c = closeness(got, want, rtol, atol);
  if (!(c <= 1)) throw new Error(`${what}: closeness ${c} (first values gpu ${Array.from(got).slice(0, 4)} wasm ${Array.from(want).slice(0, 4)})`);
}

function freeAll(...bs: [DeviceBuffer, DeviceBuffer][]): void {
  for (const [a, b] of bs) {
    wasm.free(a);
    gpu.free(b);
  }
}

// Shapes [m, n, k]: batch 1, primes, non-multiples of 4/8/16, and a couple of larger ones.
const SHAPES: [number, number, number][] = [[1, 1, 1], [1, 10, 7], [3, 5, 2], [7, 13, 17], [16, 9, 33], [33, 31, 15], [65, 3, 129], [128, 64, 100]];

describe('gpu kernels (gpu.js cpu mode) vs Wasm core', () => {
  it('reports its mode', () => {
    expect(gpu.getBackendInfo().mode).toBe('cpu');
    expect(gpu.isReady).toBe(true);
  });

  it('write / writeRows / read / copy, partial writes included', () => {
    const data = uniformArray(23, 1);
    const [a, b] = pair(data);
    expectClose(gpu.read(b), wasm.read(a), 'read');
    expectClose(gpu.read(b, 5, 3), wasm.read(a, 5, 3), 'read offset');
    const part = uniformArray(6, 2);
    wasm.write(a, part, 10);
    gpu.write(b, part, 10);
    expectClose(gpu.read(b), wasm.read(a), 'write at offset');
    const src = uniformArray(5 * 4, 3);
    const idx = Uint32Array.from([4, 0, 2, 1, 3]);
    wasm.writeRows(a, src, idx, 1, 3, 4);
    gpu.writeRows(b, src, idx, 1, 3, 4);
    expectClose(gpu.read(b), wasm.read(a), 'writeRows');
    const [c, d] = pair(new Float32Array(23));
    wasm.copy(a, c, 17);
    gpu.copy(b, d, 17);
    expectClose(gpu.read(d), wasm.read(c), 'copy prefix');
    expect(() => gpu.write(b, new Float32Array(30))).toThrow(/overflows/);
    freeAll([a, b], [c, d]);
  });

  for (const [m, n, k] of SHAPES) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`matMul ${m}×${n}×${k} transA=${transA} transB=${transB}`, () => {
          const A = pair(uniformArray(m * k, m + 10 * k));
          const B = pair(uniformArray(k * n, n + 7 * k));
          const bias = pair(uniformArray(n, n + 1));
          const C = pair(uniformArray(m * n, 5), 'f32', m * n + 3); // larger than m·n: the tail must survive
          const acts: ActivationName[] = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];
          const act = acts[(m + n + k + (transA ? 1 : 0) + (transB ? 2 : 0)) % acts.length]!;
          for (const [accumulate, withBias] of [[false, false], [true, false], [false, true]] as const) {
            for (const [bk, idx] of [[wasm, 0], [gpu, 1]] as const) {
              bk.matMul({ m, n, k, a: A[idx], transA, b: B[idx], transB, c: C[idx], accumulate, bias: withBias ? bias[idx] : null, activation: withBias ? act : 'linear' });
            }
            expectClose(gpu.read(C[1]), wasm.read(C[0]), `matMul acc=${accumulate} bias=${withBias} act=${act}`);
          }
          freeAll(A, B, bias, C);
        });
      }
    }
  }

  for (const [rows, cols] of [[1, 1], [1, 10], [5, 3], [17, 9], [64, 33]]) {
    for (const act of ['relu', 'sigmoid', 'tanh', 'softmax', 'linear'] as ActivationName[]) {
      it(`activation + activationGrad ${act} ${rows}×${cols}`, () => {
        const X = pair(uniformArray(rows * cols, rows * 31 + cols, -6, 6));
        wasm.activation(act, X[0], rows, cols);
        gpu.activation(act, X[1], rows, cols);
        expectClose(gpu.read(X[1]), wasm.read(X[0]), `activation ${act}`);
        const D = pair(uniformArray(rows * cols, cols + 3));
        wasm.activationGrad(act, X[0], D[0], rows, cols);
        gpu.activationGrad(act, X[1], D[1], rows, cols);
        expectClose(gpu.read(D[1]), wasm.read(D[0]), `activationGrad ${act}`);
        freeAll(X, D);
      });
    }
  }

  for (const [rows, cols] of [[1, 1], [1, 7], [13, 5], [100, 17]]) {
    it(`columnSums ${rows}×${cols}`, () => {
      const X = pair(uniformArray(rows * cols, rows + cols));
      const S = pair(new Float32Array(cols));
      wasm.columnSums(X[0], rows, cols, S[0]);
      gpu.columnSums(X[1], rows, cols, S[1]);
      expectClose(gpu.read(S[1]), wasm.read(S[0]), 'columnSums');
      freeAll(X, S);
    });
  }

  const LOSSES: { kind: LossKind; acts: ActivationName[] }[] = [
    { kind: 'sparse_categorical_crossentropy', acts: ['softmax', 'linear'] },
    { kind: 'categorical_crossentropy', acts: ['softmax', 'sigmoid'] },
    { kind: 'binary_crossentropy', acts: ['sigmoid', 'linear'] },
    { kind: 'mean_squared_error', acts: ['linear', 'tanh', 'relu'] },
    { kind: 'mean_absolute_error', acts: ['linear', 'sigmoid'] },
    { kind: 'huber', acts: ['linear', 'tanh'] },
    { kind: 'log_cosh', acts: ['linear', 'sigmoid'] },
    { kind: 'kl_divergence', acts: ['softmax', 'linear'] },
    { kind: 'poisson', acts: ['sigmoid', 'relu'] },
    { kind: 'categorical_hinge', acts: ['softmax', 'linear'] },
    { kind: 'hinge', acts: ['linear', 'tanh'] },
  ];
  for (const { kind, acts } of LOSSES) {
    for (const [rows, cols] of [[1, 1], [1, 10], [7, 3], [33, 10]]) {
      for (const act of acts) {
        if (kind === 'sparse_categorical_crossentropy' && cols === 1 && act === 'softmax') continue;
        it(`loss ${kind} ${rows}×${cols} (${act}) with gradient, and metrics`, () => {
          // Predictions as the output activation would give them (probabilities where it matters),
          // with some clipped extremes.
          const raw = uniformArray(rows * cols, rows * 7 + cols, -4, 4);
          const P = pair(raw);
          wasm.activation(act === 'linear' && kind.includes('crossentropy') ? 'sigmoid' : act, P[0], rows, cols);
          gpu.write(P[1], wasm.read(P[0]));
          if (rows * cols > 2) {
            const extremes = new Float32Array([1, 0]);
            wasm.write(P[0], extremes, 1);
            gpu.write(P[1], extremes, 1);
          }
          // Hinge on 0/1 labels (which Keras converts) where rows·cols is even, on ±1 labels otherwise.
          const targetKind = kind === 'categorical_hinge' ? 'categorical_crossentropy' : kind === 'hinge' && (rows * cols) % 2 === 0 ? 'binary_crossentropy' : kind;
          // binary_crossentropy keeps its own targets: where a 0 target meets the forced p = 1, gpu.js'
          // cpu mode clips in float64 (1 − 1e-7) and the Wasm core in float32, about 1% apart in the loss.
          const target = kind === 'binary_crossentropy' ? Float32Array.from(uniformArray(rows * cols, 9, 0, 1), (v) => (v > 0.5 ? 1 : 0)) : lossTargets(targetKind, cols, rows, rows + cols, 1).axon;
          const T = pair(target, kind === 'sparse_categorical_crossentropy' ? 'i32' : 'f32');
          const G = pair(new Float32Array(rows * cols));
          const scale = 1 / rows;
          const lw = wasm.loss(kind, P[0], T[0], rows, cols, G[0], act, scale);
          const lg = gpu.loss(kind, P[1], T[1], rows, cols, G[1], act, scale);
          expectClose([lg], [lw], `loss ${kind}`);
          expectClose(gpu.read(G[1]), wasm.read(G[0]), `loss gradient ${kind}`, 1e-3, 1e-5);
          expectClose([gpu.loss(kind, P[1], T[1], rows, cols, null, act, 1)], [wasm.loss(kind, P[0], T[0], rows, cols, null, act, 1)], 'loss without gradient');
          const metrics: MetricKind[] = kind === 'sparse_categorical_crossentropy' ? ['sparse_categorical_accuracy'] : kind === 'categorical_crossentropy' ? ['categorical_accuracy'] : kind === 'binary_crossentropy' ? ['binary_accuracy'] : [kind];
          for (const m of metrics) expectClose([gpu.metric(m, P[1], T[1], rows, cols)], [wasm.metric(m, P[0], T[0], rows, cols)], `metric ${m}`);
          freeAll(P, T, G);
        });
      }
    }
  }

  const RULES: UpdateRule[] = [
    { kernel: 'sgdUpdate', scalars: [0.1] },
    { kernel: 'momentumUpdate', scalars: [0.05, 0.9, 0] },
    { kernel: 'momentumUpdate', scalars: [0.05, 0.9, 1] },
    { kernel: 'rmspropUpdate', scalars: [0.01, 0.9, 0, 1e-7, 0] },
    { kernel: 'rmspropUpdate', scalars: [0.01, 0.9, 0.5, 1e-7, 1] },
    { kernel: 'adamUpdate', scalars: [0.01, 0.9, 0.999, 1e-7, 1 - 0.9 ** 2, 1 - 0.999 ** 2] },
    { kernel: 'adagradUpdate', scalars: [0.05, 1e-7] },
    // lr, b1, b2, eps, then AdamW's weight decay and alpha; Nadam's u, u_next, their products, b2^t; Adamax's b1^t.
    { kernel: 'adamwUpdate', scalars: [0.01, 0.9, 0.999, 1e-7, 0.004, 0.01 * Math.sqrt(1 - 0.999 ** 2) / (1 - 0.9 ** 2)] },
    { kernel: 'nadamUpdate', scalars: [0.01, 0.9, 0.999, 1e-7, 0.4853, 0.4888, 0.4816 * 0.4853, 0.4816 * 0.4853 * 0.4888, 0.999 ** 2] },
    { kernel: 'adamaxUpdate', scalars: [0.01, 0.9, 0.999, 1e-7, 0.9 ** 2] },
  ];
  for (const rule of RULES) {
    for (const n of [1, 13, 100]) {
      it(`update ${rule.kernel}(${rule.scalars.map((s) => +s.toPrecision(4)).join(', ')}) n=${n}`, () => {
        const W = pair(uniformArray(n, n));
        const slots = [0, 1, 2].map((s) => pair(rule.kernel === 'adagradUpdate' ? new Float32Array(n).fill(0.1) : uniformArray(n, 50 + s, 0, 0.2)));
        for (let step = 0; step < 3; step++) {
          const Gr = pair(uniformArray(n, 100 + step));
          wasm.update(rule, W[0], Gr[0], slots.map((s) => s[0]));
          gpu.update(rule, W[1], Gr[1], slots.map((s) => s[1]));
          freeAll(Gr);
        }
        expectClose(gpu.read(W[1]), wasm.read(W[0]), `weights after ${rule.kernel}`);
        slots.forEach((s, i) => expectClose(gpu.read(s[1]), wasm.read(s[0]), `slot ${i} after ${rule.kernel}`));
        freeAll(W, ...slots);
      });
    }
  }

  it('asynchronous readback (the WebGPU path): readAsync, lossAsync, metricAsync', async () => {
    const rows = 9, cols = 4;
    const P = pair(uniformArray(rows * cols, 77, 0.01, 1));
    wasm.activation('softmax', P[0], rows, cols);
    gpu.activation('softmax', P[1], rows, cols);
    const T = pair(labels(rows, cols, 78), 'i32');
    const G = pair(new Float32Array(rows * cols));
    expectClose(await gpu.readAsync(P[1], 5, 2), wasm.read(P[0], 5, 2), 'readAsync');
    const lg = await gpu.lossAsync('sparse_categorical_crossentropy', P[1], T[1], rows, cols, G[1], 'softmax', 1 / rows);
    const lw = wasm.loss('sparse_categorical_crossentropy', P[0], T[0], rows, cols, G[0], 'softmax', 1 / rows);
    expectClose([lg], [lw], 'lossAsync');
    expectClose(gpu.read(G[1]), wasm.read(G[0]), 'lossAsync gradient', 1e-3, 1e-5);
    expect(await gpu.metricAsync('sparse_categorical_accuracy', P[1], T[1], rows, cols)).toBe(wasm.metric('sparse_categorical_accuracy', P[0], T[0], rows, cols));
    await gpu.flush();
    freeAll(P, T, G);
  });

  it('memoryBytes', () => {
    const X = pair(uniformArray(10, 4));
    const before = gpu.memoryBytes();
    const extra = gpu.alloc(1000);
    expect(gpu.memoryBytes()).toBe(before + 4000);
    gpu.free(extra);
    expect(gpu.memoryBytes()).toBe(before);
    expect(() => gpu.read(extra)).toThrow(/freed/);
    freeAll(X);
  });
});
