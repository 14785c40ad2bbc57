// The core's activation, loss and metric kernels at their edges, against float64 transcriptions
// of tfjs' formulas: probabilities exactly on, just inside and just outside the 1e-7 clipping
// bounds (tfjs' clipByValue passes the gradient where min ≤ x ≤ max, bounds included), logits
// large enough to overflow exp without the max shift, outputs exactly 0 for relu and exactly 0.5
// for the binary threshold, argmax ties, and sizes that leave SIMD tails.
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, ready } from '../src/index.js';
import type { ActivationName } from '../src/index.js';
import type { Backend, LossKind, MetricKind } from '../src/backends/backend.js';
import { closeness, uniformArray } from './helpers/random-data.js';

const f32 = Math.fround;
const EPS = f32(1e-7);
const ONE_MINUS_EPS = f32(1 - 1e-7);
const inRange = (v: number): boolean => v >= EPS && v <= ONE_MINUS_EPS;
const clip = (v: number): number => Math.min(Math.max(v, EPS), ONE_MINUS_EPS);

/** The float32 value next to v, towards +∞ (`up`) or towards 0 and below (`down`); v ≥ 0. */
function adjacent(v: number, direction: 'up' | 'down'): number {
  const bits = new Int32Array(new Float32Array([v]).buffer);
  bits[0]! += direction === 'up' ? 1 : -1;
  return new Float32Array(bits.buffer)[0]!;
}
const nextUp = (v: number): number => adjacent(v, 'up');
const nextDown = (v: number): number => adjacent(v, 'down');

let backend: Backend;
beforeAll(async () => {
  await ready();
  backend = getBackend();
});

function withBuffers<T>(arrays: (Float32Array | Int32Array)[], run: (buffers: ReturnType<Backend['alloc']>[]) => T): T {
  const buffers = arrays.map((a) => backend.alloc(a.length, a instanceof Int32Array ? 'i32' : 'f32'));
  buffers.forEach((b, i) => backend.write(b, arrays[i]!));
  try {
    return run(buffers);
  } finally {
    buffers.forEach((b) => backend.free(b));
  }
}

function runLoss(kind: LossKind, p: Float32Array, y: Float32Array | Int32Array, rows: number, cols: number, scale: number, activation: ActivationName = 'linear'): { loss: number; grad: Float32Array } {
  const n = rows * cols;
  // The gradient buffer runs on past the matrix into a guard that the kernel must not touch.
  const grad = new Float32Array(n + 8).fill(-7);
  return withBuffers([p, y, grad], ([pb, yb, gb]) => {
    const loss = backend.loss(kind, pb!, yb!, rows, cols, gb!, activation, scale);
    const out = backend.read(gb!);
    expect(Array.from(out.subarray(n)), 'guard after the gradient').toEqual(Array.from(grad.subarray(n)));
    return { loss, grad: out.subarray(0, n) };
  });
}

describe('activations forward and backward', () => {
  const sizes: [number, number][] = [[1, 1], [1, 3], [3, 5], [2, 7], [5, 9]];
  const forward: Record<ActivationName, (row: number[]) => number[]> = {
    linear: (row) => row,
    relu: (row) => row.map((v) => Math.max(v, 0)),
    sigmoid: (row) => row.map((v) => 1 / (1 + Math.exp(-v))),
    tanh: (row) => row.map(Math.tanh),
    softmax: (row) => {
      const max = Math.max(...row);
      const e = row.map((v) => Math.exp(v - max));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    },
  };
  const backward: Record<ActivationName, (y: number[], d: number[]) => number[]> = {
    linear: (_y, d) => d,
    relu: (y, d) => d.map((v, j) => (y[j]! > 0 ? v : 0)),
    sigmoid: (y, d) => d.map((v, j) => v * y[j]! * (1 - y[j]!)),
    tanh: (y, d) => d.map((v, j) => v * (1 - y[j]! ** 2)),
    softmax: (y, d) => {
      const dot = y.reduce((s, v, j) => s + v * d[j]!, 0);
      return y.map((v, j) => v * d[j]! - dot * v);
    },
  };
  for (const activation of Object.keys(forward) as ActivationName[]) {
    for (const [rows, cols] of sizes) {
      it(`${activation} on ${rows}×${cols}, with large and zero inputs`, () => {
        // Spread up to ±120 (beyond exp's float32 range of 88), every fourth input exactly 0.
        const n = rows * cols;
        const x = uniformArray(n, rows * 31 + cols, -120, 120).map((v, i) => (i % 4 === 1 ? 0 : v));
        const d = uniformArray(n, rows + cols * 7, -2, 2);
        // Each buffer runs on past the matrix into a guard of negative values that no kernel may touch.
        const guard = new Float32Array(8).fill(-7);
        const [y, grad] = withBuffers([Float32Array.of(...x, ...guard), Float32Array.of(...d, ...guard)], ([xb, db]) => {
          backend.activation(activation, xb!, rows, cols);
          const out = backend.read(xb!);
          backend.activationGrad(activation, xb!, db!, rows, cols);
          const back = backend.read(db!);
          expect(Array.from(out.subarray(n)), 'guard after the forward').toEqual(Array.from(guard));
          expect(Array.from(back.subarray(n)), 'guard after the backward').toEqual(Array.from(guard));
          return [out.subarray(0, n), back.subarray(0, n)];
        });
        const expectedY: number[] = [];
        const expectedGrad: number[] = [];
        for (let r = 0; r < rows; r++) {
          const row = Array.from(x.subarray(r * cols, (r + 1) * cols));
          expectedY.push(...forward[activation](row));
          // The backward is fed the kernel's own float32 output, as a layer's backward is.
          expectedGrad.push(...backward[activation](Array.from(y.subarray(r * cols, (r + 1) * cols)), Array.from(d.subarray(r * cols, (r + 1) * cols))));
        }
        expect(y.every(Number.isFinite)).toBe(true);
        expect(closeness(y, expectedY, 1e-5, 1e-7), 'forward').toBeLessThanOrEqual(1);
        expect(closeness(grad, expectedGrad, 1e-5, 1e-6), 'backward').toBeLessThanOrEqual(1);
      });
    }
  }

  it('softmax of logits far apart is exact, not NaN', () => {
    // The largest logit first, second, last and tied: the max shift must see every column.
    const x = new Float32Array([1000, 0, -1000, 0, 1000, -1000, 3, -1000, 1000, 500, 500, -3]);
    const y = withBuffers([x], ([xb]) => {
      backend.activation('softmax', xb!, 4, 3);
      return backend.read(xb!);
    });
    expect(Array.from(y)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.5, 0]);
  });
});

describe('cross-entropy kernels at the clipping bounds', () => {
  // Float64 transcriptions of tfjs-layers' losses and of their autodiff gradients, with the float32
  // roundings that decide which side of a bound a value falls on (the row sum and the quotient).
  function sparseReference(p: Float32Array, t: Float32Array | Int32Array, rows: number, cols: number, scale: number): { loss: number; grad: number[] } {
    let loss = 0;
    const grad: number[] = [];
    for (let r = 0; r < rows; r++) {
      const row = Array.from(p.subarray(r * cols, (r + 1) * cols));
      let s = 0;
      for (const v of row) s = f32(s + clip(v));
      const q = f32(clip(row[t[r]!]!) / s);
      loss -= Math.log(clip(q));
      const m2 = inRange(q) ? 1 : 0;
      row.forEach((v, j) => grad.push(inRange(v) ? ((m2 * ((j === t[r] ? -1 / q : 0) + 1)) / s) * scale : 0));
    }
    return { loss, grad };
  }
  function categoricalReference(p: Float32Array, y: Float32Array | Int32Array, rows: number, cols: number, scale: number): { loss: number; grad: number[] } {
    let loss = 0;
    const grad: number[] = [];
    for (let r = 0; r < rows; r++) {
      const row = Array.from(p.subarray(r * cols, (r + 1) * cols));
      const target = Array.from(y.subarray(r * cols, (r + 1) * cols));
      let s = 0;
      for (const v of row) s = f32(s + v);
      const q = row.map((v) => f32(v / s));
      const unclippedTargetSum = q.reduce((acc, qj, j) => acc + (inRange(qj) ? target[j]! : 0), 0);
      q.forEach((qj, j) => (loss -= target[j]! * Math.log(clip(qj))));
      q.forEach((qj, j) => grad.push((((inRange(qj) ? -target[j]! / qj : 0) + unclippedTargetSum) / s) * scale));
    }
    return { loss, grad };
  }
  function binaryReference(p: Float32Array, y: Float32Array | Int32Array, rows: number, cols: number, scale: number): { loss: number; grad: number[] } {
    let loss = 0;
    const grad: number[] = [];
    for (let r = 0; r < rows; r++) {
      let rowLoss = 0;
      for (let j = 0; j < cols; j++) {
        const v = p[r * cols + j]!;
        const t = y[r * cols + j]!;
        const pc = clip(v);
        rowLoss -= t * Math.log(pc) + (1 - t) * Math.log(1 - pc);
        grad.push(inRange(v) ? ((pc - t) / (pc * (1 - pc))) * (scale / cols) : 0);
      }
      loss += rowLoss / cols;
    }
    return { loss, grad };
  }

  type Reference = (p: Float32Array, y: Float32Array | Int32Array, rows: number, cols: number, scale: number) => { loss: number; grad: number[] };
  function expectMatches(kind: LossKind, reference: Reference, p: Float32Array, y: Float32Array | Int32Array, rows: number, cols: number, scale: number): void {
    const { loss, grad } = runLoss(kind, p, y, rows, cols, scale);
    const expected = reference(p, y, rows, cols, scale);
    expect(closeness([loss], [expected.loss], 1e-6, 0), 'loss').toBeLessThanOrEqual(1);
    expect(closeness(grad, expected.grad, 1e-5, 1e-7), 'gradient').toBeLessThanOrEqual(1);
  }

  // Each row puts one probability on, inside or outside a bound. Rows need not sum to 1: the
  // kernels normalise, as tfjs does.
  const edges = [EPS, nextUp(EPS), nextDown(EPS), ONE_MINUS_EPS, nextDown(ONE_MINUS_EPS), 1, 0, 1e-9, 0.5];

  it('sparse categorical cross-entropy', () => {
    const cols = 3;
    const rows: number[][] = [];
    const labels: number[] = [];
    for (const e of edges) {
      rows.push([e, 0.5, 0.25]); labels.push(0); // the target on the edge
      rows.push([0.3, e, 0.2]); labels.push(0); // another class on the edge
    }
    rows.push([1e-9, 0.9, 0.9]); labels.push(0); // q_t = 1e-7/1.8: clipped, the row's gradient is 0
    rows.push([1.5e-7, 0.9, 0.9]); labels.push(0); // p_t inside its bounds, q_t = 8.3e-8 clipped: still 0
    const p = Float32Array.from(rows.flat());
    const t = Int32Array.from(labels);
    expectMatches('sparse_categorical_crossentropy', sparseReference, p, t, rows.length, cols, 0.5);
  });

  it('categorical cross-entropy', () => {
    const cols = 4;
    const rows: number[][] = [];
    const targets: number[][] = [];
    for (const e of edges) {
      // Rows summing to a power of two keep q = p exactly, so q itself lands on the edge.
      rows.push([e, 0.5, 0.25, 0.25 - e].map(f32)); targets.push([1, 0, 0, 0]);
      rows.push([0.25, e, 0.5, 0.25]); targets.push([0, 0, 1, 0]);
      rows.push([0.1, 0.2, e, 0.3]); targets.push([0.25, 0.25, 0.5, 0]); // soft targets
    }
    const p = Float32Array.from(rows.flat());
    const y = Float32Array.from(targets.flat());
    expectMatches('categorical_crossentropy', categoricalReference, p, y, rows.length, cols, 0.25);
  });

  it('binary cross-entropy', () => {
    const cols = 3;
    const values = edges.flatMap((e) => [e, e, 0.7]);
    const targets = edges.flatMap(() => [1, 0, 1]);
    const rows = edges.length;
    const p = Float32Array.from(values);
    const y = Float32Array.from(targets);
    expectMatches('binary_crossentropy', binaryReference, p, y, rows, cols, 2);
  });
});

describe('regression losses', () => {
  it('mean squared and mean absolute error, with exact zeros (tfjs: |x|′ = −1 at 0)', () => {
    const rows = 3, cols = 5;
    const p = uniformArray(rows * cols, 8, -2, 2);
    const y = p.map((v, i) => (i % 3 === 0 ? v : v + ((i % 5) - 2) * 0.375));
    for (const kind of ['mean_squared_error', 'mean_absolute_error'] as const) {
      const { loss, grad } = runLoss(kind, p, y, rows, cols, 0.5);
      let expectedLoss = 0;
      const expectedGrad: number[] = [];
      for (let r = 0; r < rows; r++) {
        let rowLoss = 0;
        for (let j = 0; j < cols; j++) {
          const d = p[r * cols + j]! - y[r * cols + j]!;
          rowLoss += kind === 'mean_squared_error' ? d * d : Math.abs(d);
          expectedGrad.push(kind === 'mean_squared_error' ? (2 * d * 0.5) / cols : ((d > 0 ? 1 : -1) * 0.5) / cols);
        }
        expectedLoss += rowLoss / cols;
      }
      expect(closeness([loss], [expectedLoss], 1e-6, 0), kind).toBeLessThanOrEqual(1);
      expect(closeness(grad, expectedGrad, 1e-5, 1e-7), kind).toBeLessThanOrEqual(1);
    }
  });
});

describe('a loss with the output activation fused into its gradient', () => {
  it('relu: zero where the output is not positive, and nothing written past the last row', () => {
    const rows = 2, cols = 3;
    const outputs = [0.5, 0, -0.25, 1.5, 2, 0.75];
    const targets = Float32Array.from([0, 0.5, 0.5, 1, 1, 1]);
    // The prediction buffer runs on past the matrix with a negative value the kernel must not read.
    const p = Float32Array.from([...outputs, -1]);
    const { grad } = runLoss('mean_squared_error', p, targets, rows, cols, 1, 'relu');
    const expected = outputs.map((v, i) => (v > 0 ? (2 * (v - targets[i]!)) / cols : 0));
    expect(closeness(grad, expected, 1e-6, 1e-7)).toBeLessThanOrEqual(1);
  });
});

describe('accuracy kernels', () => {
  function metric(kind: MetricKind, p: number[], y: Float32Array | Int32Array, rows: number, cols: number): number {
    return withBuffers([Float32Array.from(p), y], ([pb, yb]) => backend.metric(kind, pb!, yb!, rows, cols));
  }

  it('sparse categorical accuracy: the first of tied maxima wins, as tf.argMax', () => {
    const p = [0.2, 0.5, 0.5, 0.1, 0.7, 0.1, 0.9, 0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 0.1, 0.4];
    // Rows: tie of 1 and 2 (label 1 hits), clear 1 (label 2 misses), clear 0 (label 0 hits),
    // all tied (label 2 misses), tie of 0 and 2 (label 0 hits).
    expect(metric('sparse_categorical_accuracy', p, Int32Array.from([1, 2, 0, 2, 0]), 5, 3)).toBe(3);
    expect(metric('sparse_categorical_accuracy', [0.1, 0.2, 0.3, 0.4, 0.9], Int32Array.from([4]), 1, 5)).toBe(1);
    expect(metric('sparse_categorical_accuracy', [0.9, 0.2, 0.3, 0.4, 0.1], Int32Array.from([0]), 1, 5)).toBe(1);
  });

  it('categorical accuracy compares first arg-maxima of prediction and target', () => {
    const p = [0.2, 0.5, 0.5, 0.6, 0.2, 0.2, 0.1, 0.1, 0.8];
    const y = Float32Array.from([0, 1, 0, 0, 0, 1, 0.25, 0.25, 0.5]);
    expect(metric('categorical_accuracy', p, y, 3, 3)).toBe(2);
    expect(metric('categorical_accuracy', [0.1, 0.1, 0.1, 0.7], Float32Array.from([0, 0, 0, 1]), 1, 4)).toBe(1);
  });

  it('binary accuracy thresholds strictly above 0.5 and averages over columns', () => {
    const p = [0.5, nextUp(0.5), 0.2, 0.9, 0.5, 0.49, 0.51];
    const y = Float32Array.from([0, 1, 0, 0, 1, 0, 1]);
    // Row 1: 0.5→0 ✓, 0.50000006→1 ✓, 0.2→0 ✓, 0.9→1 ✗ (3 of 4); row 2 over 3 columns: ✗ ✓ ✓.
    expect(metric('binary_accuracy', p.slice(0, 4), y.slice(0, 4), 1, 4)).toBeCloseTo(0.75, 12);
    expect(metric('binary_accuracy', p.slice(4), y.slice(4), 1, 3)).toBeCloseTo(2 / 3, 12);
  });
});
